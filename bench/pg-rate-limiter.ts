// Benchmark: the Postgres-shared ServiceTitan rate limiter with 2 and 4 limiter instances (each
// with its own connection pool, as separate worker processes have):
//   - acquisitions/second on one key at the default rate (DEFAULT_RATE_PER_SECOND): the share is exact however many;
//   - acquisitions/second with no rate to speak of: what the single bucket row can serve;
//   - calls/second to the strict sliding-window sandbox (60/s per app and tenant), and its 429s.
//   npm run build && node dist/bench/pg-rate-limiter.js [acquisitions=250] [calls=300]
// Uses DATABASE_URL (migrated) when set, else a throwaway embedded Postgres. Prints figures; asserts nothing.
import { DEFAULT_BURST, DEFAULT_RATE_PER_SECOND } from '../servicetitan/client/rate-limiter';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { migrate } from '../lib/db/migrator';
import { PgRateLimiter, type PgRateLimiterOptions } from '../lib/pg-rate-limiter';
import { startEmbeddedPostgres } from '../scripts/stack/postgres';
import { freePort } from '../scripts/stack/processes';
import { PROJECT_ROOT } from '../scripts/stack/tools';
import { InMemoryTokenCache, rateLimitKey, ServiceTitanClient } from '../servicetitan/client';
import { startSandbox } from '../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../servicetitan/sandbox/seed/credentials';

const acquisitions = Number(process.argv[2] ?? 250);
const calls = Number(process.argv[3] ?? 300);
const INSTANCES = [2, 4];

interface Instances {
  limiters: PgRateLimiter[];
  close(): Promise<void>;
}

function instances(databaseUrl: string, count: number, options?: PgRateLimiterOptions): Instances {
  const pools = Array.from({ length: count }, () => new Pool({ connectionString: databaseUrl, max: 2 }));
  return { limiters: pools.map((pool) => new PgRateLimiter(pool, options)), close: async () => void (await Promise.all(pools.map((p) => p.end()))) };
}

/** `total` acquisitions on one fresh key, spread evenly over the limiters; returns per second. */
async function acquisitionsPerSecond(limiters: PgRateLimiter[], total: number): Promise<number> {
  const key = `bench:${randomUUID()}`;
  const started = performance.now();
  await Promise.all(Array.from({ length: total }, (_, i) => limiters[i % limiters.length]!.acquire(key)));
  return total / ((performance.now() - started) / 1000);
}

async function sandboxCalls(databaseUrl: string, count: number): Promise<string> {
  const sandbox = await startSandbox();
  const { limiters, close } = instances(databaseUrl, count);
  const tenantId = SEED_TENANT_IDS.hvac;
  const cleanup = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    // A full bucket to start from, whatever an earlier run left.
    await cleanup.query('DELETE FROM rate_limit_buckets WHERE key = $1', [rateLimitKey(SMARTAC_APP.appKey, String(tenantId))]);
    const clients = limiters.map(
      (rateLimiter) =>
        new ServiceTitanClient({
          environment: 'integration',
          authBaseUrl: sandbox.url,
          apiBaseUrl: sandbox.url,
          appKey: SMARTAC_APP.appKey,
          credentials: sandboxCredentials(tenantId),
          tokenCache: new InMemoryTokenCache(),
          rateLimiter,
          maxRetries: 0,
        }),
    );
    await Promise.all(clients.map((c) => c.authenticate()));
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        clients[i % clients.length]!.listTagTypes({ pageSize: 1 })
          .page()
          .catch(() => void (failed += 1)),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const throttled = [...sandbox.state.stats.values()].reduce((sum, s) => sum + s.throttled, 0);
    return `${(calls / seconds).toFixed(1).padStart(6)} calls/s  (${calls} calls in ${seconds.toFixed(2)} s, 429s ${throttled}, failed ${failed})`;
  } finally {
    await cleanup.end();
    await close();
    await sandbox.close();
  }
}

async function withDatabase(run: (databaseUrl: string) => Promise<void>): Promise<void> {
  if (process.env.DATABASE_URL) return run(process.env.DATABASE_URL);
  const root = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port: await freePort() });
  try {
    await postgres.ensureDatabase('bench');
    await migrate(postgres.url('bench'), path.join(PROJECT_ROOT, 'prisma', 'migrations'));
    await run(postgres.url('bench'));
  } finally {
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await withDatabase(async (databaseUrl) => {
    console.log(`Postgres-shared rate limiter (ServiceTitan: 60 rps per app per tenant; limiter default ${DEFAULT_RATE_PER_SECOND}/s, burst ${DEFAULT_BURST})`);
    for (const count of INSTANCES) {
      const limited = instances(databaseUrl, count);
      const atDefault = await acquisitionsPerSecond(limited.limiters, acquisitions).finally(() => limited.close());
      const unlimited = instances(databaseUrl, count, { ratePerSecond: 1e9, burst: 1e9 });
      const capacity = await acquisitionsPerSecond(unlimited.limiters, acquisitions * 8).finally(() => unlimited.close());
      console.log(`${count} instances, one tenant:`);
      console.log(`  default rate     ${atDefault.toFixed(1).padStart(8)} acquisitions/s  (${acquisitions} acquisitions)`);
      console.log(`  unlimited rate   ${capacity.toFixed(1).padStart(8)} acquisitions/s  (${acquisitions * 8} acquisitions: the bucket row's capacity)`);
      console.log(`  sandbox          ${await sandboxCalls(databaseUrl, count)}`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
