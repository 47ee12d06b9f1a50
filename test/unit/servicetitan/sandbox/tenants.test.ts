// POST /__sandbox/tenants: a new tenant with SmartAC's app, a profile's catalogs and bulk
// locations, usable at once with the credentials it answers.
import { startSandbox, type RunningSandbox } from '../../../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../../../servicetitan/sandbox/seed/credentials';
import { http, requestToken } from '../support/sandbox-session';

interface Created {
  tenantId: number;
  clientId: string;
  clientSecret: string;
  appKey: string;
  locationCount: number;
}

describe('sandbox tenants made on request', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const create = (body: unknown) =>
    http(`${sandbox.url}/__sandbox/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function caller(created: Created) {
    const token = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
    expect(token.status).toBe(200);
    const bearer = (token.body as { access_token: string }).access_token;
    return (path: string) => http(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${bearer}`, 'st-app-key': created.appKey } });
  }

  it('creates a tenant whose credentials open its catalogs and locations', async () => {
    const answer = await create({ name: 'Bench Air 1', locations: 25, comfortCredits: 40 });
    expect(answer.status).toBe(201);
    const created = answer.body as Created;
    expect(created).toMatchObject({ name: 'Bench Air 1', profile: 'hvac', appKey: SMARTAC_APP.appKey, accessMode: 'no_restrictions', locationCount: 25 });
    expect(Object.values(SEED_TENANT_IDS)).not.toContain(created.tenantId);

    const get = await caller(created);
    const tenant = created.tenantId;
    const items = async (path: string) => {
      const page = await get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      return (page.body as { data: Record<string, unknown>[] }).data;
    };
    // The catalogs a configuration step chooses from, as the seeded HVAC contractor has them.
    expect((await items(`/settings/v2/tenant/${tenant}/business-units`)).length).toBeGreaterThan(0);
    expect((await items(`/settings/v2/tenant/${tenant}/tag-types`)).map((t) => t['name'])).toContain('SmartAC.com');
    expect((await items(`/jpm/v2/tenant/${tenant}/job-types`)).length).toBeGreaterThan(0);
    expect((await items(`/memberships/v2/tenant/${tenant}/membership-types`)).length).toBeGreaterThan(0);
    expect((await items(`/pricebook/v2/tenant/${tenant}/services`)).length).toBeGreaterThan(0);
    expect((await items(`/marketing/v2/tenant/${tenant}/campaigns`)).length).toBeGreaterThan(0);
    const fields = await items(`/crm/v2/tenant/${tenant}/locations/custom-fields`);
    const comfort = fields.find((f) => f['name'] === 'Comfort Credits');
    expect(comfort).toMatchObject({ dataType: 'Numeric' });
    const locations = await items(`/crm/v2/tenant/${tenant}/locations?pageSize=100`);
    expect(locations).toHaveLength(25);
    expect(locations[0]!['customFields']).toEqual([expect.objectContaining({ typeId: comfort!['id'], value: '40' })]);

    // Its token opens this tenant only.
    expect((await get(`/settings/v2/tenant/${SEED_TENANT_IDS.hvac}/business-units`)).status).toBe(403);
    // Listed with the seeded tenants.
    const listed = (await http(`${sandbox.url}/__sandbox/tenants`)).body as { id: number; apps: { clientId: string }[] }[];
    expect(listed.find((t) => t.id === tenant)?.apps.map((a) => a.clientId)).toEqual([created.clientId]);
  });

  it('gives each tenant its own id, credentials and record ids', async () => {
    const [a, b] = [(await create({})).body as Created, (await create({ profile: 'small' })).body as Created];
    expect(b.tenantId).not.toBe(a.tenantId);
    expect(b.clientId).not.toBe(a.clientId);
    const ids = async (created: Created) =>
      ((await (await caller(created))(`/settings/v2/tenant/${created.tenantId}/business-units`)).body as { data: { id: number }[] }).data.map((u) => u.id);
    const [idsA, idsB] = [await ids(a), await ids(b)];
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
  });

  it('connects the app the way it is asked to', async () => {
    const created = (await create({ accessMode: 'not_connected' })).body as Created;
    expect((await (await caller(created))(`/settings/v2/tenant/${created.tenantId}/business-units`)).status).toBe(403);
  });

  it.each([
    [{ locations: -1 }],
    [{ locations: 100_001 }],
    [{ locations: 2.5 }],
    [{ profile: 'bakery' }],
    [{ accessMode: 'everything' }],
    [{ name: '' }],
    [{ tenantId: 42 }],
  ])('refuses %j with 400', async (body) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toEqual(expect.any(String));
  });
});
