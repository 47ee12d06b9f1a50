// Partners as the dashboard drives them through our HTTP API, for integration tests: a token and
// request helper per partner, staff approval, and the whole guide up to a live integration.
import { randomUUID } from 'node:crypto';
import { issueToken } from '../../api/auth';
import { sandboxCredentials } from '../../servicetitan/sandbox/seed/credentials';
import { http, type ApiTarget } from './service';
import { waitFor } from './wait';

export const integrationPath = (partnerId: string) => `/v1/partners/${partnerId}/integrations/servicetitan`;
export const prerequisites = {
  maintenancePlansInDashboard: true,
  maintenancePlansInServiceTitan: true,
  comfortCreditCustomField: true,
  tagType: true,
  campaignCodes: true,
  adjustableCapacityPlanning: true,
};

export async function staffToken(service: ApiTarget): Promise<string> {
  return issueToken({ sub: 'alice@smartac.com', role: 'staff' }, service.config.auth.jwtSecret);
}

/** A partner with its own token and a request helper for its integration's paths. */
export async function newPartner(service: ApiTarget, tenantId: number) {
  const partnerId = `p-${randomUUID().slice(0, 8)}`;
  const token = await issueToken({ sub: `admin@${partnerId}.example`, role: 'partner', partnerId }, service.config.auth.jwtSecret);
  const headers = { authorization: `Bearer ${token}` };
  const call = (method: string, path: string, body?: unknown) => http(service.baseUrl, method, `${integrationPath(partnerId)}${path}`, body, headers);
  const contactEmail = `office+${partnerId}@coolair.example`;
  return { partnerId, token, headers, call, contactEmail, tenantId: String(tenantId) };
}
export type Partner = Awaited<ReturnType<typeof newPartner>>;

/** What a partner types in: the seeded Client ID and Secret of a sandbox tenant. */
export function clientCredentials(tenantId: number) {
  const { clientId, clientSecret } = sandboxCredentials(tenantId);
  return { clientId, clientSecret };
}

export async function startAndApprove(service: ApiTarget, partner: Partner): Promise<void> {
  const started = await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites });
  expect(started.status).toBe(201);
  const approved = await http(
    service.baseUrl,
    'POST',
    `/v1/staff/integrations/${partner.partnerId}/approve`,
    { note: 'verified tenant' },
    { authorization: `Bearer ${await staffToken(service)}` },
  );
  expect(approved.status).toBe(202);
  await waitFor(async () => (await partner.call('GET', '')).body.status === 'AWAITING_CREDENTIALS', 'approval');
}

/**
 * Submits the integration form. Test partners share the sandbox's few tenants (and, within a test
 * run, one database): when another test's partner holds the tenant, submit is refused with
 * tenant_conflict_unresolved, and staff allow the sharing, as they would for a real shared tenant.
 */
export async function submitSharingTestTenant(service: ApiTarget, partner: Partner) {
  const submitted = await partner.call('POST', '/submit');
  if (submitted.status !== 409 || submitted.body.error?.code !== 'tenant_conflict_unresolved') return submitted;
  const allowed = await http(
    service.baseUrl,
    'POST',
    `/v1/staff/integrations/${partner.partnerId}/tenant-conflict`,
    { allowSharedTenant: true, note: 'test partners share sandbox tenants' },
    { authorization: `Bearer ${await staffToken(service)}` },
  );
  expect(allowed.status).toBe(202);
  await waitFor(async () => (await partner.call('GET', '')).body.tenantConflict?.allowed !== undefined, 'tenant sharing allowed');
  return partner.call('POST', '/submit');
}

/** The catalog choices a test integration uses. */
export interface LiveSetup {
  catalog: Record<string, any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  planIds: string[];
  jobTypeMappings: { tradeConditionId: string; businessUnitId: number; jobTypeId: number }[];
  comfortCreditFieldId: number;
  tagTypeId: number;
  campaignId: number;
}

/** Runs the guide to ACTIVE with the sandbox tenant's seeded choices; capacity scheduling as asked. */
export async function onboardToActive(service: ApiTarget, partner: Partner, options: { capacity: boolean }): Promise<LiveSetup> {
  const setup = await configureForSubmit(service, partner, options);
  expect((await submitSharingTestTenant(service, partner)).body.status).toBe('ACTIVE');
  return setup;
}

/** Runs the guide up to the submit: plans, start, approval, credentials and every step verified. */
export async function configureForSubmit(service: ApiTarget, partner: Partner, options: { capacity: boolean }): Promise<LiveSetup> {
  const planIds = [`${partner.partnerId}-gold`];
  const plans = await http(
    service.baseUrl,
    'PUT',
    `/v1/partners/${partner.partnerId}/maintenance-plans`,
    { plans: [{ id: planIds[0], name: 'Smart Maintenance Gold' }] },
    partner.headers,
  );
  expect(plans.status).toBe(200);
  await startAndApprove(service, partner);
  expect((await partner.call('PUT', '/credentials', clientCredentials(Number(partner.tenantId)))).status).toBe(200);
  const catalog = (await partner.call('GET', '/catalog')).body;
  const withUnits = catalog.jobTypes.filter((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
  const jobTypeMappings = catalog.tradeConditions.map((tc: { id: string }) => ({
    tradeConditionId: tc.id,
    businessUnitId: withUnits[0].businessUnitIds[0],
    jobTypeId: withUnits[0].id,
  }));
  const field = catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Numeric');
  const tag = catalog.tagTypes.find((t: { name: string }) => /smartac/i.test(t.name));
  const campaign = catalog.campaigns.find((c: { name: string }) => /smartac/i.test(c.name)) ?? catalog.campaigns[0];
  const steps: [string, unknown][] = [
    ['/plan-mappings', { mappings: planIds.map((planId) => ({ planId, membershipTypeId: catalog.membershipTypes[0].id })) }],
    ['/job-type-mappings', { mappings: jobTypeMappings }],
    ['/comfort-credit-field', { customFieldName: field.name }],
    ['/eligible-services', { serviceIds: [catalog.services[0].id] }],
    ['/tag', { tagName: tag.name }],
    ['/campaign', { campaignId: campaign.id }],
    ['/capacity-scheduling', options.capacity ? { enabled: true, businessUnitIds: [jobTypeMappings[0].businessUnitId] } : { enabled: false }],
  ];
  for (const [path, body] of steps) {
    const saved = await partner.call('PUT', path, body);
    expect({ path, status: saved.status, error: saved.body.error }).toEqual({ path, status: 200, error: undefined });
  }
  return { catalog, planIds, jobTypeMappings, comfortCreditFieldId: field.id, tagTypeId: tag.id, campaignId: campaign.id };
}
