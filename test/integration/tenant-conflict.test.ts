// One ServiceTitan tenant, one owner, over the real stack (API, worker, Temporal dev server,
// Postgres, the sandbox over HTTP): a second partner onboarding a tenant another partner has live
// is flagged for staff (who see the other partner; the partner does not), cannot go live until
// staff decide, and the decision is in the audit trail. The database keeps one live integration
// per tenant without such a decision.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { configureForSubmit, newPartner, onboardToActive, staffToken } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let staff: Record<string, string>;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `tenant-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey },
  });
  staff = { authorization: `Bearer ${await staffToken(service)}` };
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const decide = (partnerId: string, body: unknown, headers = staff) =>
  http(service.baseUrl, 'POST', `/v1/staff/integrations/${partnerId}/tenant-conflict`, body, headers);

describe('two partners onboarding one ServiceTitan tenant', () => {
  it('flags the second for staff, refuses its go-live until staff allow sharing, audits that, then lets it go live', async () => {
    const owner = await newPartner(service, SEED_TENANT_IDS.hvac);
    await onboardToActive(service, owner, { capacity: false });
    const second = await newPartner(service, SEED_TENANT_IDS.hvac);
    await configureForSubmit(service, second, { capacity: false });

    // The partner learns that staff must check its tenant, never which partner holds it.
    const own = await second.call('GET', '');
    expect(own.body).toMatchObject({ status: 'CONFIGURING', tenantConflict: { foundAt: 'start' } });
    expect(own.body.nextAction).toMatch(/staff need to check your ServiceTitan tenant/);
    expect(JSON.stringify(own.body)).not.toContain(owner.partnerId);

    // Staff see the flag and who else holds the tenant; partners cannot read the queue.
    const queue = await http(service.baseUrl, 'GET', '/v1/staff/integrations?status=CONFIGURING', undefined, staff);
    const entry = queue.body.integrations.find((i: { partnerId: string }) => i.partnerId === second.partnerId);
    expect(entry.tenantConflict).toMatchObject({
      flagged: true,
      sharedTenantAllowedBy: null,
      otherPartners: expect.arrayContaining([{ partnerId: owner.partnerId, status: 'ACTIVE' }]),
    });
    expect((await http(service.baseUrl, 'GET', '/v1/staff/integrations', undefined, second.headers)).status).toBe(403);

    // Going live is refused with a clear code that names nobody.
    const refused = await second.call('POST', '/submit');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('tenant_conflict_unresolved');
    expect(JSON.stringify(refused.body)).not.toContain(owner.partnerId);
    expect((await second.call('GET', '')).body.status).toBe('CONFIGURING');

    // The decision is explicit and staff-only.
    const vague = await decide(second.partnerId, { allowSharedTenant: false });
    expect(vague.status).toBe(400);
    expect(vague.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.allowSharedTenant', 'body.note']);
    expect((await decide(second.partnerId, { allowSharedTenant: true, note: 'mine' }, second.headers)).status).toBe(403);
    expect((await decide(owner.partnerId, { allowSharedTenant: true, note: 'nothing to decide' })).body.error.code).toBe('no_tenant_conflict');

    const note = 'franchise: both partners service this tenant (checked with the owner)';
    expect((await decide(second.partnerId, { allowSharedTenant: true, note })).status).toBe(202);
    const decision = await waitFor(
      () => service.db.auditEvent.findFirst({ where: { partnerId: second.partnerId, action: 'tenant.shared_tenant_allowed' } }),
      'decision audited',
    );
    expect(decision).toMatchObject({ actorType: 'STAFF', actorId: 'alice@smartac.com', detail: { note, tenantId: String(SEED_TENANT_IDS.hvac) } });
    const flagged = await service.db.auditEvent.findFirstOrThrow({ where: { partnerId: second.partnerId, action: 'tenant.conflict_flagged' } });
    expect((flagged.detail as { otherPartnerIds: string[] }).otherPartnerIds).toContain(owner.partnerId);

    const live = await second.call('POST', '/submit');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ACTIVE');
    // The staff note (which may name the other partner) stays in the audit trail.
    expect(JSON.stringify(live.body)).not.toContain(note);
    expect(await service.db.integration.findUniqueOrThrow({ where: { partnerId: second.partnerId } })).toMatchObject({
      status: 'ACTIVE',
      tenantConflict: true,
      sharedTenantAllowedBy: 'alice@smartac.com',
    });
    expect((await decide(second.partnerId, { allowSharedTenant: true, note })).body.error.code).toBe('no_tenant_conflict');
  });

  it('keeps at most one live integration per tenant in the database without a staff decision', async () => {
    const tenantId = String(Date.now()).slice(-10);
    const row = async (status: 'ACTIVE' | 'CONFIGURING', allowed = false) => {
      const partnerId = `p-${randomUUID().slice(0, 8)}`;
      await service.db.partner.create({ data: { id: partnerId } });
      return service.db.integration.create({
        data: {
          partnerId,
          status,
          tenantId,
          contactEmail: 'x@y.example',
          prerequisites: {},
          workflowId: `onboarding-${partnerId}`,
          ...(allowed ? { sharedTenantAllowedBy: 'alice@smartac.com', sharedTenantAllowedAt: new Date() } : {}),
        },
      });
    };
    await row('ACTIVE');
    const pending = await row('CONFIGURING');
    await expect(service.db.integration.update({ where: { id: pending.id }, data: { status: 'ACTIVE' } })).rejects.toThrow(/Unique constraint/);
    await expect(row('ACTIVE')).rejects.toThrow(/Unique constraint/);
    await expect(row('ACTIVE', true)).resolves.toMatchObject({ status: 'ACTIVE' });
  });
});
