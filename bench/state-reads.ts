// Benchmark: reads under load. Brings the whole stack up with `npm start`'s own launcher
// (dist/scripts/start.js: Temporal dev server, embedded Postgres, MailDev, the ServiceTitan
// sandbox, worker and API, each its own process) on free ports and a temporary data directory,
// makes one live (ACTIVE) integration and one CONFIGURING through the API, adds staff-list
// filler (integrations with sync health, written straight to Postgres), then puts fixed-rate
// open-loop load on each read, one at a time, each side by side with the same load on /healthz:
//   - GET the live integration's state, GET the configuring one's, GET the staff list (a page of 50).
// Prints served rate, p50/p99/max latency, errors, and each read's p99 against /healthz's in the
// same phase (goal: <= 3x, every request served, 0 errors). Asserts nothing.
//   node dist/bench/state-reads.js [ratePerSecond=200] [seconds=30] [staffListFiller=2000]
// Latency is measured from each request's scheduled send time, so a server that falls behind is
// charged for the wait (no coordinated omission); a request unanswered after 10 s is an error.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { issueToken } from '../api/auth';
import { loadConfig } from '../lib/config';
import { freePort, sleep } from '../scripts/stack/processes';
import { PROJECT_ROOT } from '../scripts/stack/tools';
import { sandboxCredentials, SEED_TENANT_IDS } from '../servicetitan/sandbox/seed/credentials';
import { SYNC_CHILDREN } from '../workflows/sync/types';
import { everySyncChildHasRun } from './sync-children';

const RATE = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 30);
const FILLER = Number(process.argv[4] ?? 2000);
const REQUEST_TIMEOUT_MS = 10_000;
const PREREQUISITES = {
  maintenancePlansInDashboard: true,
  maintenancePlansInServiceTitan: true,
  comfortCreditCustomField: true,
  tagType: true,
  campaignCodes: true,
  adjustableCapacityPlanning: true,
};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Stack {
  api: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** `npm start`'s launcher on free ports and a fresh data directory; resolves once it prints its URLs. */
async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-reads-'));
  const ports = await Promise.all(Array.from({ length: 7 }, () => freePort()));
  const [api, temporal, ui, postgres, smtp, inbox, sandbox] = ports.map(String);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: api,
    TEMPORAL_PORT: temporal,
    TEMPORAL_UI_PORT: ui,
    POSTGRES_PORT: postgres,
    SMTP_PORT: smtp,
    INBOX_PORT: inbox,
    SANDBOX_PORT: sandbox,
    LOG_LEVEL: 'warn',
  };
  const log = path.join(dataDir, 'launcher.log');
  const launcher = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log);
  launcher.stdout.pipe(out);
  launcher.stderr.pipe(out);
  const stop = async () => {
    if (launcher.exitCode === null) {
      launcher.kill('SIGINT');
      await new Promise((resolve) => launcher.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let printed = '';
  launcher.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const deadline = Date.now() + 180_000;
  while (!/^\s*Data\s/m.test(printed)) {
    if (launcher.exitCode !== null || Date.now() > deadline) {
      const why = launcher.exitCode !== null ? `exited (${launcher.exitCode})` : 'did not start in 180 s';
      await stop();
      throw new Error(`the stack ${why}:\n${printed}`);
    }
    await sleep(250);
  }
  return { api: `http://127.0.0.1:${api}`, env, stop };
}

async function call(base: string, method: string, urlPath: string, token: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function must(step: string, res: { status: number; body: Json }, ...ok: number[]): Json {
  if (!ok.includes(res.status)) throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A partner through the guide: started, approved, credentials verified; then (live) every step and the submit. */
async function onboard(api: string, jwtSecret: string, staff: string, partnerId: string, tenantId: number, live: boolean): Promise<string> {
  const token = await issueToken({ sub: `admin@${partnerId}.example`, role: 'partner', partnerId }, jwtSecret);
  const base = `/v1/partners/${partnerId}/integrations/servicetitan`;
  const planId = `${partnerId}-gold`;
  must('plans', await call(api, 'PUT', `/v1/partners/${partnerId}/maintenance-plans`, token, { plans: [{ id: planId, name: 'Smart Maintenance Gold' }] }), 200);
  must(
    'start',
    await call(api, 'POST', base, token, { tenantId: String(tenantId), contactEmail: `office@${partnerId}.example`, prerequisites: PREREQUISITES }),
    201,
  );
  must('approve', await call(api, 'POST', `/v1/staff/integrations/${partnerId}/approve`, staff, {}), 202);
  await until('approval', async () => (await call(api, 'GET', base, token)).body?.status === 'AWAITING_CREDENTIALS');
  const { clientId, clientSecret } = sandboxCredentials(tenantId);
  must('credentials', await call(api, 'PUT', `${base}/credentials`, token, { clientId, clientSecret }), 200);
  if (!live) return token;
  const catalog = must('catalog', await call(api, 'GET', `${base}/catalog`, token), 200);
  const withUnits = catalog.jobTypes.find((j: Json) => j.businessUnitIds.length > 0);
  const steps: [string, unknown][] = [
    ['/plan-mappings', { mappings: [{ planId, membershipTypeId: catalog.membershipTypes[0].id }] }],
    [
      '/job-type-mappings',
      {
        mappings: catalog.tradeConditions.map((tc: Json) => ({
          tradeConditionId: tc.id,
          businessUnitId: withUnits.businessUnitIds[0],
          jobTypeId: withUnits.id,
        })),
      },
    ],
    ['/comfort-credit-field', { customFieldName: catalog.locationCustomFields.find((f: Json) => f.dataType === 'Numeric').name }],
    ['/eligible-services', { serviceIds: [catalog.services[0].id] }],
    ['/tag', { tagName: catalog.tagTypes.find((t: Json) => /smartac/i.test(t.name)).name }],
    ['/campaign', { campaignId: catalog.campaigns[0].id }],
    ['/capacity-scheduling', { enabled: false }],
  ];
  for (const [step, body] of steps) must(step, await call(api, 'PUT', `${base}${step}`, token, body), 200);
  const submitted = must('submit', await call(api, 'POST', `${base}/submit`, token), 200);
  if (submitted.status !== 'ACTIVE') throw new Error(`submit: ${submitted.status}`);
  // Every child has run a pass, so the live state carries all five children's health.
  await until(
    'every sync child has run',
    async () => {
      const state = (await call(api, 'GET', base, token)).body;
      return everySyncChildHasRun(state);
    },
    120_000,
  );
  return token;
}

/** Staff-list filler: integrations in every status, a third of them live with five children's health. */
async function fill(databaseUrl: string, count: number): Promise<void> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(`INSERT INTO "partners" ("id", "name", "updated_at") SELECT 'filler-' || i, 'Filler ' || i, now() FROM generate_series(1, $1) AS i`, [
      count,
    ]);
    await pg.query(
      `INSERT INTO "integrations" ("id", "partner_id", "status", "tenant_id", "contact_email", "prerequisites", "workflow_id", "status_changed_at", "updated_at")
       SELECT gen_random_uuid(), 'filler-' || i,
              (ARRAY['AWAITING_REVIEW','CONFIGURING','ACTIVE','ACTIVE','NEEDS_ATTENTION','REJECTED'])[1 + i % 6]::"IntegrationStatus",
              'filler-tenant-' || i, 'office@filler-' || i || '.example', '{}'::jsonb, 'onboarding-filler-' || i,
              now() - (i || ' minutes')::interval, now()
         FROM generate_series(1, $1) AS i`,
      [count],
    );
    await pg.query(
      `INSERT INTO "sync_child_health" ("partner_id", "child", "last_run_at", "last_result", "runs", "writes")
       SELECT i."partner_id", c, now(), 'ok', 100, 50 FROM "integrations" i CROSS JOIN unnest($1::text[]) AS c
        WHERE i."partner_id" LIKE 'filler-%' AND i."status" IN ('ACTIVE', 'NEEDS_ATTENTION')`,
      [[...SYNC_CHILDREN]],
    );
  } finally {
    await pg.end();
  }
}

interface Figures {
  sent: number;
  ok: number;
  errors: number;
  latencies: number[];
  bytes: number;
}

/** Fixed-rate open-loop load: request i is sent at start + i/rate whatever the earlier ones do. */
async function load(url: string, token: string | undefined, rate: number, seconds: number): Promise<Figures> {
  const figures: Figures = { sent: 0, ok: 0, errors: 0, latencies: [], bytes: 0 };
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    figures.sent++;
    inFlight.push(
      (async () => {
        try {
          const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          const body = await res.arrayBuffer();
          figures.latencies.push(performance.now() - scheduled);
          if (res.ok) {
            figures.ok++;
            figures.bytes = body.byteLength;
          } else figures.errors++;
        } catch {
          figures.errors++; // no answer within the timeout, or the connection failed
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  return figures;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => (Number.isNaN(n) ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

interface Row {
  name: string;
  figures: Figures;
}

function summary({ name, figures }: Row, seconds: number, healthzP99?: number): string {
  const sorted = [...figures.latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  const ratio = healthzP99 === undefined ? 'baseline' : `${(p99 / healthzP99).toFixed(2)}x`;
  return [
    name.padEnd(34),
    `${(figures.ok / seconds).toFixed(1)}/s`.padStart(9),
    ms(percentile(sorted, 50)).padStart(7),
    ms(p99).padStart(7),
    ms(sorted.at(-1) ?? NaN).padStart(7),
    String(figures.errors).padStart(6),
    `${(figures.bytes / 1024).toFixed(1)} KB`.padStart(9),
    ratio.padStart(9),
  ].join(' ');
}

async function main(): Promise<void> {
  console.log(`state reads: ${RATE} req/s for ${SECONDS} s per read, each beside /healthz at the same rate; staff-list filler ${FILLER}`);
  const stack = await startStack();
  try {
    const config = loadConfig(stack.env);
    const staff = await issueToken({ sub: 'bench@smartac.com', role: 'staff' }, config.auth.jwtSecret);
    const liveToken = await onboard(stack.api, config.auth.jwtSecret, staff, 'bench-live', SEED_TENANT_IDS.hvac, true);
    const configuringToken = await onboard(stack.api, config.auth.jwtSecret, staff, 'bench-configuring', SEED_TENANT_IDS.plumbing, false);
    await fill(config.database.url, FILLER);
    const phases: { name: string; path: string; token: string }[] = [
      { name: 'GET state, live (ACTIVE)', path: '/v1/partners/bench-live/integrations/servicetitan', token: liveToken },
      { name: 'GET state, CONFIGURING', path: '/v1/partners/bench-configuring/integrations/servicetitan', token: configuringToken },
      { name: 'GET staff list (page of 50)', path: '/v1/staff/integrations?limit=50', token: staff },
    ];
    // Warm-up at the full rate, one read at a time: connections, JIT, Prisma's pool, Postgres' cache.
    for (const p of phases) await load(`${stack.api}${p.path}`, p.token, RATE, 3);
    const header = `${'what'.padEnd(34)} ${'served'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'errors'.padStart(6)} ${'answer'.padStart(9)} ${'p99/healthz'.padStart(9)}`;
    const lines: string[] = [header];
    for (const phase of phases) {
      const [read, healthz] = await Promise.all([
        load(`${stack.api}${phase.path}`, phase.token, RATE, SECONDS),
        load(`${stack.api}/healthz`, undefined, RATE, SECONDS),
      ]);
      const healthzP99 = percentile(
        [...healthz.latencies].sort((a, b) => a - b),
        99,
      );
      lines.push(
        summary({ name: `/healthz (beside the next line)`, figures: healthz }, SECONDS),
        summary({ name: phase.name, figures: read }, SECONDS, healthzP99),
      );
      console.log(lines.slice(-2).join('\n'));
    }
    console.log(`\nGoal (issue 10): every request served (${RATE}/s), p99 <= 3x /healthz's p99 in the same phase, 0 errors.\n`);
    console.log(lines.join('\n'));
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
