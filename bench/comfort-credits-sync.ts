// Benchmark: Comfort Credit sync for a tenant with 20,000 service locations of which a tenth have a
// new balance. syncComfortCredits passes run until nothing waits, with the worker's own wiring
// (Prisma, sealed credentials, the Postgres rate limiter of lib/services.ts), against the sandbox in
// its own process, as ServiceTitan is another host. Prints ServiceTitan calls per write, calls per
// second against ServiceTitan's 60/s limit, elapsed time against the floor (every write at 60/s:
// the baseline), 429s, this process's peak memory, and the jitter the rate limiter's headroom is
// for: how much later than the limiter let it go the sandbox counted each PATCH (min, p50, p99,
// max; the spread is what requests can bunch up by). Asserts nothing.
//   node dist/bench/comfort-credits-sync.js [locations=20000] [changedShare=0.1]
// Uses DATABASE_URL when set (it is migrated first); otherwise a temporary embedded Postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSyncActivities } from '../activities/sync';
import { loadConfig, type Config } from '../lib/config';
import { sealSecret } from '../lib/crypto/secrets';
import { migrate } from '../lib/db/migrator';
import { clientSecretAad } from '../lib/partner-credentials';
import { createDb } from '../lib/db/client';
import { PartnerCredentials } from '../lib/partner-credentials';
import { PgRateLimiter } from '../lib/pg-rate-limiter';
import type { Services } from '../lib/services';
import { Pool } from 'pg';
import { ServiceTitanClient, type Credentials, type FetchLike } from '../servicetitan/client';
import { DEFAULT_BURST, rateLimitKey } from '../servicetitan/client/rate-limiter';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../scripts/stack/postgres';
import { freePort } from '../scripts/stack/processes';
import { PROJECT_ROOT } from '../scripts/stack/tools';
import { sandboxProcess } from './sandbox-process';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../servicetitan/sandbox/seed/credentials';

const LOCATIONS = Number(process.argv[2] ?? 20_000);
const CHANGED_SHARE = Number(process.argv[3] ?? 0.1);
const TENANT = SEED_TENANT_IDS.hvac;
const PARTNER = 'bench-comfort-credits';
const SERVICETITAN_LIMIT_PER_SECOND = 60;
const MB = 1024 * 1024;

async function database(cleanup: (() => Promise<void>)[]): Promise<string> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-'));
    const postgres: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort() });
    cleanup.push(async () => {
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    await postgres.ensureDatabase('bench');
    url = postgres.url('bench');
  }
  await migrate(url, path.join(PROJECT_ROOT, 'prisma', 'migrations'));
  return url;
}

async function admin<T>(sandboxUrl: string, method: string, urlPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${urlPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function tenantRequests(sandboxUrl: string): Promise<{ requests: number; throttled: number }> {
  const stats = await admin<{ key: string; requests: number; throttled: number }[]>(sandboxUrl, 'GET', '/stats');
  const ours = stats.filter((s) => s.key.startsWith(`${TENANT} `));
  return { requests: ours.reduce((sum, s) => sum + s.requests, 0), throttled: ours.reduce((sum, s) => sum + s.throttled, 0) };
}

/**
 * Peak resident set and heap of this process, sampled while the passes run. The setup's garbage is
 * collected first (V8's gc, exposed for this), so the figures are the sync's, not the setup's.
 */
function memoryPeaks(): { start: { rssMb: number; heapMb: number }; stop(): { rssMb: number; heapMb: number } } {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const start = process.memoryUsage();
  sample();
  const timer = setInterval(sample, 25);
  return {
    start: { rssMb: start.rss / MB, heapMb: start.heapUsed / MB },
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: rss / MB, heapMb: heap / MB };
    },
  };
}

/** The tenant's locations in the sandbox and the partner's balances in our database, all synced; returns the locations. */
async function prepare(sandboxUrl: string, { db, credentials }: Services, config: Config): Promise<number[]> {
  // ServiceTitan: 20,000 more locations, each holding a balance of 100 in "Comfort Credits".
  const fields = await admin<{ id: number; name: string }[]>(sandboxUrl, 'GET', `/tenants/${TENANT}/records/locationCustomFieldTypes`);
  const fieldTypeId = fields.find((f) => f.name === 'Comfort Credits')?.id;
  if (fieldTypeId === undefined) throw new Error('the sandbox tenant has no Comfort Credits field');
  const { locationIds } = await admin<{ locationIds: number[] }>(sandboxUrl, 'POST', `/tenants/${TENANT}/locations`, {
    count: LOCATIONS,
    customFields: [{ typeId: fieldTypeId, value: '100' }],
  });

  // Our side: an ACTIVE integration whose balances were all synced, then a tenth changed.
  await db.partner.deleteMany({ where: { id: PARTNER } });
  await db.comfortCreditBalance.deleteMany({ where: { partnerId: PARTNER } });
  // What an earlier run (with DATABASE_URL) read of another sandbox's feed.
  await db.syncCursor.deleteMany({ where: { partnerId: PARTNER } });
  await db.$executeRaw`DELETE FROM location_custom_fields WHERE partner_id = ${PARTNER}`;
  const verifiedAt = new Date();
  await db.partner.create({
    data: {
      id: PARTNER,
      integration: {
        create: {
          status: 'ACTIVE',
          tenantId: String(TENANT),
          contactEmail: 'bench@example.com',
          prerequisites: {},
          workflowId: `onboarding-${PARTNER}`,
          comfortCredit: { create: { customFieldName: 'Comfort Credits', customFieldTypeId: BigInt(fieldTypeId), verifiedAt } },
        },
      },
    },
  });
  const { clientId, clientSecret } = sandboxCredentials(TENANT);
  await credentials.save(PARTNER, clientId, sealSecret(clientSecret, config.secrets.encryptionKeys, clientSecretAad(PARTNER)));
  // One statement: the benchmark measures the sync, not 20,000 inserts.
  await db.$executeRaw`
    INSERT INTO comfort_credit_balances (partner_id, location_id, balance, as_of, synced_balance, synced_at, updated_at)
    SELECT ${PARTNER}, id::bigint, 100, ${verifiedAt}, 100, ${verifiedAt}, ${verifiedAt} FROM unnest(${locationIds.map(String)}::text[]) AS t(id)`;
  return locationIds;
}

/** A tenth of the balances change (as SmartAC's events would); returns how many. */
async function changeBalances({ db }: Services, locationIds: number[]): Promise<number> {
  const every = Math.round(1 / CHANGED_SHARE);
  const changed = locationIds.flatMap((id, i) => (i % every === 0 ? [{ id, balance: 100 + 1 + (i % 50) }] : []));
  await db.$executeRaw`
    UPDATE comfort_credit_balances AS b SET balance = t.balance, as_of = now(), updated_at = now()
    FROM unnest(${changed.map((c) => String(c.id))}::text[], ${changed.map((c) => c.balance)}::int[]) AS t(id, balance)
    WHERE b.partner_id = ${PARTNER} AND b.location_id = t.id::bigint`;
  return changed.length;
}

/**
 * lib/services.ts's wiring, with a fetch that notes when each PATCH left (Date.now(), as the
 * sandbox's write log times its arrival), to measure the jitter between the limiter and ServiceTitan.
 */
function benchServices(config: Config, sentAt: Map<string, number>): Services & { rateLimiter: PgRateLimiter } {
  const db = createDb(config.database.url);
  const limiterPool = new Pool({ connectionString: config.database.url, max: 4 });
  const noting: FetchLike = (url, init) => {
    if (init?.method === 'PATCH') sentAt.set(new URL(url).pathname, Date.now());
    return fetch(url, init);
  };
  const rateLimiter = new PgRateLimiter(limiterPool);
  const clients = (credentials: Credentials, signal?: AbortSignal) =>
    new ServiceTitanClient({
      environment: config.serviceTitan.environment,
      authBaseUrl: config.serviceTitan.authBaseUrl,
      apiBaseUrl: config.serviceTitan.apiBaseUrl,
      appKey: config.serviceTitan.appKey,
      credentials,
      rateLimiter,
      signal,
      fetch: noting,
    });
  const credentials = new PartnerCredentials(db, config.secrets.encryptionKeys, clients);
  return {
    db,
    credentials,
    rateLimiter,
    async close() {
      await Promise.all([db.$disconnect(), limiterPool.end()]);
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** The most of `times` (ms) within any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j += 1) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/**
 * The jitter the limiter's headroom must cover: the most a request reached the sandbox later,
 * relative to its send time, than one sent up to 1.2 s after it (by that much, requests sent over
 * 1000 + x ms were counted within 1000 ms).
 */
function bunching(requests: { sent: number; delay: number }[]): number {
  const bySent = [...requests].sort((a, b) => a.sent - b.sent);
  let worst = 0;
  for (let j = 0, i = 0; j < bySent.length; j += 1) {
    const later = bySent[j]!;
    while (later.sent - bySent[i]!.sent > 1200) i += 1;
    for (let k = i; k < j; k += 1) worst = Math.max(worst, bySent[k]!.delay - later.delay);
  }
  return worst;
}

async function main(): Promise<void> {
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const [databaseUrl, sandboxUrl] = await Promise.all([database(cleanup), sandboxProcess(cleanup)]);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      SERVICETITAN_AUTH_URL: sandboxUrl,
      SERVICETITAN_API_URL: sandboxUrl,
      SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
    });
    const sentAt = new Map<string, number>();
    const services = benchServices(config, sentAt);
    cleanup.push(() => services.close());

    const locationIds = await prepare(sandboxUrl, services, config);
    const { db, credentials } = services;
    const activities = createSyncActivities({ db, credentials, applicationGuid: config.serviceTitan.applicationGuid });

    // Setup, untimed: the integration's earlier passes (or reconciliation) have read the locations
    // export feed, as a live integration's have; the sync goes on from the stored cursor.
    const firstRead = { started: performance.now(), before: await tenantRequests(sandboxUrl) };
    await activities.reconcileComfortCredits({ partnerId: PARTNER });
    const firstReadCalls = (await tenantRequests(sandboxUrl)).requests - firstRead.before.requests;
    const firstReadSeconds = (performance.now() - firstRead.started) / 1000;
    const changed = await changeBalances(services, locationIds);

    const before = await tenantRequests(sandboxUrl);
    const memory = memoryPeaks();
    const started = performance.now();
    const total = { passes: 0, checked: 0, writes: 0, failed: 0 };
    for (let backlog = 1; backlog > 0;) {
      const pass = await activities.syncComfortCredits({ partnerId: PARTNER });
      Object.assign(total, {
        passes: total.passes + 1,
        checked: total.checked + pass.checked,
        writes: total.writes + pass.writes,
        failed: total.failed + pass.failed,
      });
      backlog = pass.backlog;
    }
    const seconds = (performance.now() - started) / 1000;
    const peaks = memory.stop();
    const after = await tenantRequests(sandboxUrl);
    const limiterAfter = await services.rateLimiter.inspect(rateLimitKey(config.serviceTitan.appKey, String(TENANT)));
    const calls = after.requests - before.requests;
    const patches = await admin<{ at: string; path: string }[]>(sandboxUrl, 'GET', `/tenants/${TENANT}/writes?kind=location-update`);
    const recorded = patches.length;
    const timed = patches.flatMap((w) => {
      const sent = sentAt.get(w.path);
      return sent === undefined ? [] : [{ sent, delay: Date.parse(w.at) - sent }];
    });
    const delays = timed.map((t) => t.delay).sort((a, b) => a - b);
    const floor = total.writes / SERVICETITAN_LIMIT_PER_SECOND;

    const n = (value: number) => value.toLocaleString('en-US');
    console.log(`Comfort Credits sync: ${n(LOCATIONS)} service locations, ${n(changed)} changed balances (tenant ${TENANT}; sandbox in its own process)`);
    console.log(`  setup (untimed): the first read of the locations export feed took ${n(firstReadCalls)} calls, ${firstReadSeconds.toFixed(1)} s`);
    console.log(
      `  passes ${total.passes}   checked ${n(total.checked)}   written ${n(total.writes)}   failed ${total.failed}   (sandbox recorded ${n(recorded)} location updates)`,
    );
    console.log(
      `  ServiceTitan calls ${n(calls)} (${(calls / Math.max(total.writes, 1)).toFixed(3)} per write; goal <= 1.1), 429s ${after.throttled - before.throttled}`,
    );
    console.log(
      `  elapsed ${seconds.toFixed(1)} s against the floor of ${floor.toFixed(1)} s (${n(total.writes)} writes at ${SERVICETITAN_LIMIT_PER_SECOND}/s): ${((100 * floor) / seconds).toFixed(0)}% of it`,
    );
    console.log(
      `  ${(calls / seconds).toFixed(1)} calls/s = ${((100 * calls) / seconds / SERVICETITAN_LIMIT_PER_SECOND).toFixed(1)}% of ServiceTitan's ${SERVICETITAN_LIMIT_PER_SECOND}/s limit; busiest second of PATCHes at the sandbox: ${busiestWindow(
        patches.map((w) => Date.parse(w.at)),
        1000,
      )}`,
    );
    console.log(
      `  jitter, PATCH sent → counted by the sandbox (${n(delays.length)}): min ${percentile(delays, 0)} ms, p50 ${percentile(delays, 50)}, p99 ${percentile(delays, 99)}, p99.9 ${percentile(delays, 99.9)}, max ${percentile(delays, 100)} ms; bunching ${bunching(timed)} ms against the limiter's allowance, ${limiterAfter.allowanceMs} ms at the end (${limiterAfter.ratePerSecond.toFixed(1)}/s, burst ${DEFAULT_BURST})`,
    );
    const mb = (value: number) => `${value.toFixed(0)} MB`;
    console.log(
      `  memory of this process while syncing: RSS ${mb(memory.start.rssMb)} at start, peak ${mb(peaks.rssMb)}; heap used ${mb(memory.start.heapMb)} at start, peak ${mb(peaks.heapMb)}`,
    );
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch((error: unknown) => console.error(error));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
