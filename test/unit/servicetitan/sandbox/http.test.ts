import { startSandbox, type RunningSandbox } from '../../../../servicetitan/sandbox/server';
import {
  DESERT_SUN_BOOKING_PROVIDER_ID,
  LIMITED_APP,
  SEED_TENANT_IDS,
  SMARTAC_APP,
  sandboxCredentials,
} from '../../../../servicetitan/sandbox/seed/credentials';
import { http, requestToken, session } from '../support/sandbox-session';

const HVAC = SEED_TENANT_IDS.hvac;
const base = (module: string, tenantId: number = HVAC) => `/${module}/v2/tenant/${tenantId}`;
const frozen = Date.parse('2025-06-02T15:30:00Z');

describe('ServiceTitan sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  let now: number;

  beforeEach(async () => {
    now = frozen;
    sandbox = await startSandbox({ clock: () => now, exportBatchSize: 40 });
  });
  afterEach(() => sandbox.close());

  describe('token endpoint', () => {
    it('issues 900-second bearer tokens for client credentials', async () => {
      const { clientId, clientSecret } = sandboxCredentials(HVAC);
      const answer = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ expires_in: 900, token_type: 'Bearer', access_token: expect.any(String) });
    });

    it('answers like an OAuth server to wrong secrets and grants', async () => {
      const { clientId } = sandboxCredentials(HVAC);
      expect(await requestToken(sandbox, { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' })).toMatchObject({
        status: 400,
        body: { error: 'invalid_client' },
      });
      expect(await requestToken(sandbox, { grant_type: 'password', client_id: clientId })).toMatchObject({
        status: 400,
        body: { error: 'unsupported_grant_type' },
      });
    });
  });

  describe('authentication and access', () => {
    it('refuses calls without a valid token or app key', async () => {
      const noToken = await http(`${sandbox.url}${base('settings')}/business-units`, { headers: { 'st-app-key': SMARTAC_APP.appKey } });
      expect(noToken.status).toBe(401);
      expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      const { call } = await session(sandbox, HVAC);
      expect(await call('GET', `${base('settings')}/business-units`, { headers: { 'st-app-key': 'ak1.unknown' } })).toMatchObject({
        status: 401,
        body: { title: 'Missing or invalid ST-App-Key header' },
      });
      expect((await call('GET', `${base('settings')}/business-units`, { headers: { 'st-app-key': LIMITED_APP.appKey } })).status).toBe(401);
    });

    it('expires tokens after 900 seconds on the sandbox clock, and revokes them on request', async () => {
      const first = await session(sandbox, HVAC);
      now += 899_000;
      expect((await first.call('GET', `${base('settings')}/tag-types`)).status).toBe(200);
      now += 1_000;
      expect((await first.call('GET', `${base('settings')}/tag-types`)).status).toBe(401);

      const second = await session(sandbox, HVAC);
      const { clientId } = sandboxCredentials(HVAC);
      expect(await http(`${sandbox.url}/__sandbox/tenants/${HVAC}/apps/${clientId}/revoke-tokens`, { method: 'POST' })).toMatchObject({
        status: 200,
        body: { revoked: 1 },
      });
      expect((await second.call('GET', `${base('settings')}/tag-types`)).status).toBe(401);
    });

    it('answers 403 per tenant access mode and per app scope', async () => {
      const hvac = await session(sandbox, HVAC);
      expect(await hvac.call('GET', `${base('settings', SEED_TENANT_IDS.plumbing)}/tag-types`)).toMatchObject({
        status: 403,
        body: { title: 'Access token was issued for another tenant' },
      });

      const notConnected = await session(sandbox, SEED_TENANT_IDS.notConnected);
      expect(await notConnected.call('GET', `${base('crm', SEED_TENANT_IDS.notConnected)}/customers`)).toMatchObject({
        status: 403,
        body: { title: 'Application is not connected to this tenant' },
      });

      const limited = await session(sandbox, HVAC, LIMITED_APP.appKey);
      expect((await limited.call('GET', `${base('crm')}/customers`)).status).toBe(200);
      expect(await limited.call('GET', `${base('memberships')}/membership-types`)).toMatchObject({
        status: 403,
        body: { title: 'Insufficient scope: tn.mem.membershiptypes:r', errors: { scope: ['tn.mem.membershiptypes:r'] } },
      });
    });

    it('limits an app restricted to a booking provider to that provider’s bookings', async () => {
      const tenant = SEED_TENANT_IDS.bookingProviderOnly;
      const restricted = await session(sandbox, tenant);
      const title = 'Application access is restricted to a booking provider';
      expect(await restricted.call('GET', `${base('crm', tenant)}/bookings`)).toMatchObject({ status: 403, body: { title } });
      expect(await restricted.call('GET', `${base('settings', tenant)}/business-units`)).toMatchObject({ status: 403, body: { title } });
      expect(await restricted.call('GET', `${base('crm', tenant)}/booking-provider/${DESERT_SUN_BOOKING_PROVIDER_ID + 1}/bookings`)).toMatchObject({
        status: 403,
        body: { title },
      });
      const own = await restricted.call('POST', `${base('crm', tenant)}/booking-provider/${DESERT_SUN_BOOKING_PROVIDER_ID}/bookings`, {
        body: { source: 'SmartAC.com', name: 'Ana Ruiz', summary: 'AC tune-up', isFirstTimeClient: true, externalId: 'smartac-1' },
      });
      expect(own).toMatchObject({ status: 200, body: { status: 'New', bookingProviderId: DESERT_SUN_BOOKING_PROVIDER_ID, externalId: 'smartac-1' } });
    });

    it('throttles the 61st request in a second with 429 and Retry-After', async () => {
      const { call } = await session(sandbox, HVAC);
      const statuses: number[] = [];
      for (let i = 0; i < 61; i += 1) statuses.push((await call('GET', `${base('settings')}/tag-types?pageSize=1`)).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(60);
      const throttled = await call('GET', `${base('settings')}/tag-types?pageSize=1`);
      expect(throttled).toMatchObject({ status: 429, body: { title: 'Too Many Requests' } });
      expect(throttled.headers.get('retry-after')).toBe('1');
      now += 1_000;
      expect((await call('GET', `${base('settings')}/tag-types?pageSize=1`)).status).toBe(200);
      const stats = await http(`${sandbox.url}/__sandbox/stats`);
      expect(stats.body).toEqual([{ key: `${HVAC} SmartAC.com`, requests: 63, throttled: 2 }]);
    });
  });

  describe('paths, parameters and bodies', () => {
    it('distinguishes unknown paths, wrong methods and documented operations it does not serve', async () => {
      const { call } = await session(sandbox, HVAC);
      expect((await call('GET', `${base('crm')}/nothing-here`)).status).toBe(404);
      expect((await call('PUT', `${base('crm')}/locations/1`)).status).toBe(405);
      expect((await call('GET', `${base('crm')}/leads`)).status).toBe(403);
      expect(await call('GET', `${base('crm')}/customers/1/notes`)).toMatchObject({
        status: 501,
        body: { errors: { operation: [expect.stringContaining('Customers_GetNotes')] } },
      });
      expect(await call('GET', `${base('crm')}/customers?phone=5550100`)).toMatchObject({
        status: 501,
        body: { errors: { query: [expect.stringContaining('phone')] } },
      });
    });

    it('validates parameters and bodies against the OpenAPI document', async () => {
      const { call } = await session(sandbox, HVAC);
      expect(await call('GET', `${base('crm')}/customers?page=first`)).toMatchObject({ status: 400, body: { errors: { 'query/page': ['must be integer'] } } });
      const location = (await call('GET', `${base('crm')}/locations?pageSize=1`)).body as { data: { id: number }[] };
      const patch = await call('PATCH', `${base('crm')}/locations/${location.data[0]?.id}`, { body: { customFields: [{ typeId: 1 }] } });
      expect(patch).toMatchObject({
        status: 400,
        body: { title: 'One or more validation errors occurred.', errors: { 'body/customFields/0': [expect.stringContaining('value')] } },
      });
      expect((await call('GET', `${base('crm')}/customers?pageSize=5001`)).status).toBe(400);
    });

    it('pages lists the way ServiceTitan does', async () => {
      const { call } = await session(sandbox, HVAC);
      const first = await call('GET', `${base('crm')}/customers?pageSize=10&includeTotal=true`);
      expect(first.body).toMatchObject({ page: 1, pageSize: 10, hasMore: true, totalCount: 36 });
      const last = await call('GET', `${base('crm')}/customers?pageSize=10&page=4`);
      expect(last.body).toMatchObject({ page: 4, hasMore: false, totalCount: null, data: expect.any(Array) });
      expect((last.body as { data: unknown[] }).data).toHaveLength(6);
      const sorted = (await call('GET', `${base('crm')}/customers?pageSize=100&sort=-Id`)).body as { data: { id: number }[] };
      const ids = sorted.data.map((c) => c.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('feeds exports in batches and resumes after later changes only', async () => {
      const { call } = await session(sandbox, HVAC);
      let from: string | undefined;
      let seen = 0;
      for (let more = true; more;) {
        const batch = (await call('GET', `${base('crm')}/export/locations${from ? `?from=${encodeURIComponent(from)}` : ''}`)).body as {
          hasMore: boolean;
          continueFrom: string;
          data: unknown[];
        };
        seen += batch.data.length;
        from = batch.continueFrom;
        more = batch.hasMore;
      }
      expect(seen).toBe(sandbox.state.tenants.get(HVAC)?.data.locations.all().length);
      const location = sandbox.state.tenants.get(HVAC)?.data.locations.all()[3];
      await call('PATCH', `${base('crm')}/locations/${location?.id}`, { body: { name: 'Renamed' } });
      const changes = (await call('GET', `${base('crm')}/export/locations?from=${encodeURIComponent(from ?? '')}`)).body;
      expect(changes).toMatchObject({ hasMore: false, data: [{ id: location?.id, name: 'Renamed' }] });
    });
  });

  describe('admin API', () => {
    it('lists tenants with working credentials and access modes', async () => {
      const tenants = (await http(`${sandbox.url}/__sandbox/tenants`)).body as {
        id: number;
        apps: { clientId: string; clientSecret: string; appKey: string; accessMode: string }[];
      }[];
      expect(tenants.map((t) => [t.id, t.apps.map((a) => a.accessMode)])).toEqual([
        [HVAC, ['no_restrictions', 'no_restrictions']],
        [SEED_TENANT_IDS.plumbing, ['no_restrictions']],
        [SEED_TENANT_IDS.bookingProviderOnly, ['booking_provider']],
        [SEED_TENANT_IDS.notConnected, ['not_connected']],
      ]);
      const app = tenants[1]?.apps[0];
      const token = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: app?.clientId ?? '', client_secret: app?.clientSecret ?? '' });
      expect(token.status).toBe(200);
    });

    it('changes access modes, injects faults, advances the clock and resets', async () => {
      const { clientId } = sandboxCredentials(HVAC);
      const hvac = await session(sandbox, HVAC);
      await http(`${sandbox.url}/__sandbox/tenants/${HVAC}/apps/${clientId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessMode: 'not_connected' }),
      });
      expect((await hvac.call('GET', `${base('crm')}/customers`)).status).toBe(403);

      const rule = await http(`${sandbox.url}/__sandbox/faults/rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operationId: 'Customers_GetList', status: 503, times: 1 }),
      });
      expect(rule).toMatchObject({ status: 201, body: { id: 1, applied: 0 } });
      expect((await hvac.call('GET', `${base('crm')}/customers`)).status).toBe(503);

      expect(
        await http(`${sandbox.url}/__sandbox/clock/advance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seconds: 901 }),
        }),
      ).toMatchObject({ status: 200, body: { now: new Date(frozen + 901_000).toISOString() } });
      expect((await hvac.call('GET', `${base('crm')}/customers`)).status).toBe(401);

      expect((await http(`${sandbox.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
      const fresh = await session(sandbox, HVAC);
      expect((await fresh.call('GET', `${base('crm')}/customers`)).status).toBe(200);
      expect((await http(`${sandbox.url}/__sandbox/faults`)).body).toMatchObject({ rules: [] });
    });

    it('refuses malformed admin requests', async () => {
      const bad = await http(`${sandbox.url}/__sandbox/faults/rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 200 }),
      });
      expect(bad.status).toBe(400);
      expect((await http(`${sandbox.url}/__sandbox/tenants/${HVAC}/records/secrets`)).status).toBe(404);
      expect((await http(`${sandbox.url}/__sandbox/tenants/${HVAC}/writes?kind=everything`)).status).toBe(400);
    });

    it('can be switched off', async () => {
      const quiet = await startSandbox({ adminApi: false });
      try {
        expect((await http(`${quiet.url}/__sandbox/tenants`)).status).toBe(404);
      } finally {
        await quiet.close();
      }
    });
  });
});
