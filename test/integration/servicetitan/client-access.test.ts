// Credentials, access modes, scopes, token expiry and revocation, as the client sees them.
import { AccessDeniedError, AppNotConnectedError, InvalidAppKeyError, InvalidCredentialsError, TenantMismatchError } from '../../../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../../../servicetitan/sandbox/server';
import { DESERT_SUN_BOOKING_PROVIDER_ID, LIMITED_APP, SEED_TENANT_IDS, sandboxCredentials } from '../../../servicetitan/sandbox/seed/credentials';
import { admin, countingFetch, sandboxClient } from './support/sandbox-client';

const { hvac: HVAC, plumbing: PLUMBING, bookingProviderOnly: RESTRICTED, notConnected: NOT_CONNECTED } = SEED_TENANT_IDS;

describe('ServiceTitan access through the client', () => {
  let sandbox: RunningSandbox;
  let now: number;

  beforeEach(async () => {
    now = Date.now();
    sandbox = await startSandbox({ clock: () => now });
  });
  afterEach(() => sandbox.close());

  it('grants every area to an app with no restrictions', async () => {
    const report = await sandboxClient(sandbox, HVAC).verifyAccess();
    expect(report).toEqual({ tenantId: String(HVAC), granted: ['settings', 'crm', 'jpm', 'dispatch', 'marketing', 'memberships', 'pricebook'], denied: [] });
  });

  it('names the areas an app lacks scopes for', async () => {
    const report = await sandboxClient(sandbox, HVAC, { appKey: LIMITED_APP.appKey }).verifyAccess();
    expect(report.granted).toEqual(['settings', 'crm', 'jpm', 'pricebook']);
    expect(report.denied.map((d) => [d.area, d.reason])).toEqual([
      ['dispatch', 'insufficient_scope'],
      ['marketing', 'insufficient_scope'],
      ['memberships', 'insufficient_scope'],
    ]);
  });

  it('reports restricted access for an app limited to a booking provider, which can still book there', async () => {
    const client = sandboxClient(sandbox, RESTRICTED);
    const report = await client.verifyAccess();
    expect(report.granted).toEqual([]);
    expect(new Set(report.denied.map((d) => d.reason))).toEqual(new Set(['restricted_to_booking_provider']));
    const booking = await client.createBooking(DESERT_SUN_BOOKING_PROVIDER_ID, {
      source: 'SmartAC.com',
      name: 'Ana Ruiz',
      summary: 'AC check',
      isFirstTimeClient: true,
      externalId: 'smartac-77',
    });
    expect(booking.bookingProviderId).toBe(DESERT_SUN_BOOKING_PROVIDER_ID);
    const denied = await client
      .listBookings()
      .page()
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect((denied as AccessDeniedError).toJSON()).toMatchObject({ area: 'crm', reason: 'restricted_to_booking_provider' });
  });

  it('tells an app that is not connected apart', async () => {
    await expect(sandboxClient(sandbox, NOT_CONNECTED).verifyAccess()).rejects.toBeInstanceOf(AppNotConnectedError);
  });

  it('refuses wrong credentials, a wrong app key and another tenant’s credentials', async () => {
    const wrongSecret = sandboxClient(sandbox, HVAC, { credentials: { ...sandboxCredentials(HVAC), clientSecret: 'cs1.not-the-secret' } });
    await expect(wrongSecret.verifyAccess()).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(
      sandboxClient(sandbox, HVAC, { appKey: 'ak1.not-registered', credentials: sandboxCredentials(HVAC) })
        .listTagTypes()
        .page(),
    ).rejects.toBeInstanceOf(InvalidAppKeyError);
    const mistyped = sandboxClient(sandbox, HVAC, { credentials: { ...sandboxCredentials(HVAC), tenantId: String(PLUMBING) } });
    await expect(mistyped.verifyAccess()).rejects.toBeInstanceOf(TenantMismatchError);
  });

  it('renews an expired token by itself, once', async () => {
    const counter = countingFetch();
    // The client's own clock stays behind, so it learns of the expiry from ServiceTitan's 401.
    const client = sandboxClient(sandbox, HVAC, { fetch: counter.fetch, clock: () => Date.now() });
    await client.listTagTypes().page();
    now += 901_000;
    await client.listTagTypes().page();
    expect(counter.tokenRequests()).toBe(2);
  });

  it('refreshes before expiry when its clock says the token is nearly spent', async () => {
    const counter = countingFetch();
    const client = sandboxClient(sandbox, HVAC, { fetch: counter.fetch, clock: () => now });
    await client.listTagTypes().page();
    now += 850_000;
    await client.listTagTypes().page();
    expect(counter.tokenRequests()).toBe(2);
  });

  it('gets a new token after the tenant revokes tokens, and fails once the secret is revoked', async () => {
    const { clientId } = sandboxCredentials(HVAC);
    const client = sandboxClient(sandbox, HVAC);
    await client.listTagTypes().page();
    await admin(sandbox).revokeTokens(HVAC, clientId);
    await expect(client.listTagTypes().page()).resolves.toMatchObject({ page: 1 });
    await admin(sandbox).revokeCredentials(HVAC, clientId);
    await expect(client.listTagTypes().page()).rejects.toBeInstanceOf(InvalidCredentialsError);
  });
});
