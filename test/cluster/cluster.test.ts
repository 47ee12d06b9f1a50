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
/** Balance events per partner, each for its own location: half before the integration is live, half after. */
const EVENTS_PER_PARTNER = 6;

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
}, 900_000);

afterAll(async () => {
  await cluster?.stop();
  if (root && !process.env.CLUSTER_TEST_KEEP) rmSync(root, { recursive: true, force: true });
  else if (root) say(`kept ${root}`);
}, 180_000);

interface SandboxLocation {
  id: number;
}

/** Locations of a tenant, from the sandbox's records, split so partners sharing a tenant never touch the same one. */
async function locationsFor(tenantId: number): Promise<number[]> {
  const res = await fetch(`${cluster.sandboxUrl}/__sandbox/tenants/${tenantId}/records/locations`);
  expect(res.status).toBe(200);
  return ((await res.json()) as SandboxLocation[]).map((l) => l.id);
}

/** Restarts worker `index` after `delayMs`: SIGTERM, exit, start again, polling again. */
async function bounceWorker(index: number, delayMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, delayMs));
  say(`stopping worker ${index + 1} (SIGTERM)`);
  await cluster.stopWorker(index);
  say(`worker ${index + 1} exited; starting it again`);
  await new Promise((r) => setTimeout(r, 2000));
  await cluster.startWorker(index);
  say(`worker ${index + 1} polls again`);
}

test('onboardings and events through both API replicas survive a worker restart, each write made once, rate limit held', async () => {
  const partners: { partner: Partner; capacity: boolean; locations: number[]; balances: Map<number, number> }[] = [];
  const taken = new Map<number, number>();
  const byTenant = new Map<number, number[]>();
  for (const { tenantId, capacity } of PARTNERS) {
    if (!byTenant.has(tenantId)) byTenant.set(tenantId, await locationsFor(tenantId));
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
  const half = EVENTS_PER_PARTNER / 2;

  // Events that arrive before an integration is live are kept and applied once it is.
  for (const entry of partners) for (const [i, locationId] of entry.locations.slice(0, half).entries()) await send(entry, locationId, 10 + i);
  say('onboarding while worker 1 restarts');
  const setups: LiveSetup[] = await Promise.all([
    ...partners.map((entry) => onboardToActive(api, entry.partner, { capacity: entry.capacity })),
    bounceWorker(0, 3000).then(() => undefined),
  ]).then((results) => results.slice(0, partners.length) as LiveSetup[]);
  say('every onboarding ACTIVE; events while worker 2 restarts');
  await Promise.all([
    (async () => {
      for (const entry of partners) for (const [i, locationId] of entry.locations.slice(half).entries()) await send(entry, locationId, 50 + i);
    })(),
    bounceWorker(1, 500),
  ]);

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
  await waitFor(
    async () => {
      for (const [i, entry] of partners.entries()) {
        for (const [locationId, balance] of entry.balances) {
          if (!(await balanceWrites(Number(entry.partner.tenantId), setups[i]!.comfortCreditFieldId, locationId)).includes(String(balance))) return false;
        }
      }
      return true;
    },
    'every balance written',
    120_000,
  );
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
    say(`tenant ${tenantId}: ${all.length} writes`);
    expect({ tenantId, twice }).toEqual({ tenantId, twice: [] });
  }

  // The shared rate limit held across both workers: ServiceTitan (the sandbox) throttled nothing.
  const stats = (await (await fetch(`${cluster.sandboxUrl}/__sandbox/stats`)).json()) as { key: string; requests: number; throttled: number }[];
  say(`sandbox stats: ${JSON.stringify(stats)}`);
  expect(stats.filter((s) => s.throttled > 0)).toEqual([]);
}, 1_200_000);
