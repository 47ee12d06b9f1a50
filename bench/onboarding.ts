// Benchmark: partners onboarded from start to ACTIVE through our HTTP API, each on its own sandbox
// tenant (POST /__sandbox/tenants), at a given concurrency, against the whole stack as `npm start`
// runs it (scripts/start.ts in a temporary DATA_DIR on free ports). Per partner: maintenance plans,
// start, staff approval (staff API), the Continue Setup link from the email, credentials, the
// catalog, each configuration step and submit. Prints onboardings/s, p50/p99 per request, and
// ServiceTitan calls per onboarding by phase (the sandbox's per-tenant counts). The baseline, in the
// same run on the same Temporal server: the rate of a minimal start-signal-complete workflow on its
// own task queue and worker. Asserts nothing.
//   node dist/bench/onboarding.js [partners=10] [concurrency=partners] [baselineWorkflows=200]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { issueToken } from '../api/auth';
import { loadConfig } from '../lib/config';
import { freePort, sleep } from '../scripts/stack/processes';
import { PROJECT_ROOT } from '../scripts/stack/tools';
import { onboardingWorkflowId, type OnboardingState } from '../workflows/onboarding/types';
import { finishSignal, minimalStartSignalComplete } from './minimal-workflow';
import { everySyncChildHasRun } from './sync-children';
import { updateTimelines } from './update-timeline';

const PARTNERS = Number(process.argv[2] ?? 10);
const CONCURRENCY = Number(process.argv[3] ?? PARTNERS);
const BASELINE_WORKFLOWS = Number(process.argv[4] ?? 200);
const LOCATIONS_PER_TENANT = 20;
const PHASES = ['credentials', 'catalog', 'steps', 'submit', 'after ACTIVE (first sync passes, 5 s)'] as const;
type Phase = (typeof PHASES)[number];

interface Stack {
  apiUrl: string;
  sandboxUrl: string;
  inboxUrl: string;
  env: NodeJS.ProcessEnv;
}

async function json(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

function expectStatus(what: string, answer: { status: number; body: unknown }, status: number): void {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** `npm start`'s launcher in a temporary DATA_DIR on free ports; stops with us. */
async function startStack(cleanup: (() => Promise<void>)[]): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-onboarding-'));
  const names = ['API_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'POSTGRES_PORT', 'SMTP_PORT', 'INBOX_PORT', 'SANDBOX_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const log = createWriteStream(path.join(dataDir, 'launcher.log'));
  const launcher: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  launcher.stdout?.pipe(log);
  launcher.stderr?.pipe(log);
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  cleanup.push(async () => {
    launcher.kill('SIGTERM');
    await exited;
    if (!process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  });
  const up = new Promise<void>((resolve, reject) => {
    let seen = '';
    launcher.stdout?.on('data', (chunk: Buffer) => {
      seen += String(chunk);
      if (seen.includes('integration is up')) resolve();
    });
    void exited.then(() => reject(new Error(`the stack did not start; see ${path.join(dataDir, 'launcher.log')} and ${path.join(dataDir, 'logs')}`)));
  });
  await Promise.race([up, sleep(180_000).then(() => Promise.reject(new Error('the stack took over 3 minutes to start')))]);
  return {
    apiUrl: `http://127.0.0.1:${ports['API_PORT']}`,
    sandboxUrl: `http://127.0.0.1:${ports['SANDBOX_PORT']}`,
    inboxUrl: `http://127.0.0.1:${ports['INBOX_PORT']}`,
    env,
  };
}

async function tenantCalls(stack: Stack, tenantId: number): Promise<number> {
  const stats = (await json(`${stack.sandboxUrl}/__sandbox/stats`)).body as { key: string; requests: number }[];
  return stats.filter((s) => s.key.startsWith(`${tenantId} `)).reduce((sum, s) => sum + s.requests, 0);
}

async function continueSetupLink(stack: Stack, address: string): Promise<string> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    const emails = (await json(`${stack.inboxUrl}/api/email`)).body as { subject: string; text?: string; to: { address: string }[] }[];
    const email = emails.find((e) => e.to.some((t) => t.address === address) && /continue/i.test(e.subject));
    const link = /(http:\/\/\S+\/v1\/continue-setup\?token=[^\s>)\]]+)/.exec(email?.text ?? '')?.[1];
    if (link) return link;
  }
  throw new Error(`no Continue Setup email to ${address}`);
}

interface Onboarding {
  timings: Map<string, number>;
  calls: Map<Phase, number>;
  tenantId: number;
  partnerId: string;
  partnerHeaders: Record<string, string>;
}

async function onboard(stack: Stack, jwtSecret: string, run: string, index: number): Promise<Onboarding> {
  const timings = new Map<string, number>();
  const calls = new Map<Phase, number>();
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings.set(name, performance.now() - started);
    }
  };
  const tenant = await json(`${stack.sandboxUrl}/__sandbox/tenants`, 'POST', {
    name: `Bench Air ${run}-${index}`,
    locations: LOCATIONS_PER_TENANT,
    comfortCredits: 0,
  });
  expectStatus('sandbox tenant', tenant, 201);
  const { tenantId, clientId, clientSecret } = tenant.body as { tenantId: number; clientId: string; clientSecret: string };
  let counted = await tenantCalls(stack, tenantId);
  const phaseDone = async (phase: Phase) => {
    const now = await tenantCalls(stack, tenantId);
    calls.set(phase, now - counted);
    counted = now;
  };

  const partnerId = `bench-${run}-${index}`;
  const partnerHeaders = { authorization: `Bearer ${await issueToken({ sub: `admin@${partnerId}.example`, role: 'partner', partnerId }, jwtSecret)}` };
  const staffHeaders = { authorization: `Bearer ${await issueToken({ sub: 'bench@smartac.com', role: 'staff' }, jwtSecret)}` };
  const base = `${stack.apiUrl}/v1/partners/${partnerId}/integrations/servicetitan`;
  const call = (method: string, suffix: string, body?: unknown) => json(`${base}${suffix}`, method, body, partnerHeaders);
  const contactEmail = `office+${partnerId}@bench.example`;
  const planId = `${partnerId}-gold`;

  expectStatus(
    'plans',
    await json(
      `${stack.apiUrl}/v1/partners/${partnerId}/maintenance-plans`,
      'PUT',
      { plans: [{ id: planId, name: 'Smart Maintenance Gold' }] },
      partnerHeaders,
    ),
    200,
  );
  const prerequisites = {
    maintenancePlansInDashboard: true,
    maintenancePlansInServiceTitan: true,
    comfortCreditCustomField: true,
    tagType: true,
    campaignCodes: true,
    adjustableCapacityPlanning: true,
  };
  expectStatus('start', await timed('start', () => call('POST', '', { tenantId: String(tenantId), contactEmail, prerequisites })), 201);
  expectStatus(
    'approve',
    await timed('staff approve', () => json(`${stack.apiUrl}/v1/staff/integrations/${partnerId}/approve`, 'POST', { note: 'bench' }, staffHeaders)),
    202,
  );
  const link = await continueSetupLink(stack, contactEmail);
  expectStatus('continue setup', await timed('continue-setup link', () => json(link)), 302);

  expectStatus('credentials', await timed('credentials', () => call('PUT', '/credentials', { clientId, clientSecret })), 200);
  await phaseDone('credentials');
  const catalogAnswer = await timed('catalog', () => call('GET', '/catalog'));
  expectStatus('catalog', catalogAnswer, 200);
  await phaseDone('catalog');
  const catalog = catalogAnswer.body as Record<string, { id: number | string; name?: string; dataType?: string; businessUnitIds?: number[] }[]>;
  const jobType = catalog['jobTypes']!.find((j) => (j.businessUnitIds ?? []).length > 0)!;
  const businessUnitId = jobType.businessUnitIds![0]!;
  const steps: [string, string, unknown][] = [
    ['planMappings', '/plan-mappings', { mappings: [{ planId, membershipTypeId: catalog['membershipTypes']![0]!.id }] }],
    [
      'jobTypeMappings',
      '/job-type-mappings',
      { mappings: catalog['tradeConditions']!.map((tc) => ({ tradeConditionId: tc.id, businessUnitId, jobTypeId: jobType.id })) },
    ],
    ['comfortCreditField', '/comfort-credit-field', { customFieldName: catalog['locationCustomFields']!.find((f) => f.dataType === 'Numeric')!.name }],
    ['eligibleServices', '/eligible-services', { serviceIds: catalog['services']!.slice(0, 2).map((s) => s.id) }],
    ['tag', '/tag', { tagName: catalog['tagTypes']!.find((t) => /smartac/i.test(t.name ?? ''))!.name }],
    ['campaign', '/campaign', { campaignId: catalog['campaigns']![0]!.id }],
    ['capacityScheduling', '/capacity-scheduling', { enabled: true, businessUnitIds: [businessUnitId] }],
  ];
  for (const [name, suffix, body] of steps) expectStatus(name, await timed(`step ${name}`, () => call('PUT', suffix, body)), 200);
  await phaseDone('steps');
  const submitted = await timed('submit', () => call('POST', '/submit'));
  expectStatus('submit', submitted, 200);
  if ((submitted.body as { status: string }).status !== 'ACTIVE') throw new Error(`submit answered ${JSON.stringify(submitted.body)}`);
  await phaseDone('submit');
  return { timings, calls, tenantId, partnerId, partnerHeaders };
}

/** Waits until every sync child of these partners has reported its first pass (at most 30 s). */
async function untilFirstPassesRan(stack: Stack, onboardings: Onboarding[]): Promise<void> {
  const ran = async ({ partnerId, partnerHeaders }: Onboarding) =>
    everySyncChildHasRun(
      (await json(`${stack.apiUrl}/v1/partners/${partnerId}/integrations/servicetitan`, 'GET', undefined, partnerHeaders)).body as OnboardingState,
    );
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    if ((await Promise.all(onboardings.map(ran))).every(Boolean)) return;
  }
  throw new Error("the warm-up partners' sync children did not report their first passes within 30 s");
}

/** Runs `work` for 0..count-1 with at most `concurrency` at once. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Minimal start-signal-complete workflows on their own worker and task queue: completions per second. */
async function baselineRate(stack: Stack): Promise<number> {
  const config = loadConfig(stack.env);
  const taskQueue = `bench-minimal-${randomUUID()}`;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./minimal-workflow'),
  });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  try {
    return await worker.runUntil(async () => {
      const started = performance.now();
      await pool(BASELINE_WORKFLOWS, CONCURRENCY, async (i) => {
        const handle = await client.workflow.start(minimalStartSignalComplete, { taskQueue, workflowId: `${taskQueue}-${i}` });
        await handle.signal(finishSignal);
        await handle.result();
      });
      return BASELINE_WORKFLOWS / ((performance.now() - started) / 1000);
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

/** Means over every partner's updates of each kind, from the workflows' histories. */
async function printWhereTheTimeGoes(stack: Stack, results: Onboarding[]): Promise<void> {
  const config = loadConfig(stack.env);
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const sums = new Map<string, { count: number; parts: Map<string, number> }>();
    for (const result of results) {
      for (const { name, parts } of await updateTimelines(client.workflow.getHandle(onboardingWorkflowId(result.partnerId)))) {
        const sum = sums.get(name) ?? { count: 0, parts: new Map<string, number>() };
        sum.count += 1;
        for (const [part, value] of parts) sum.parts.set(part, (sum.parts.get(part) ?? 0) + value);
        sums.set(name, sum);
      }
    }
    console.log("  where an update's time goes (mean ms per update, from the workflow histories):");
    for (const [name, { count, parts }] of sums) {
      console.log(`    ${name} (${count} updates)`);
      for (const [part, value] of parts) console.log(`      ${part.padEnd(52)} ${(value / count).toFixed(0).padStart(6)}`);
    }
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const stack = await startStack(cleanup);
    const config = loadConfig(stack.env);
    const jwtSecret = config.auth.jwtSecret;
    const run = randomUUID().slice(0, 6);
    // Warm-up, not measured: two partners per worker process at once, so every worker has run
    // each kind of request (a process's first Prisma query, first plan of each query shape and
    // first ServiceTitan call are its slowest), then their sync children's first passes end.
    // One partner warmed only the worker that took its tasks: with two, the other met the
    // measured burst cold, its event loop stalled for up to 0.66 s by its first tasks.
    const warmUp = 2 * config.worker.processes;
    const warm = await pool(warmUp, warmUp, (i) => onboard(stack, jwtSecret, `${run}-warm`, i));
    await untilFirstPassesRan(stack, warm);

    const started = performance.now();
    const results = await pool(PARTNERS, CONCURRENCY, (i) => onboard(stack, jwtSecret, run, i));
    const seconds = (performance.now() - started) / 1000;
    await sleep(5_000);
    for (const result of results) {
      const total = [...result.calls.values()].reduce((a, b) => a + b, 0);
      result.calls.set('after ACTIVE (first sync passes, 5 s)', (await tenantCalls(stack, result.tenantId)) - total);
    }
    const baseline = await baselineRate(stack);

    console.log(`Onboarding: ${PARTNERS} partners on distinct sandbox tenants, ${CONCURRENCY} at once, start to ACTIVE through the HTTP API`);
    console.log(`  ${(PARTNERS / seconds).toFixed(2)} onboardings/s (${seconds.toFixed(1)} s)`);
    console.log(
      `  baseline, same Temporal server: ${baseline.toFixed(1)} minimal start-signal-complete workflows/s (${BASELINE_WORKFLOWS}, ${CONCURRENCY} at once)`,
    );
    console.log('  latency per request (ms):            p50      p99      max');
    for (const name of results[0]!.timings.keys()) {
      const values = results.map((r) => r.timings.get(name) ?? NaN);
      console.log(
        `    ${name.padEnd(32)} ${percentile(values, 50).toFixed(0).padStart(6)}   ${percentile(values, 99).toFixed(0).padStart(6)}   ${Math.max(...values)
          .toFixed(0)
          .padStart(6)}`,
      );
    }
    const steps = results.flatMap((r) => [...r.timings].filter(([name]) => name.startsWith('step ')).map(([, ms]) => ms));
    console.log(
      `    ${'every step together'.padEnd(32)} ${percentile(steps, 50).toFixed(0).padStart(6)}   ${percentile(steps, 99).toFixed(0).padStart(6)}   ${Math.max(
        ...steps,
      )
        .toFixed(0)
        .padStart(6)}`,
    );
    console.log('  ServiceTitan calls per onboarding (mean over partners):');
    let startToActive = 0;
    for (const phase of PHASES) {
      const mean = results.reduce((sum, r) => sum + (r.calls.get(phase) ?? 0), 0) / results.length;
      if (phase !== 'after ACTIVE (first sync passes, 5 s)') startToActive += mean;
      console.log(`    ${phase.padEnd(40)} ${mean.toFixed(1)}`);
    }
    console.log(`    ${'start to ACTIVE'.padEnd(40)} ${startToActive.toFixed(1)}`);
    await printWhereTheTimeGoes(stack, results);
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch((error: unknown) => console.error(error));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
