// What an onboarding costs the partner's ServiceTitan quota, over the real stack, on a tenant of
// its own (POST /__sandbox/tenants): every verification is still made against ServiceTitan, but a
// catalog read moments ago serves the next step, and submit reads each catalog once for all steps.
// A reused read may only confirm: a refusal is read again, and submit sees what changed since.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { createTenant, type CreatedTenant } from '../../servicetitan/sandbox/seed/new-tenant';
import { newPartner, startAndApprove, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `calls-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey },
  });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

/** ServiceTitan calls the tenant has received so far (the sandbox counts them per tenant and app). */
const callsTo = (tenant: CreatedTenant) => sandbox.state.stats.get(`${tenant.tenantId} ${SMARTAC_APP.name}`)?.requests ?? 0;

async function configuring(): Promise<{ tenant: CreatedTenant; partner: Partner; plans: string[] }> {
  const tenant = createTenant(sandbox.state, { profile: 'hvac', locations: 0, accessMode: 'no_restrictions' });
  const partner = await newPartner(service, tenant.tenantId);
  const plans = [`${partner.partnerId}-gold`];
  const saved = await http(
    service.baseUrl,
    'PUT',
    `/v1/partners/${partner.partnerId}/maintenance-plans`,
    { plans: [{ id: plans[0], name: 'Gold' }] },
    partner.headers,
  );
  expect(saved.status).toBe(200);
  await startAndApprove(service, partner);
  return { tenant, partner, plans };
}

describe('ServiceTitan calls per onboarding', () => {
  it('goes from credentials to ACTIVE in at most 20 calls, each phase as planned', async () => {
    const { tenant, partner, plans } = await configuring();
    const phases: Record<string, number> = {};
    let counted = callsTo(tenant);
    const phase = (name: string) => {
      phases[name] = callsTo(tenant) - counted;
      counted = callsTo(tenant);
    };

    expect((await partner.call('PUT', '/credentials', { clientId: tenant.clientId, clientSecret: tenant.clientSecret })).status).toBe(200);
    phase('credentials');
    const catalog = (await partner.call('GET', '/catalog')).body;
    phase('catalog');
    const jobType = catalog.jobTypes.find((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
    const businessUnitId = jobType.businessUnitIds[0];
    const steps: [string, unknown][] = [
      ['/plan-mappings', { mappings: plans.map((planId) => ({ planId, membershipTypeId: catalog.membershipTypes[0].id })) }],
      [
        '/job-type-mappings',
        { mappings: catalog.tradeConditions.map((tc: { id: string }) => ({ tradeConditionId: tc.id, businessUnitId, jobTypeId: jobType.id })) },
      ],
      ['/comfort-credit-field', { customFieldName: catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Numeric').name }],
      ['/eligible-services', { serviceIds: catalog.services.slice(0, 2).map((s: { id: number }) => s.id) }],
      ['/tag', { tagName: 'SmartAC.com' }],
      ['/campaign', { campaignId: catalog.campaigns[0].id }],
      ['/capacity-scheduling', { enabled: true, businessUnitIds: [businessUnitId] }],
    ];
    for (const [path, body] of steps) expect({ path, status: (await partner.call('PUT', path, body)).status }).toEqual({ path, status: 200 });
    phase('steps');
    expect((await partner.call('POST', '/submit')).body.status).toBe('ACTIVE');
    phase('submit');

    // Credentials: one read per API area, five of them whole catalogs. Catalog: the two lists the
    // check did not read. Steps: only capacity is new. Submit: each catalog once, afresh (8), and
    // the first tagging pass of the live integration may already have run (1).
    expect({ ...phases, submit: undefined }).toEqual({ credentials: 7, catalog: 2, steps: 1, submit: undefined });
    expect(phases['submit']).toBeGreaterThanOrEqual(8);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    phase('first sync passes');
    expect(phases['submit']! + phases['first sync passes']!).toBe(9);
    expect(Object.values(phases).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
  });

  it('reads a refusal again: a tag created in ServiceTitan after the catalog was read is found', async () => {
    const { tenant, partner } = await configuring();
    expect((await partner.call('PUT', '/credentials', { clientId: tenant.clientId, clientSecret: tenant.clientSecret })).status).toBe(200);
    expect((await partner.call('GET', '/catalog')).status).toBe(200);
    const missing = await partner.call('PUT', '/tag', { tagName: 'SmartAC Partner' });
    expect(missing.body.error).toMatchObject({ code: 'tag_type_not_found', step: 'tag' });

    const data = sandbox.state.tenants.get(tenant.tenantId)!.data;
    const template = data.tagTypes.all()[0]!;
    data.tagTypes.insert({ ...template, id: data.nextId(), name: 'SmartAC Partner', code: 'SMARTAC-P', active: true });
    const found = await partner.call('PUT', '/tag', { tagName: 'SmartAC Partner' });
    expect(found.status).toBe(200);
    expect(found.body.steps.tag).toMatchObject({ status: 'verified', resolved: { tagName: 'SmartAC Partner' } });
  });

  it('refuses inactive and unknown pricebook services, whether the pricebook was read a moment ago or not', async () => {
    const { tenant, partner } = await configuring();
    expect((await partner.call('PUT', '/credentials', { clientId: tenant.clientId, clientSecret: tenant.clientSecret })).status).toBe(200);
    const services = sandbox.state.tenants.get(tenant.tenantId)!.data.services.all();
    const retired = services.find((s) => !s.active)!;
    const active = services.find((s) => s.active)!;
    const inactive = await partner.call('PUT', '/eligible-services', { serviceIds: [active.id, retired.id] });
    expect(inactive.body.error).toMatchObject({ code: 'service_inactive', details: { serviceIds: [retired.id] } });
    const unknown = await partner.call('PUT', '/eligible-services', { serviceIds: [active.id, 999_999_999] });
    expect(unknown.body.error).toMatchObject({ code: 'service_not_found', details: { serviceIds: [999_999_999] } });
    const chosen = await partner.call('PUT', '/eligible-services', { serviceIds: [active.id] });
    expect(chosen.body.steps.eligibleServices).toMatchObject({ status: 'verified', resolved: { services: [{ serviceId: active.id, code: active.code }] } });
  });

  it('submit reads afresh: a membership type made inactive after its step was verified stops the go-live', async () => {
    const { tenant, partner, plans } = await configuring();
    expect((await partner.call('PUT', '/credentials', { clientId: tenant.clientId, clientSecret: tenant.clientSecret })).status).toBe(200);
    const catalog = (await partner.call('GET', '/catalog')).body;
    const membershipTypeId = catalog.membershipTypes[0].id;
    const jobType = catalog.jobTypes.find((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
    const steps: [string, unknown][] = [
      ['/plan-mappings', { mappings: plans.map((planId) => ({ planId, membershipTypeId })) }],
      [
        '/job-type-mappings',
        {
          mappings: catalog.tradeConditions.map((tc: { id: string }) => ({
            tradeConditionId: tc.id,
            businessUnitId: jobType.businessUnitIds[0],
            jobTypeId: jobType.id,
          })),
        },
      ],
      ['/comfort-credit-field', { customFieldName: 'Comfort Credits' }],
      ['/eligible-services', { serviceIds: [catalog.services[0].id] }],
      ['/tag', { tagName: 'SmartAC.com' }],
    ];
    for (const [path, body] of steps) expect({ path, status: (await partner.call('PUT', path, body)).status }).toEqual({ path, status: 200 });

    sandbox.state.tenants.get(tenant.tenantId)!.data.membershipTypes.update(membershipTypeId, (row) => ({ ...row, active: false }));
    const refused = await partner.call('POST', '/submit');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'membership_type_inactive', step: 'planMappings' });
    const state = (await partner.call('GET', '')).body;
    expect(state.status).toBe('CONFIGURING');
    expect(state.steps.planMappings).toMatchObject({ status: 'failed', error: { code: 'membership_type_inactive' } });
  });

  it('submit refuses credentials revoked since they were verified, once, for the credentials', async () => {
    const { tenant, partner, plans } = await configuring();
    expect((await partner.call('PUT', '/credentials', { clientId: tenant.clientId, clientSecret: tenant.clientSecret })).status).toBe(200);
    const catalog = (await partner.call('GET', '/catalog')).body;
    const jobType = catalog.jobTypes.find((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
    const steps: [string, unknown][] = [
      ['/plan-mappings', { mappings: plans.map((planId) => ({ planId, membershipTypeId: catalog.membershipTypes[0].id })) }],
      [
        '/job-type-mappings',
        {
          mappings: catalog.tradeConditions.map((tc: { id: string }) => ({
            tradeConditionId: tc.id,
            businessUnitId: jobType.businessUnitIds[0],
            jobTypeId: jobType.id,
          })),
        },
      ],
      ['/comfort-credit-field', { customFieldName: 'Comfort Credits' }],
      ['/eligible-services', { serviceIds: [catalog.services[0].id] }],
      ['/tag', { tagName: 'SmartAC.com' }],
    ];
    for (const [path, body] of steps) expect({ path, status: (await partner.call('PUT', path, body)).status }).toEqual({ path, status: 200 });

    sandbox.state.connections.find((c) => c.clientId === tenant.clientId)!.credentialsRevoked = true;
    const refused = await partner.call('POST', '/submit');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_credentials', step: 'credentials' });
    expect((await partner.call('GET', '')).body.status).toBe('CONFIGURING');
  });
});
