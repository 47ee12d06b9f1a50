// The first real round trip: HTTP -> Temporal workflow (real dev server) -> activity -> Postgres,
// and the state back through a Temporal query.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { issueToken } from '../../api/auth';
import { onboardingWorkflowId } from '../../workflows/onboarding/types';
import { OnboardingStatusKey, PartnerIdKey, TenantIdKey } from '../../workflows/search-attributes';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

const PATH = (partnerId: string) => `/v1/partners/${partnerId}/integrations/servicetitan`;
const validBody = {
  tenantId: '1234567',
  contactEmail: 'office@coolair.example',
  prerequisites: {
    maintenancePlansInDashboard: true,
    maintenancePlansInServiceTitan: true,
    comfortCreditCustomField: true,
    tagType: true,
    campaignCodes: true,
    adjustableCapacityPlanning: false,
  },
};

let env: TestWorkflowEnvironment;
let service: TestService;
let staff: Record<string, string>;

beforeAll(async () => {
  env = await startTestTemporal();
  service = await startTestService(env, `test-${randomUUID()}`);
  staff = { authorization: `Bearer ${await issueToken({ sub: 'ops@smartac.com', role: 'staff' }, service.config.auth.jwtSecret)}` };
});
afterAll(async () => {
  await service?.stop();
  await env?.teardown();
});

describe('POST/GET /v1/partners/:partnerId/integrations/servicetitan', () => {
  it('starts one onboarding workflow per partner and reads its state by query', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const created = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partnerId, tenantId: '1234567', status: 'AWAITING_REVIEW', contactEmail: 'office@coolair.example' });
    expect(created.headers.get('x-request-id')).toMatch(/.+/);

    const again = await http(service.baseUrl, 'POST', PATH(partnerId), { ...validBody, tenantId: '999' }, staff);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ tenantId: '1234567', startedAt: created.body.startedAt });

    const read = await http(service.baseUrl, 'GET', PATH(partnerId), undefined, staff);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(again.body);

    // Visibility lags a little behind; once the run shows up, it must be the only one.
    const runs = await waitFor(async () => {
      const found = [];
      for await (const wf of env.client.workflow.list({ query: `WorkflowId = '${onboardingWorkflowId(partnerId)}'` })) found.push(wf.runId);
      return found.length > 0 && found;
    }, 'workflow visible');
    expect(runs).toHaveLength(1);
    const description = await env.client.workflow.getHandle(onboardingWorkflowId(partnerId)).describe();
    expect(description.typedSearchAttributes.get(PartnerIdKey)).toBe(partnerId);
    expect(description.typedSearchAttributes.get(TenantIdKey)).toBe('1234567');
    expect(description.typedSearchAttributes.get(OnboardingStatusKey)).toBe('AWAITING_REVIEW');
  });

  it('mirrors the integration and audits the start in Postgres exactly once', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    await http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff);
    await http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff);
    const integration = await waitFor(() => service.db.integration.findUnique({ where: { partnerId }, include: { auditEvents: true } }));
    expect(integration).toMatchObject({ status: 'AWAITING_REVIEW', tenantId: '1234567', workflowId: onboardingWorkflowId(partnerId) });
    // Other tests' partners share this tenant, so a tenant-conflict flag may follow: only the start counts here.
    const starts = integration.auditEvents.filter((e) => e.action === 'onboarding.started');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({
      actorType: 'STAFF',
      actorId: 'ops@smartac.com',
      action: 'onboarding.started',
      fromStatus: null,
      toStatus: 'AWAITING_REVIEW',
    });
  });

  it('gives simultaneous starts one run, and 201 only to the request that started it', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 4 }, () => http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.startedAt)).size).toBe(1);
    const integration = await waitFor(() => service.db.integration.findUnique({ where: { partnerId }, include: { auditEvents: true } }));
    expect(integration.auditEvents.filter((e) => e.action === 'onboarding.started')).toHaveLength(1);
  });

  it('answers a start repeated with the same Idempotency-Key as the first time', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const key = { ...staff, 'idempotency-key': `start-${randomUUID()}` };
    const first = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, key);
    const repeated = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, key);
    expect([first.status, repeated.status]).toEqual([201, 201]);
    expect(repeated.body).toEqual(first.body);
    const other = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, { ...staff, 'idempotency-key': `start-${randomUUID()}` });
    expect(other.status).toBe(200);
    expect((await http(service.baseUrl, 'POST', PATH(partnerId), validBody, { ...staff, 'idempotency-key': 'bad key' })).status).toBe(400);
  });

  it('starts a finished onboarding again, as a new run', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const first = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff);
    expect(first.status).toBe(201);
    const rejected = await http(service.baseUrl, 'POST', `/v1/staff/integrations/${partnerId}/reject`, { reason: 'not our partner' }, staff);
    expect(rejected.status).toBe(202);
    const handle = env.client.workflow.getHandle(onboardingWorkflowId(partnerId));
    const finished = await waitFor(async () => {
      const description = await handle.describe();
      return description.status.name === 'COMPLETED' && description;
    }, 'rejected onboarding finished');
    const again = await http(service.baseUrl, 'POST', PATH(partnerId), validBody, staff);
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('AWAITING_REVIEW');
    expect(again.body.startedAt >= first.body.startedAt).toBe(true);
    expect((await handle.describe()).runId).not.toBe(finished.runId);
  });

  it('answers 400 with the zod issue paths for bad input, and starts nothing', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const bad = await http(
      service.baseUrl,
      'POST',
      PATH(partnerId),
      {
        ...validBody,
        tenantId: '12ab',
        prerequisites: { ...validBody.prerequisites, tagType: false },
      },
      staff,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.prerequisites.tagType', 'body.tenantId']);

    const malformed = await http(service.baseUrl, 'POST', PATH(partnerId), '{"tenantId": ', staff);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const badId = await http(service.baseUrl, 'POST', PATH('bad%20id'), validBody, staff);
    expect(badId.status).toBe(400);
    expect(badId.body.error.issues[0].path).toBe('params.partnerId');

    expect((await http(service.baseUrl, 'GET', PATH(partnerId), undefined, staff)).status).toBe(404);
  });

  it('reports liveness and readiness', async () => {
    expect((await http(service.baseUrl, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect(await http(service.baseUrl, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { temporal: 'ok', database: 'ok' } } });
  });
});
