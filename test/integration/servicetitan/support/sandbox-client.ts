// Clients wired to an in-process sandbox over real HTTP, and a small typed wrapper of the
// sandbox's admin API for assertions.
import {
  InMemoryTokenCache,
  ServiceTitanClient,
  TokenBucketRateLimiter,
  type FetchLike,
  type ServiceTitanClientOptions,
} from '../../../../servicetitan/client';
import type { RunningSandbox } from '../../../../servicetitan/sandbox/server';
import { sandboxCredentials, SMARTAC_APP } from '../../../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite, WriteKind } from '../../../../servicetitan/sandbox/writes';

export function sandboxClient(sandbox: RunningSandbox, tenantId: number, overrides: Partial<ServiceTitanClientOptions> = {}): ServiceTitanClient {
  return new ServiceTitanClient({
    environment: 'integration',
    authBaseUrl: sandbox.url,
    apiBaseUrl: sandbox.url,
    appKey: SMARTAC_APP.appKey,
    credentials: overrides.credentials ?? sandboxCredentials(tenantId, overrides.appKey ?? SMARTAC_APP.appKey),
    tokenCache: new InMemoryTokenCache(),
    rateLimiter: new TokenBucketRateLimiter(),
    retryBaseDelayMs: 5,
    ...overrides,
  });
}

/** A fetch that counts token requests (the sandbox does not expose them). */
export function countingFetch(): { fetch: FetchLike; tokenRequests: () => number } {
  let tokens = 0;
  return {
    fetch: (url, init) => {
      if (new URL(url).pathname === '/connect/token') tokens += 1;
      return fetch(url, init);
    },
    tokenRequests: () => tokens,
  };
}

export function admin(sandbox: RunningSandbox) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`);
    if (!response.ok) throw new Error(`admin GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const send = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status}`);
    return response.status === 204 ? undefined : ((await response.json()) as unknown);
  };
  return {
    writes: (tenantId: number, kind?: WriteKind) => get<RecordedWrite[]>(`/tenants/${tenantId}/writes${kind ? `?kind=${kind}` : ''}`),
    record: <T>(tenantId: number, table: string, id: number) => get<T>(`/tenants/${tenantId}/records/${table}/${id}`),
    stats: () => get<{ key: string; requests: number; throttled: number }[]>('/stats'),
    addFault: (rule: Record<string, unknown>) => send('POST', '/faults/rules', rule),
    setFaults: (settings: Record<string, unknown>) => send('PATCH', '/faults', settings),
    advanceClock: (seconds: number) => send('POST', '/clock/advance', { seconds }),
    revokeTokens: (tenantId: number, clientId: string) => send('POST', `/tenants/${tenantId}/apps/${clientId}/revoke-tokens`),
    revokeCredentials: (tenantId: number, clientId: string) => send('POST', `/tenants/${tenantId}/apps/${clientId}/revoke-credentials`),
  };
}
