// Poison input through the real stack (API over a socket, Temporal dev server, worker, Postgres):
// text Postgres cannot store (NUL, an unpaired surrogate) in any free-text field, at any edge,
// is a 400 with the zod path and records nothing; sent straight to the workflow as the Temporal
// UI would, it is refused or recorded as invalid. Either way the onboarding keeps answering: the
// next decision and DELETE work. And an activity whose data Postgres refuses fails for good.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/onboarding/email/mailer';
import { refusingUnstorable, sqlStateOf } from '../../activities/storage-refusal';
import { signEvent } from '../../api/events';
import { OnboardingFailure, STORAGE_REFUSED } from '../../workflows/failures';
import { approveSignal, disconnectUpdate } from '../../workflows/onboarding/messages';
import { onboardingWorkflowId, type AuditEvent } from '../../workflows/onboarding/types';
import { newPartner, prerequisites, staffToken, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { activityDeps } from '../../workers/worker';
import { createServices } from '../../lib/services';
import { createLogger } from '../../lib/logger';

let env: TestWorkflowEnvironment;
let service: TestService;
let staff: Record<string, string>;

beforeAll(async () => {
  env = await startTestTemporal();
  service = await startTestService(env, `poison-${randomUUID()}`);
  staff = { authorization: `Bearer ${await staffToken(service)}` };
});
afterAll(async () => {
  await service?.stop();
  await env?.teardown();
});

const NUL = '\u0000';
const LONE = '\ud800';
const pathsOf = (res: { body: { error: { issues?: { path: string }[] } } }) => res.body.error.issues?.map((i) => i.path);
// Partners here share sandbox tenants, so the tenant check flags them (tenant-conflict.test.ts covers that).
const audit = (partnerId: string) =>
  service.db.auditEvent.findMany({ where: { partnerId, NOT: { action: { startsWith: 'tenant.' } } }, orderBy: { occurredAt: 'asc' } });

async function started(): Promise<Partner> {
  const partner = await newPartner(service, 5550101);
  expect((await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites })).status).toBe(201);
  await waitFor(async () => (await audit(partner.partnerId)).length === 1, 'start audited');
  return partner;
}

/** The onboarding still takes a staff decision and a disconnect, each answered in time. */
async function stillAnswers(partner: Partner): Promise<void> {
  const approved = await http(service.baseUrl, 'POST', `/v1/staff/integrations/${partner.partnerId}/approve`, { note: 'verified' }, staff);
  expect(approved.status).toBe(202);
  await waitFor(async () => (await partner.call('GET', '')).body.status === 'AWAITING_CREDENTIALS', 'approved');
  const disconnected = await partner.call('DELETE', '', { reason: 'done testing' });
  expect([disconnected.status, disconnected.body.status]).toEqual([200, 'DISCONNECTED']);
}

describe('text Postgres cannot store, through the API', () => {
  it('is a 400 with the zod path for staff notes and reasons, and the disconnect reason; nothing is recorded', async () => {
    const partner = await started();
    const cases: [string, string, unknown, string][] = [
      ['POST', `/v1/staff/integrations/${partner.partnerId}/approve`, { note: `ok${NUL}` }, 'body.note'],
      ['POST', `/v1/staff/integrations/${partner.partnerId}/approve`, { note: `ok${LONE}` }, 'body.note'],
      ['POST', `/v1/staff/integrations/${partner.partnerId}/reject`, { reason: `no${NUL}` }, 'body.reason'],
      ['POST', `/v1/staff/integrations/${partner.partnerId}/reject`, { reason: `\udfff no` }, 'body.reason'],
    ];
    for (const [method, path, body, issue] of cases) {
      const res = await http(service.baseUrl, method, path, body, staff);
      expect([path, res.status, res.body.error.code, pathsOf(res)]).toEqual([path, 400, 'invalid_request', [issue]]);
    }
    for (const reason of [`bye${NUL}`, `bye${LONE}`]) {
      const res = await partner.call('DELETE', '', { reason });
      expect([res.status, pathsOf(res)]).toEqual([400, ['body.reason']]);
    }
    // An unstorable Idempotency-Key cannot even be sent as a header; a malformed one is refused.
    const badKey = await http(
      service.baseUrl,
      'DELETE',
      `/v1/partners/${partner.partnerId}/integrations/servicetitan`,
      { reason: 'x' },
      { ...partner.headers, 'idempotency-key': 'has spaces' },
    );
    expect([badKey.status, pathsOf(badKey)]).toEqual([400, ['headers.idempotency-key']]);

    expect((await audit(partner.partnerId)).map((e) => e.action)).toEqual(['onboarding.started']);
    expect((await partner.call('GET', '')).body.status).toBe('AWAITING_REVIEW');
    await stillAnswers(partner);
  });

  it('is a 400 for plan ids and names, and no plan is saved', async () => {
    const partner = await newPartner(service, 5550101);
    const put = (plans: unknown) => http(service.baseUrl, 'PUT', `/v1/partners/${partner.partnerId}/maintenance-plans`, { plans }, partner.headers);
    const bad = [
      [{ id: `gold${NUL}`, name: 'Gold' }, 'body.plans.0.id'],
      [{ id: 'gold', name: `Gold${NUL}` }, 'body.plans.0.name'],
      [{ id: 'gold', name: `Gold${LONE}` }, 'body.plans.0.name'],
    ] as const;
    for (const [plan, issue] of bad) {
      const res = await put([plan]);
      expect([res.status, pathsOf(res)]).toEqual([400, [issue]]);
    }
    expect(await service.db.maintenancePlan.count({ where: { partnerId: partner.partnerId } })).toBe(0);
    expect((await put([{ id: `${partner.partnerId}-gold`, name: 'Gold' }])).status).toBe(200);
  });

  it('is a 400 for an event id or detail from the webhook, and no event is recorded', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const deliver = async (event: Record<string, unknown>) => {
      const raw = JSON.stringify(event);
      return http(service.baseUrl, 'POST', '/v1/events', raw, { 'smartac-signature': signEvent(raw, service.config.secrets.webhookSecret) });
    };
    const alert = (id: string, data: Record<string, unknown>) => ({
      id,
      type: 'hub.alert_raised',
      createdAt: new Date().toISOString(),
      partnerId,
      data: { locationId: 42, hubId: 'hub-1', kind: 'battery_low', detail: 'battery at 12%', ...data },
    });
    const cases = [
      [alert(`evt${NUL}1`, {}), 'body.id'],
      [alert(`evt-${randomUUID()}`, { detail: `low${NUL}` }), 'body.data.detail'],
      [alert(`evt-${randomUUID()}`, { hubId: `hub${LONE}` }), 'body.data.hubId'],
    ] as const;
    for (const [event, issue] of cases) {
      const res = await deliver(event);
      expect([res.status, pathsOf(res)]).toEqual([400, [issue]]);
    }
    expect(await service.db.smartacEvent.count({ where: { partnerId } })).toBe(0);
    // A NUL inside a field the schema drops never reaches the database either: accepted without it.
    const extra = alert(`evt-${randomUUID()}`, { vendorNote: `x${NUL}` });
    expect((await deliver(extra)).status).toBe(202);
    const stored = await service.db.smartacEvent.findUnique({ where: { partnerId_id: { partnerId, id: extra.id } } });
    expect(JSON.stringify(stored?.data)).not.toContain('vendorNote');
  });

  it('is a 400 with params.requestId for a NUL in a path parameter, never a 500', async () => {
    const partner = await newPartner(service, 5550101);
    const res = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/%00`, undefined, partner.headers);
    expect([res.status, pathsOf(res)]).toEqual([400, ['params.requestId']]);
    const surrogate = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/req%ED%A0%80`, undefined, partner.headers);
    expect(surrogate.status).toBe(400);
    const partnerNul = await http(service.baseUrl, 'GET', `/v1/partners/p%00/visits/req-1`, undefined, staff);
    expect([partnerNul.status, pathsOf(partnerNul)]).toEqual([400, ['params.partnerId']]);
  });
});

describe('text Postgres cannot store, sent to the workflow directly (as from the Temporal UI)', () => {
  it('records a signal as invalid and refuses an update before history; the onboarding keeps answering', async () => {
    const partner = await started();
    const handle = env.client.workflow.getHandle(onboardingWorkflowId(partner.partnerId));
    await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', note: `looks good${NUL}` });
    const invalid = await waitFor(
      async () => (await audit(partner.partnerId)).find((e) => e.action === 'review.approve_signal_invalid'),
      'invalid signal audited',
    );
    expect(invalid.detail).toEqual({ issues: [{ path: 'note', message: expect.any(String) }] });

    const refused = await handle
      .executeUpdate(disconnectUpdate, { args: [{ actor: { type: 'PARTNER', id: 'p' }, reason: `bye${NUL}` }] })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(OnboardingFailure.InvalidInput);
    const history = JSON.stringify((await handle.fetchHistory()).events);
    expect(history).not.toContain('bye\\u0000');

    expect((await partner.call('GET', '')).body.status).toBe('AWAITING_REVIEW');
    await stillAnswers(partner);
  });
});

describe('an activity whose data Postgres refuses (real Postgres)', () => {
  // The activities exactly as the worker registers them.
  let activities: ReturnType<typeof createActivities>;
  let close: () => Promise<void>;
  beforeAll(() => {
    const services = createServices(service.config, createLogger('poison-test', 'silent'));
    const mailer = createMailer({ smtpUrl: service.config.smtp.url, from: service.config.smtp.from });
    activities = createActivities(activityDeps(service.config, services, mailer));
    close = async () => {
      mailer.close();
      await services.close();
    };
  });
  afterAll(() => close?.());
  const run = (event: AuditEvent) =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: `onboarding-${event.partnerId}`, runId: randomUUID() },
      activityId: '1',
      activityType: 'recordOnboardingEvent',
    }).run(activities.recordOnboardingEvent, event);
  const event = (partnerId: string, over: Record<string, unknown>): AuditEvent => ({
    partnerId,
    tenantId: '5550101',
    contactEmail: 'office@coolair.example',
    prerequisites: prerequisites as AuditEvent['prerequisites'],
    actor: { type: 'SYSTEM', id: 'test' },
    action: 'test.poison',
    from: null,
    to: 'AWAITING_REVIEW',
    at: new Date().toISOString(),
    ...over,
  });

  it.each([
    ['NUL in a jsonb detail', { detail: { note: `x${NUL}` } }, '22P05'],
    ['NUL in a text column', { actor: { type: 'SYSTEM', id: `a${NUL}` } }, '22021'],
    // "invalid input syntax": jsonb refuses \ud800 without its low half.
    ['a lone surrogate in a jsonb detail', { detail: { note: `x${LONE}` } }, '22P02'],
  ])('fails non-retryably with %s, recording nothing', async (_what, over, sqlState) => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const failure = await run(event(partnerId, over)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: STORAGE_REFUSED, nonRetryable: true, details: [{ sqlState, activity: 'recordOnboardingEvent' }] });
    // The message never quotes the refused value.
    expect((failure as Error).message).not.toContain(NUL);
    expect(await service.db.auditEvent.count({ where: { partnerId } })).toBe(0);
  });

  it.each([
    ['NUL in a jsonb detail', { detail: { note: `x${NUL}` } }, '22P05'],
    ['NUL in a text column', { actor: { type: 'SYSTEM', id: `a${NUL}` } }, '22021'],
    ['a lone surrogate in a jsonb detail', { detail: { note: `x${LONE}` } }, '22P02'],
  ])('fails an event of a running onboarding (the one-statement path) the same way with %s', async (_what, over, sqlState) => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    await run(event(partnerId, {}));
    const failure = await run(event(partnerId, { from: 'AWAITING_REVIEW', to: undefined, action: 'test.step', ...over })).catch((err: unknown) => err);
    expect(failure).toMatchObject({ type: STORAGE_REFUSED, nonRetryable: true, details: [{ sqlState, activity: 'recordOnboardingEvent' }] });
    expect((failure as Error).message).not.toContain(NUL);
    expect(await service.db.auditEvent.count({ where: { partnerId } })).toBe(1);
  });

  it('records an event of a running onboarding once however often its activity is retried, with its snapshot', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    await run(event(partnerId, {}));
    const env = new MockActivityEnvironment({
      workflowExecution: { workflowId: `onboarding-${partnerId}`, runId: 'run-2' },
      activityId: '7',
      activityType: 'recordOnboardingEvent',
    });
    const state = { partnerId, status: 'AWAITING_REVIEW', marker: 'after the step' };
    const step = event(partnerId, {
      from: 'AWAITING_REVIEW',
      to: undefined,
      action: 'test.step',
      detail: { step: 'tag' },
      snapshot: { state, versionAt: new Date().toISOString(), versionSeq: 99 },
    });
    await env.run(activities.recordOnboardingEvent, step);
    await env.run(activities.recordOnboardingEvent, step);
    const events = await service.db.auditEvent.findMany({ where: { partnerId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.detail])).toEqual([
      ['test.poison', null, 'AWAITING_REVIEW', {}],
      ['test.step', 'AWAITING_REVIEW', null, { step: 'tag' }],
    ]);
    expect(events[1]!.integrationId).toBe(events[0]!.integrationId);
    expect((await service.db.integration.findUniqueOrThrow({ where: { partnerId } })).workflowRunId).toBe('run-2');
    expect((await service.db.integrationState.findUniqueOrThrow({ where: { partnerId } })).state).toEqual(state);
  });

  it('leaves a unique-key race retryable and other errors untouched', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    await service.db.partner.create({ data: { id: partnerId } });
    const duplicate = await service.db.partner.create({ data: { id: partnerId } }).catch((err: unknown) => err);
    expect(sqlStateOf(duplicate)).toBe('23505');
    const wrapped = refusingUnstorable({
      dup: async () => {
        throw duplicate;
      },
      plain: async () => {
        throw new Error('boom');
      },
    });
    await expect(wrapped.dup()).rejects.toBe(duplicate);
    await expect(wrapped.plain()).rejects.toThrow('boom');
  });
});
