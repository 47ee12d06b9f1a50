import { InMemoryTokenCache, InvalidAppKeyError, InvalidCredentialsError } from '../../../servicetitan/client';
import { rejectionOf, testClient, APP_KEY, SECRET } from './support/client';
import { json, page, problem, scriptedFetch } from './support/scripted-fetch';

const ok = () => page([{ id: 1, name: 'HVAC', active: true }]);

describe('ServiceTitan client authentication', () => {
  it('gets a token with client credentials and sends it with the app key on every call', async () => {
    const scripted = scriptedFetch(ok);
    const { client } = testClient(scripted);
    await client.listBusinessUnits({ pageSize: 10 }).page();

    const [tokenCall] = scripted.tokenCalls();
    expect(tokenCall?.method).toBe('POST');
    expect(tokenCall?.url.href).toBe('https://auth.test/connect/token');
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenCall?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'cid.unit',
      client_secret: SECRET,
    });

    const [apiCall] = scripted.apiCalls();
    expect(apiCall?.url.href).toBe('https://api.test/settings/v2/tenant/777/business-units?pageSize=10&page=1');
    expect(apiCall?.headers['authorization']).toBe(`Bearer ${scripted.issued[0]}`);
    expect(apiCall?.headers['st-app-key']).toBe(APP_KEY);
    expect(apiCall?.headers['content-type']).toBeUndefined();
  });

  it('reuses a cached token across calls and clients', async () => {
    const scripted = scriptedFetch(ok);
    const tokenCache = new InMemoryTokenCache();
    const first = testClient(scripted, { tokenCache });
    const second = testClient(scripted, { tokenCache });
    await first.client.listBusinessUnits().page();
    await first.client.listBusinessUnits().page();
    await second.client.listBusinessUnits().page();
    expect(scripted.tokenCalls()).toHaveLength(1);
    expect(scripted.apiCalls()).toHaveLength(3);
  });

  it('asks for one token when many calls need one at once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scripted = scriptedFetch(ok, () => async () => {
      await gate;
      return json(200, { access_token: 'shared-token-123', expires_in: 900, token_type: 'Bearer' });
    });
    const { client } = testClient(scripted);
    const calls = Array.from({ length: 10 }, () => client.listBusinessUnits().page());
    release();
    await Promise.all(calls);
    expect(scripted.tokenCalls()).toHaveLength(1);
    expect(scripted.apiCalls().every((c) => c.headers['authorization'] === 'Bearer shared-token-123')).toBe(true);
  });

  it('refreshes a token that has less than a minute left, before ServiceTitan refuses it', async () => {
    const scripted = scriptedFetch(ok);
    const { client, clock } = testClient(scripted);
    await client.listBusinessUnits().page();
    clock.now += 841_000; // 59 s left of 900
    await client.listBusinessUnits().page();
    expect(scripted.tokenCalls()).toHaveLength(2);
    expect(scripted.apiCalls()[1]?.headers['authorization']).toBe(`Bearer ${scripted.issued[1]}`);
  });

  it('refreshes once after a 401 and retries the call', async () => {
    const scripted = scriptedFetch((_call, n) => (n === 0 ? problem(401, 'Unauthorized') : ok()));
    const { client } = testClient(scripted);
    await expect(client.listBusinessUnits().page()).resolves.toMatchObject({ data: [{ id: 1 }] });
    expect(scripted.tokenCalls()).toHaveLength(2);
    expect(scripted.apiCalls().map((c) => c.headers['authorization'])).toEqual([`Bearer ${scripted.issued[0]}`, `Bearer ${scripted.issued[1]}`]);
  });

  it('gives up after the second 401: the credentials (or the app key) are refused', async () => {
    const refused = testClient(scriptedFetch(() => problem(401, 'Unauthorized')));
    await expect(refused.client.getCustomer(5)).rejects.toBeInstanceOf(InvalidCredentialsError);

    const badKey = scriptedFetch(() => problem(401, 'Missing or invalid ST-App-Key header', { 'ST-App-Key': ['not registered'] }));
    await expect(testClient(badKey).client.getCustomer(5)).rejects.toBeInstanceOf(InvalidAppKeyError);
    expect(badKey.apiCalls()).toHaveLength(2);
  });

  it('reports refused credentials from the token endpoint without echoing the secret', async () => {
    const scripted = scriptedFetch(ok, () => json(400, { error: 'invalid_client' }));
    const { client } = testClient(scripted);
    const error = await rejectionOf(client.authenticate());
    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect(error.message).toContain('invalid_client');
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(scripted.apiCalls()).toHaveLength(0);
  });

  it('waits out a throttled token endpoint and tries again', async () => {
    const scripted = scriptedFetch(ok, (_call, n) =>
      n === 0
        ? json(429, { error: 'too_many_requests' }, { 'retry-after': '0' })
        : json(200, { access_token: 'late-token-1234', expires_in: 900, token_type: 'Bearer' }),
    );
    const { client } = testClient(scripted);
    await client.listBusinessUnits().page();
    expect(scripted.tokenCalls()).toHaveLength(2);
  });

  it('keys cached tokens by secret, so a rotated secret gets its own token', async () => {
    const scripted = scriptedFetch(ok);
    const tokenCache = new InMemoryTokenCache();
    await testClient(scripted, { tokenCache }).client.authenticate();
    await testClient(scripted, {
      tokenCache,
      credentials: { tenantId: '777', clientId: 'cid.unit', clientSecret: 'cs1.rotated-secret-value' },
    }).client.authenticate();
    expect(scripted.tokenCalls()).toHaveLength(2);
  });
});
