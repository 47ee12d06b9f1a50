// The production topology under a worker restart (issue 12): the real Temporal server on
// PostgreSQL, two workers and two API replicas in production mode (scripts/cluster/topology.ts).
// Onboardings and signed events go through both API replicas in turn while one worker, then the
// other, is stopped with SIGTERM and started again. Afterwards: every onboarding is ACTIVE, every
// event is in ServiceTitan (the sandbox's write log), no write was made twice, and the shared rate
// limit held (the sandbox answered no 429). `npm run test:cluster` (its own Jest config: it
// takes minutes, and builds the Temporal server with Go on its first run).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { SEED_TENANT_IDS } from '../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite } from '../../servicetitan/sandbox/writes';
import { startCluster, type Cluster } from '../../scripts/cluster/topology';
import { deliverEvent, sandboxWrites } from '../support/live-events';
import { newPartner, onboardToActive, type LiveSetup, type Partner } from '../support/partners';
import type { ApiTarget } from '../support/service';
import { waitFor } from '../support/wait';

const PARTNERS = [
  { tenantId: SEED_TENANT_IDS.hvac, capacity: true },
  { tenantId: SEED_TENANT_IDS.plumbing, capacity: false },
  { tenantId: SEED_TENANT_IDS.hvac, capacity: true },
  { tenantId: SEED_TENANT_IDS.plumbing, capacity: false },
];
/** Balance events per partner, each for its own location: a few before the integration is live, the rest after. */
const EARLY_EVENTS = 3;
const LIVE_EVENTS = 20;
const EVENTS_PER_PARTNER = EARLY_EVENTS + LIVE_EVENTS;

let root: string;
let cluster: Cluster;
/** Every request through it goes to the next API replica in turn. */
let api: ApiTarget;
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const say = (line: string) => process.stdout.write(`[cluster test ${elapsed()}] ${line}\n`);

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'smartac-cluster-'));
  cluster = await startCluster({ dataDir: root, workers: 2, apis: 2, log: say, env: { SYNC_INTERVAL_SECONDS: '2', LOG_LEVEL: 'warn' } });
  say(`cluster up: APIs ${cluster.apiUrls.join(', ')}, Temporal ${cluster.temporalAddress}`);
  const config = loadConfig(cluster.env);
  let next = 0;
  const urls = cluster.apiUrls;
  api = {
    config,
    get baseUrl() {
      next += 1;
      return urls[next % urls.length]!;
    },
  };
  // The first run builds the Temporal server with Go: 15 to 20 minutes on a busy two-core machine.
}, 2_700_000);

afterAll(async () => {
  await cluster?.stop();
  if (root && !process.env.CLUSTER_TEST_KEEP) rmSync(root, { recursive: true, force: true });
  else if (root) say(`kept ${root}`);
}, 180_000);

interface SandboxLocation {
  id: number;
}

/**
 * `count` locations of a tenant, from the sandbox's records (bulk ones added where it has fewer),
 * split by the caller so partners sharing a tenant never touch the same one.
 */
async function locationsFor(tenantId: number, count: number): Promise<number[]> {
  const res = await fetch(`${cluster.sandboxUrl}/__sandbox/tenants/${tenantId}/records/locations`);
  expect(res.status).toBe(200);
  const ids = ((await res.json()) as SandboxLocation[]).map((l) => l.id);
  if (ids.length >= count) return ids;
  const added = await fetch(`${cluster.sandboxUrl}/__sandbox/tenants/${tenantId}/locations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: count - ids.length }),
  });
  expect(added.status).toBe(201);
  return [...ids, ...((await added.json()) as { locationIds: number[] }).locationIds];
}

/** Stops worker `index` with SIGTERM after `delayMs`, runs `whileDown`, then starts it again; returns when it stopped. */
async function bounceWorker(index: number, delayMs: number, whileDown: () => Promise<void> = () => new Promise((r) => setTimeout(r, 2000))): Promise<number> {
  await new Promise((r) => setTimeout(r, delayMs));
  say(`stopping worker ${index + 1} (SIGTERM)`);
  await cluster.stopWorker(index);
  const stoppedAt = Date.now();
  say(`worker ${index + 1} exited`);
  await whileDown();
  await cluster.startWorker(index);
  say(`worker ${index + 1} started again and polls`);
  return stoppedAt;
}

test('onboardings and events through both API replicas survive a worker restart, each write made once, rate limit held', async () => {
  const partners: { partner: Partner; capacity: boolean; locations: number[]; balances: Map<number, number> }[] = [];
  const taken = new Map<number, number>();
  const byTenant = new Map<number, number[]>();
  for (const { tenantId, capacity } of PARTNERS) {
    if (!byTenant.has(tenantId)) {
      const sharing = PARTNERS.filter((p) => p.tenantId === tenantId).length;
      byTenant.set(tenantId, await locationsFor(tenantId, sharing * EVENTS_PER_PARTNER));
    }
    const offset = taken.get(tenantId) ?? 0;
    const locations = byTenant.get(tenantId)!.slice(offset, offset + EVENTS_PER_PARTNER);
    expect(locations).toHaveLength(EVENTS_PER_PARTNER);
    taken.set(tenantId, offset + EVENTS_PER_PARTNER);
    partners.push({ partner: await newPartner(api, tenantId), capacity, locations, balances: new Map() });
  }
  const send = async (entry: (typeof partners)[number], locationId: number, balance: number) => {
    const res = await deliverEvent(api, entry.partner.partnerId, 'comfort_credits.balance_changed', { locationId, balance, asOf: new Date().toISOString() });
    expect(res.status).toBe(202);
    entry.balances.set(locationId, balance);
  };

  // Events that arrive before an integration is live are kept and applied once it is.
  for (const entry of partners) for (const [i, locationId] of entry.locations.slice(0, EARLY_EVENTS).entries()) await send(entry, locationId, 7000 + i);
  say('onboarding while worker 1 stops and starts again');
  const activeAt: number[] = [];
  const setups: LiveSetup[] = [];
  const [worker1StoppedAt] = await Promise.all([
    bounceWorker(0, 3000),
    ...partners.map(async (entry, i) => {
      setups[i] = await onboardToActive(api, entry.partner, { capacity: entry.capacity });
      activeAt[i] = Date.now();
    }),
  ]);
  // The restart fell in the middle of the onboardings, not after them.
  expect(Math.max(...activeAt)).toBeGreaterThan(worker1StoppedAt);
  say(
    `every onboarding ACTIVE (${activeAt.filter((t) => t > worker1StoppedAt).length} of ${partners.length} after worker 1 stopped); events while worker 2 is down`,
  );
  await bounceWorker(1, 0, async () => {
    for (const entry of partners) for (const [i, locationId] of entry.locations.slice(EARLY_EVENTS).entries()) await send(entry, locationId, 8000 + i);
  });

  for (const entry of partners) {
    const status = (await entry.partner.call('GET', '')).body.status;
    expect({ partner: entry.partner.partnerId, status }).toEqual({ partner: entry.partner.partnerId, status: 'ACTIVE' });
  }

  // Every event processed: each location holds its balance in ServiceTitan, written exactly once.
  const balanceWrites = async (tenantId: number, fieldId: number, locationId: number) =>
    (await sandboxWrites({ url: cluster.sandboxUrl }, tenantId, 'location-update'))
      .filter((w) => w.path.endsWith(`/locations/${locationId}`))
      .map((w) => (w.request as { customFields?: { typeId: number; value: string }[] }).customFields?.find((f) => f.typeId === fieldId)?.value)
      .filter((value) => value !== undefined);
  let missing: string[] = [];
  await waitFor(
    async () => {
      missing = [];
      for (const [i, entry] of partners.entries()) {
        for (const [locationId, balance] of entry.balances) {
          const written = await balanceWrites(Number(entry.partner.tenantId), setups[i]!.comfortCreditFieldId, locationId);
          if (!written.includes(String(balance)))
            missing.push(`${entry.partner.partnerId} location ${locationId}: ${balance} (written: ${written.join(', ') || 'nothing'})`);
        }
      }
      return missing.length === 0;
    },
    'every balance written',
    120_000,
  ).catch(async (err: Error) => {
    for (const tenantId of byTenant.keys()) {
      const updates = await sandboxWrites({ url: cluster.sandboxUrl }, tenantId, 'location-update');
      say(`tenant ${tenantId}: ${updates.length} location updates, e.g. ${JSON.stringify(updates.slice(0, 2))}`);
    }
    throw new Error(`${err.message}; missing:\n${missing.join('\n')}`);
  });
  // A few more sync passes change nothing.
  await new Promise((r) => setTimeout(r, 6000));
  for (const [i, entry] of partners.entries()) {
    for (const [locationId, balance] of entry.balances) {
      expect({ locationId, writes: await balanceWrites(Number(entry.partner.tenantId), setups[i]!.comfortCreditFieldId, locationId) }).toEqual({
        locationId,
        writes: [String(balance)],
      });
    }
  }

  // No ServiceTitan write twice, of any kind: the same request to the same path is a duplicate.
  for (const tenantId of byTenant.keys()) {
    const all = (await (await fetch(`${cluster.sandboxUrl}/__sandbox/tenants/${tenantId}/writes`)).json()) as RecordedWrite[];
    const seen = new Map<string, number>();
    for (const w of all) {
      const key = `${w.method} ${w.path} ${JSON.stringify(w.request)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
    const perSecond = new Map<string, number>();
    for (const w of all) perSecond.set(w.at.slice(0, 19), (perSecond.get(w.at.slice(0, 19)) ?? 0) + 1);
    const busiest = Math.max(0, ...perSecond.values());
    say(`tenant ${tenantId}: ${all.length} writes, at most ${busiest} in one second`);
    expect(busiest).toBeLessThanOrEqual(60);
    expect({ tenantId, twice }).toEqual({ tenantId, twice: [] });
  }

  // The shared rate limit held across both workers: ServiceTitan (the sandbox) throttled nothing.
  const stats = (await (await fetch(`${cluster.sandboxUrl}/__sandbox/stats`)).json()) as { key: string; requests: number; throttled: number }[];
  say(`sandbox stats: ${JSON.stringify(stats)}`);
  expect(stats.filter((s) => s.throttled > 0)).toEqual([]);
}, 1_200_000);
