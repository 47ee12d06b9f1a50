// A client wired for unit tests: scripted fetch, its own token cache, a limiter that records
// penalties instead of waiting, tiny backoff, a controllable clock and a captured log.
import { InMemoryTokenCache, ServiceTitanClient, ServiceTitanError, type RateLimiter, type ServiceTitanClientOptions } from '../../../../servicetitan/client';
import type { ScriptedFetch } from './scripted-fetch';

export const SECRET = 'cs1.unit-test-client-secret';
export const APP_KEY = 'ak1.unit-test-app-key';

export class RecordingLimiter implements RateLimiter {
  acquired: string[] = [];
  penalties: { key: string; ms: number }[] = [];

  async acquire(key: string): Promise<void> {
    this.acquired.push(key);
  }

  async penalize(key: string, retryAfterMs: number): Promise<void> {
    this.penalties.push({ key, ms: retryAfterMs });
  }
}

export interface TestClient {
  client: ServiceTitanClient;
  limiter: RecordingLimiter;
  logs: { level: string; obj: object; msg: string }[];
  clock: { now: number };
}

export function testClient(scripted: ScriptedFetch, overrides: Partial<ServiceTitanClientOptions> = {}): TestClient {
  const limiter = new RecordingLimiter();
  const logs: TestClient['logs'] = [];
  const clock = { now: Date.parse('2025-03-01T12:00:00Z') };
  const log = (level: string) => (obj: object, msg: string) => logs.push({ level, obj, msg });
  const client = new ServiceTitanClient({
    environment: 'integration',
    authBaseUrl: 'https://auth.test',
    apiBaseUrl: 'https://api.test',
    appKey: APP_KEY,
    credentials: { tenantId: '777', clientId: 'cid.unit', clientSecret: SECRET },
    tokenCache: new InMemoryTokenCache(),
    rateLimiter: limiter,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    retryBaseDelayMs: 1,
    fetch: scripted.fetch,
    clock: () => clock.now,
    ...overrides,
  });
  return { client, limiter, logs, clock };
}

/** The ServiceTitanError a call fails with (fails the test if it succeeds or throws something else). */
export async function rejectionOf(call: Promise<unknown>): Promise<ServiceTitanError> {
  const outcome = await call.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof ServiceTitanError)) throw outcome instanceof Error ? outcome : new Error(String(outcome));
  return outcome;
}
