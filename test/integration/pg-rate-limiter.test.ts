// ServiceTitan's limit of 60 requests per second per app per tenant, held across worker processes
// by the Postgres token bucket: two limiters with their own connection pools (as two workers have)
// call the strict sliding-window sandbox, which answers 429 past 60 in any second.
import { DEFAULT_BURST, DEFAULT_RATE_PER_SECOND, JITTER_ALLOWANCE, rateForAllowance } from '../../servicetitan/client/rate-limiter';
import { Pool } from 'pg';
import { PgRateLimiter } from '../../lib/pg-rate-limiter';
import { RateLimitedError, rateLimitKey, type FetchLike, type ServiceTitanClient } from '../../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { admin, sandboxClient } from './servicetitan/support/sandbox-client';

const HVAC = SEED_TENANT_IDS.hvac;
const PLUMBING = SEED_TENANT_IDS.plumbing;

let pools: Pool[];
let workers: PgRateLimiter[];
let sandbox: RunningSandbox;

beforeAll(() => {
  pools = [0, 1].map(() => new Pool({ connectionString: process.env.DATABASE_URL, max: 4 }));
  workers = pools.map((pool) => new PgRateLimiter(pool));
});
afterAll(async () => {
  await Promise.all((pools ?? []).map((pool) => pool.end()));
});
beforeEach(async () => {
  // Every test starts with full buckets and a sandbox that has seen nothing.
  await pools[0]!.query('DELETE FROM rate_limit_buckets WHERE key = ANY($1)', [[HVAC, PLUMBING].map((t) => rateLimitKey(SMARTAC_APP.appKey, String(t)))]);
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

/** One client per worker for `tenantId`; `sentAt` collects when each API request left. */
async function workerClients(tenantId: number, sentAt: number[] = []): Promise<ServiceTitanClient[]> {
  const recordingFetch: FetchLike = (url, init) => {
    if (new URL(url).pathname !== '/connect/token') sentAt.push(performance.now());
    return fetch(url, init);
  };
  const clients = workers.map((rateLimiter) => sandboxClient(sandbox, tenantId, { rateLimiter, maxRetries: 0, fetch: recordingFetch }));
  await Promise.all(clients.map((c) => c.authenticate()));
  return clients;
}

/** `calls` cheap reads as fast as the limiters let them go, alternating between the workers; returns the elapsed ms. */
async function callsSpreadOverWorkers(clients: ServiceTitanClient[], calls: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: calls }, (_, i) => clients[i % clients.length]!.listTagTypes({ pageSize: 1 }).page()));
  return performance.now() - started;
}

/** The most requests that left within any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

describe('PgRateLimiter: one bucket per app and tenant, shared by every worker', () => {
  it('keeps two workers making 300 calls to one tenant under 60 in any second: not a single 429', async () => {
    const sentAt: number[] = [];
    const clients = await workerClients(HVAC, sentAt);

    const elapsed = await callsSpreadOverWorkers(clients, 300);

    expect(await admin(sandbox).stats()).toEqual([{ key: `${HVAC} SmartAC.com`, requests: 300, throttled: 0 }]);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(60);
    // A burst at once, then the default rate between the two of them (each alone could have gone at that rate).
    expect(elapsed).toBeGreaterThan(((300 - DEFAULT_BURST) / DEFAULT_RATE_PER_SECOND) * 1000 * 0.95);
  });

  it('lets another tenant proceed in parallel at full speed', async () => {
    const alone = await callsSpreadOverWorkers(await workerClients(HVAC), 150);

    const [hvac, plumbing] = await Promise.all([workerClients(HVAC), workerClients(PLUMBING)]);
    const together = await Promise.all([callsSpreadOverWorkers(hvac, 150), callsSpreadOverWorkers(plumbing, 150)]);

    // Sharing one bucket would take twice as long; allow for a busy machine.
    for (const elapsed of together) expect(elapsed).toBeLessThan(alone * 1.4);
    expect((await admin(sandbox).stats()).map((s) => s.throttled)).toEqual([0, 0]);
  });

  it("holds every worker back for a 429's Retry-After, for that tenant only", async () => {
    const [first, second] = await workerClients(HVAC);
    const [, otherTenant] = await workerClients(PLUMBING);
    await admin(sandbox).addFault({ tenantId: HVAC, status: 429, retryAfterSeconds: 2, times: 1 });

    // The first worker draws the 429 (no retries here) and puts the shared bucket in debt.
    await expect(first!.listTagTypes({ pageSize: 1 }).page()).rejects.toBeInstanceOf(RateLimitedError);

    const started = performance.now();
    const waited = second!
      .listTagTypes({ pageSize: 1 })
      .page()
      .then(() => performance.now() - started);
    const unaffected = otherTenant!
      .listTagTypes({ pageSize: 1 })
      .page()
      .then(() => performance.now() - started);
    expect(await unaffected).toBeLessThan(500);
    expect(await waited).toBeGreaterThan(1800);
  });

  it('widens the jitter allowance every worker uses after a 429, once however many saw it', async () => {
    const key = rateLimitKey(SMARTAC_APP.appKey, String(HVAC));
    expect(await workers[1]!.inspect(key)).toEqual({ allowanceMs: JITTER_ALLOWANCE.minMs, ratePerSecond: DEFAULT_RATE_PER_SECOND });
    await Promise.all(workers.map((worker) => worker.penalize(key, 10)));
    const widened = await workers[1]!.inspect(key);
    expect(widened.allowanceMs).toBe(2 * JITTER_ALLOWANCE.minMs);
    expect(widened.ratePerSecond).toBeCloseTo(rateForAllowance(2 * JITTER_ALLOWANCE.minMs), 9);
    // Back at the minimum once the last widening is a quiet spell ago.
    await pools[0]!.query(`UPDATE rate_limit_buckets SET widened_at = widened_at - make_interval(secs => $2::float8 / 1000) WHERE key = $1`, [
      key,
      JITTER_ALLOWANCE.quietResetMs,
    ]);
    expect((await workers[0]!.inspect(key)).allowanceMs).toBe(JITTER_ALLOWANCE.minMs);
  });
});
