// Benchmark: what an idle live integration costs. Brings up the stack (Temporal dev server,
// embedded Postgres, MailDev, the ServiceTitan sandbox in its own process; API and worker in this
// process with the worker's own wiring), takes two partners live through the API on two sandbox
// tenants, lets them idle N minutes with no event, and prints per integration-hour: history
// events, Temporal actions by kind (from the histories of the parent and its five children, every
// run, events timed inside the window) and ServiceTitan calls (the sandbox's per-tenant request
// counts; token requests are not among them).
//   node dist/bench/idle.js [minutes=10]
// Baseline, in the same run: the second integration runs the workflow code of the commit before
// the idle change (its sources taken from git and bundled, on a second task queue with its own
// API instance), with today's activities and the same settings. Today's children pass, idle,
// every SYNC_IDLE_CHECK_MINUTES (30): a window shorter than that holds none of those passes, so
// run it longer, or with a shorter idle check (more passes than the default: an upper bound).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createMailer } from '../activities/onboarding/email/mailer';
import { createActivities } from '../activities';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig, type Config } from '../lib/config';
import { migrate } from '../lib/db/migrator';
import { createLogger } from '../lib/logger';
import { createServices } from '../lib/services';
import { startMailDev } from '../scripts/stack/maildev';
import { ensureDatabase, startEmbeddedPostgres, EMBEDDED_PASSWORD, EMBEDDED_USER } from '../scripts/stack/postgres';
import { freePort, sleep, stopProcess } from '../scripts/stack/processes';
import { startTemporalDevServer } from '../scripts/stack/temporal';
import { PROJECT_ROOT } from '../scripts/stack/tools';
import { sandboxProcess } from './sandbox-process';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../servicetitan/sandbox/seed/credentials';
import { activityDeps } from '../workers/worker';
import { getStateQuery } from '../workflows/onboarding/messages';
import { onboardingWorkflowId } from '../workflows/onboarding/types';
import { syncHealthQuery } from '../workflows/sync/messages';
import { SYNC_CHILDREN, syncWorkflowId } from '../workflows/sync/types';

const MINUTES = Number(process.argv[2] ?? 10);
const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** History events that Temporal Cloud bills as actions, by the name printed. */
const ACTIONS: Record<string, temporal.api.enums.v1.EventType> = {
  timers: EventType.EVENT_TYPE_TIMER_STARTED,
  activities: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  upserts: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  markers: EventType.EVENT_TYPE_MARKER_RECORDED,
  'signals sent': EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  'signals received': EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  'children started': EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  'continue-as-new': EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
};

const say = (message: string) => console.log(`[bench:idle] ${message}`);

/** The commit before the idle change: the parent of the one that introduced its patch. */
function baselineCommit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  const change = git('log', '--format=%H', '-S', "'sync-waits-for-work'", '--reverse', '--', 'workflows/sync/workflow.ts').split('\n')[0];
  if (!change) throw new Error('no commit introduced sync-waits-for-work: nothing to compare with');
  return git('rev-parse', `${change}^`);
}

/** The baseline's workflow sources (workflows/ and the pure lib modules they import), bundled. */
async function baselineBundle(commit: string): Promise<Awaited<ReturnType<typeof bundleWorkflowCode>>> {
  // Under the project, so the bundler finds node_modules.
  const root = path.join(PROJECT_ROOT, '.data', 'bench-idle', commit.slice(0, 12));
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', commit, 'workflows', 'lib/storable-text.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), execFileSync('git', ['show', `${commit}:${file}`], { cwd: PROJECT_ROOT }));
  }
  return bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
}

async function tenantRequests(sandboxUrl: string, tenantId: number): Promise<number> {
  const stats = (await (await fetch(`${sandboxUrl}/__sandbox/stats`)).json()) as { key: string; requests: number }[];
  return stats.filter((s) => s.key.startsWith(`${tenantId} `)).reduce((sum, s) => sum + s.requests, 0);
}

async function listen(app: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function call(baseUrl: string, method: string, urlPath: string, token: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text}`);
  return parsed;
}

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** The partner's guide through the API, as the dashboard drives it, up to ACTIVE. */
async function goLive(
  baseUrl: string,
  config: Config,
  client: Client,
  partnerId: string,
  tenantId: number,
  /** The baseline's code predates the read model: its stored state is dropped so the API asks the workflow. */
  beforeRead: () => Promise<unknown> = async () => undefined,
): Promise<void> {
  const partner = await issueToken({ sub: `admin@${partnerId}.example`, role: 'partner', partnerId }, config.auth.jwtSecret);
  const staff = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, config.auth.jwtSecret);
  const integration = `/v1/partners/${partnerId}/integrations/servicetitan`;
  const planId = `${partnerId}-gold`;
  await call(baseUrl, 'PUT', `/v1/partners/${partnerId}/maintenance-plans`, partner, { plans: [{ id: planId, name: 'Smart Maintenance Gold' }] });
  const prerequisites = {
    maintenancePlansInDashboard: true,
    maintenancePlansInServiceTitan: true,
    comfortCreditCustomField: true,
    tagType: true,
    campaignCodes: true,
    adjustableCapacityPlanning: true,
  };
  await call(baseUrl, 'POST', integration, partner, { tenantId: String(tenantId), contactEmail: `office@${partnerId}.example`, prerequisites });
  await call(baseUrl, 'POST', `/v1/staff/integrations/${partnerId}/approve`, staff, { note: 'benchmark' });
  // Asked of the workflow, not the API: the baseline's code predates the read model the API reads.
  await until(
    'approval',
    async () => (await client.workflow.getHandle(onboardingWorkflowId(partnerId)).query(getStateQuery)).status === 'AWAITING_CREDENTIALS',
  );
  const { clientId, clientSecret } = sandboxCredentials(tenantId);
  await call(baseUrl, 'PUT', `${integration}/credentials`, partner, { clientId, clientSecret });
  await beforeRead();
  const catalog = await call(baseUrl, 'GET', `${integration}/catalog`, partner);
  const withUnits = catalog.jobTypes.filter((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
  const jobTypeMappings = catalog.tradeConditions.map((tc: { id: string }) => ({
    tradeConditionId: tc.id,
    businessUnitId: withUnits[0].businessUnitIds[0],
    jobTypeId: withUnits[0].id,
  }));
  const field = catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Numeric');
  const tag = catalog.tagTypes.find((t: { name: string }) => /smartac/i.test(t.name));
  const campaign = catalog.campaigns.find((c: { name: string }) => /smartac/i.test(c.name)) ?? catalog.campaigns[0];
  const steps: [string, unknown][] = [
    ['/plan-mappings', { mappings: [{ planId, membershipTypeId: catalog.membershipTypes[0].id }] }],
    ['/job-type-mappings', { mappings: jobTypeMappings }],
    ['/comfort-credit-field', { customFieldName: field.name }],
    ['/eligible-services', { serviceIds: [catalog.services[0].id] }],
    ['/tag', { tagName: tag.name }],
    ['/campaign', { campaignId: campaign.id }],
    ['/capacity-scheduling', { enabled: false }],
  ];
  for (const [step, body] of steps) await call(baseUrl, 'PUT', `${integration}${step}`, partner, body);
  const submitted = await call(baseUrl, 'POST', `${integration}/submit`, partner);
  if (submitted.status !== 'ACTIVE') throw new Error(`${partnerId} did not go live: ${JSON.stringify(submitted)}`);
}

/** Every run of the parent and its children: the events inside [from, to). */
async function windowEvents(client: Client, partnerId: string, from: number, to: number): Promise<HistoryEvent[]> {
  const ids = [`onboarding-${partnerId}`, ...SYNC_CHILDREN.map((child) => syncWorkflowId(partnerId, child))];
  const events: HistoryEvent[] = [];
  for (const workflowId of ids) {
    for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      for (const event of history.events ?? []) {
        const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
        if (at >= from && at < to) events.push(event);
      }
    }
  }
  return events;
}

interface Figures {
  events: number;
  actions: Record<string, number>;
  passes: number;
  serviceTitanCalls: number;
}

function figuresOf(events: HistoryEvent[], serviceTitanCalls: number): Figures {
  const actions = Object.fromEntries(Object.entries(ACTIONS).map(([name, type]) => [name, events.filter((e) => e.eventType === type).length]));
  return { events: events.length, actions, passes: actions.activities ?? 0, serviceTitanCalls };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cleanup: (() => Promise<void>)[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-idle-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    const logDir = path.join(dir, 'logs');
    mkdirSync(logDir, { recursive: true });
    say('starting Postgres, Temporal, MailDev and the sandbox');
    const [pgPort, temporalPort, uiPort, smtpPort, inboxPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: pgPort });
    cleanup.unshift(() => postgres.stop());
    await ensureDatabase(`postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${pgPort}/postgres`, 'bench');
    const databaseUrl = postgres.url('bench');
    await migrate(databaseUrl, path.join(PROJECT_ROOT, 'prisma', 'migrations'));
    const temporalProc = await startTemporalDevServer({
      dataDir: path.join(dir, 'temporal'),
      logDir,
      host: '127.0.0.1',
      port: temporalPort,
      uiPort,
      namespace: 'default',
    });
    cleanup.unshift(() => stopProcess(temporalProc));
    const maildev = await startMailDev({ smtpPort, webPort: inboxPort, mailDir: path.join(dir, 'mail'), logDir });
    cleanup.unshift(() => stopProcess(maildev));
    const sandboxUrl = await sandboxProcess(cleanup);

    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SERVICETITAN_AUTH_URL: sandboxUrl,
      SERVICETITAN_API_URL: sandboxUrl,
      SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
    };
    const config = loadConfig({ ...env, TEMPORAL_TASK_QUEUE: 'bench-idle' });
    const baselineConfig = loadConfig({ ...env, TEMPORAL_TASK_QUEUE: 'bench-idle-baseline' });
    const logger = createLogger('bench', 'silent');
    const services = createServices(config, logger);
    cleanup.unshift(() => services.close());
    const mailer = createMailer({ smtpUrl: config.smtp.url, from: config.smtp.from });
    cleanup.unshift(async () => mailer.close());
    const connection = await Connection.connect({ address: config.temporal.address });
    cleanup.unshift(() => connection.close());
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const native = await NativeConnection.connect({ address: config.temporal.address });
    cleanup.unshift(() => native.close());

    const commit = baselineCommit();
    say(`bundling the workflows of today and of ${commit.slice(0, 12)} (the baseline)`);
    const activities = createActivities(activityDeps(config, services, mailer));
    const today = await Worker.create({
      connection: native,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities,
      workflowsPath: require.resolve('../workflows'),
    });
    const baseline = await Worker.create({
      connection: native,
      namespace: config.temporal.namespace,
      taskQueue: baselineConfig.temporal.taskQueue,
      activities,
      workflowBundle: await baselineBundle(commit),
    });
    const running = [today.run(), baseline.run()];
    cleanup.unshift(async () => {
      today.shutdown();
      baseline.shutdown();
      await Promise.allSettled(running);
    });
    const api = await listen(createApp({ temporal: client, db: services.db, logger, credentials: services.credentials, config }));
    const baselineApi = await listen(createApp({ temporal: client, db: services.db, logger, credentials: services.credentials, config: baselineConfig }));
    cleanup.unshift(async () => {
      api.server.close();
      baselineApi.server.close();
    });

    const integrations = [
      { name: 'today', partnerId: 'bench-idle-today', tenantId: SEED_TENANT_IDS.hvac, url: api.url, beforeRead: undefined },
      {
        name: `baseline (${commit.slice(0, 7)})`,
        partnerId: 'bench-idle-baseline',
        tenantId: SEED_TENANT_IDS.plumbing,
        url: baselineApi.url,
        beforeRead: () => services.db.$executeRaw`DELETE FROM integration_states WHERE partner_id = 'bench-idle-baseline'`,
      },
    ];
    say('taking two partners live through the API');
    await Promise.all(integrations.map((i) => goLive(i.url, config, client, i.partnerId, i.tenantId, i.beforeRead)));
    // Idle from here: every child has run its first pass and nothing waits.
    for (const i of integrations) {
      for (const child of SYNC_CHILDREN) {
        await until(`${i.partnerId} ${child} first pass`, async () => {
          const health = await client.workflow.getHandle(syncWorkflowId(i.partnerId, child)).query(syncHealthQuery);
          return health.runs > 0 && health.backlog === 0;
        });
      }
    }
    await sleep(5000);

    const from = Date.now();
    const callsBefore = await Promise.all(integrations.map((i) => tenantRequests(sandboxUrl, i.tenantId)));
    say(`idle for ${MINUTES} minutes (no event)`);
    for (let elapsed = 0; elapsed < MINUTES; elapsed += 1) {
      await sleep(Math.min(1, MINUTES - elapsed) * 60_000);
      if (elapsed + 1 < MINUTES) say(`  ${elapsed + 1} min`);
    }
    const to = Date.now();
    const callsAfter = await Promise.all(integrations.map((i) => tenantRequests(sandboxUrl, i.tenantId)));
    const hours = (to - from) / 3600_000;

    const figures = await Promise.all(
      integrations.map(async (i, k) => figuresOf(await windowEvents(client, i.partnerId, from, to), callsAfter[k]! - callsBefore[k]!)),
    );
    const perHour = (n: number) => (n / hours).toFixed(1);
    const total = (f: Figures) => Object.values(f.actions).reduce((a, b) => a + b, 0);
    const width = 26;
    const row = (label: string, values: string[]) => console.log(`  ${label.padEnd(width)}${values.map((v) => v.padStart(22)).join('')}`);
    console.log(`\nIdle live integration, per integration-hour (measured over ${((to - from) / 60_000).toFixed(1)} real minutes, no event)`);
    row(
      '',
      integrations.map((i) => i.name),
    );
    row(
      'history events',
      figures.map((f) => perHour(f.events)),
    );
    row(
      'Temporal actions',
      figures.map((f) => perHour(total(f))),
    );
    for (const kind of Object.keys(ACTIONS))
      row(
        `  ${kind}`,
        figures.map((f) => perHour(f.actions[kind]!)),
      );
    row(
      'passes (activities)',
      figures.map((f) => perHour(f.passes)),
    );
    row(
      'ServiceTitan calls',
      figures.map((f) => perHour(f.serviceTitanCalls)),
    );
    console.log(
      `  in the window itself: ${integrations.map((i, k) => `${i.name} ${figures[k]!.events} events, ${total(figures[k]!)} actions, ${figures[k]!.passes} passes, ${figures[k]!.serviceTitanCalls} ServiceTitan calls`).join('; ')}`,
    );
    console.log(
      `  baseline: the workflow code of ${commit.slice(0, 12)} (before the idle change) with today's activities and settings, on tenant ${SEED_TENANT_IDS.plumbing}; today on ${SEED_TENANT_IDS.hvac}`,
    );

    const idleCheckMinutes = config.syncIdleCheckMs / 60_000;
    if (to - from < config.syncIdleCheckMs)
      console.log(
        `\n  note: the window is shorter than today's idle check (SYNC_IDLE_CHECK_MINUTES=${idleCheckMinutes}), so it holds none of them: run longer, or set it shorter for an upper bound`,
      );
    console.log(`\n  goal (issue 10): <= 45 actions and <= 3 ServiceTitan calls per integration-hour when idle`);
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
