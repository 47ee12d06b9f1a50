// Benchmark: worker memory per 1,000 onboardings waiting for review, beside a minimal workflow
// (bench/memory-minimal-workflow.ts, one signal wait, bundled on its own) on its own worker in the
// same run. A Temporal dev server (scripts/stack) and two worker processes (bench/memory-worker.ts,
// built with the service's workflow options; activities stubbed, so the figure is the workflows'):
// each reports its resident set before and after N workflows are started and settled in its sticky
// cache, after a GC. Onboardings are started as the API starts them (update-with-start). Prints MB
// per 1,000 for both and the ratio. Asserts nothing.
//   node dist/bench/memory.js [workflows=1000] [--snapshots]
// --snapshots runs both workers with workflows in their main thread (BENCH_MEMORY_DEBUG) and writes
// heap snapshots before and after into the bench's temporary folder (kept, and printed).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection, WithStartWorkflowOperation, WorkflowClient } from '@temporalio/client';
import { startTemporalDevServer } from '../scripts/stack/temporal';
import { freePort, sleep, stopProcess } from '../scripts/stack/processes';
import { startOnboardingUpdate } from '../workflows/onboarding/messages';
import { DEFAULT_TIMINGS, onboardingWorkflowId, type StartOnboardingInput } from '../workflows/onboarding/types';
import type { onboardingWorkflow } from '../workflows/onboarding/workflow';
import type { MemoryReport, WorkerMessage, WorkerRequest } from './memory-worker';

const args = process.argv.slice(2);
const WORKFLOWS = Number(args.find((a) => !a.startsWith('--')) ?? 1000);
const SNAPSHOTS = args.includes('--snapshots');
const NAMESPACE = 'default';
const CONCURRENCY = 20;

/** One worker process and its IPC channel. */
class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly waiting: { resolve: (message: WorkerMessage) => void; reject: (err: Error) => void }[] = [];
  readonly ready: Promise<void>;

  constructor(
    readonly kind: 'onboarding' | 'minimal',
    readonly taskQueue: string,
    address: string,
  ) {
    this.child = fork(path.join(__dirname, 'memory-worker.js'), [kind, address, NAMESPACE, taskQueue], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, ...(SNAPSHOTS ? { BENCH_MEMORY_DEBUG: '1' } : {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: WorkerMessage) => this.waiting.shift()?.resolve(message));
    this.child.on('exit', (code) => this.waiting.splice(0).forEach((w) => w.reject(new Error(`the ${kind} worker exited (${code})`))));
    this.ready = this.next().then(() => undefined);
  }

  private next(): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private ask(request: WorkerRequest): Promise<WorkerMessage> {
    const answer = this.next();
    this.child.send(request);
    return answer;
  }

  async measure(): Promise<MemoryReport> {
    const answer = await this.ask({ type: 'measure' });
    if (answer.type !== 'memory') throw new Error(`unexpected answer ${answer.type}`);
    return answer;
  }

  async snapshot(file: string): Promise<string> {
    const answer = await this.ask({ type: 'snapshot', file });
    if (answer.type !== 'snapshot-written') throw new Error(`unexpected answer ${answer.type}`);
    return answer.file;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies WorkerRequest);
    await exited;
  }
}

/** Runs `task(i)` for i in [0, count) with at most CONCURRENCY at once. */
async function inParallel(count: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Waits until the worker holds `count` workflows in its cache and has had nothing to do for 3 s. */
async function settled(worker: WorkerProcess, count: number): Promise<void> {
  let last: MemoryReport | undefined;
  for (const started = Date.now(); Date.now() - started < 300_000;) {
    const now = await worker.measure();
    const quiet = now.inFlightActivities === 0 && now.activityCalls === last?.activityCalls;
    if (now.cachedWorkflows >= count && quiet) return;
    last = now;
    await sleep(2000);
  }
  throw new Error(`the ${worker.kind} worker did not settle (${last?.cachedWorkflows} workflows cached)`);
}

function startInput(i: number): StartOnboardingInput {
  return {
    partnerId: `bench-memory-${i}`,
    tenantId: String(1_000_000 + i),
    contactEmail: `partner-${i}@example.com`,
    prerequisites: {
      maintenancePlansInDashboard: true,
      maintenancePlansInServiceTitan: true,
      comfortCreditCustomField: true,
      tagType: true,
      campaignCodes: false,
      adjustableCapacityPlanning: false,
    },
    requestedBy: { type: 'PARTNER', id: `partner-user-${i}` },
    timings: DEFAULT_TIMINGS,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smartac-bench-memory-'));
  const host = '127.0.0.1';
  const port = await freePort();
  const temporal = await startTemporalDevServer({
    dataDir: path.join(dir, 'temporal'),
    logDir: dir,
    host,
    port,
    uiPort: await freePort(),
    namespace: NAMESPACE,
  });
  const address = `${host}:${port}`;
  const workers = [new WorkerProcess('onboarding', 'bench-memory-onboarding', address), new WorkerProcess('minimal', 'bench-memory-minimal', address)];
  const connection = await Connection.connect({ address });
  try {
    const client = new WorkflowClient({ connection, namespace: NAMESPACE });
    await Promise.all(workers.map((w) => w.ready));
    const [ours, minimal] = workers as [WorkerProcess, WorkerProcess];
    const before = await Promise.all(workers.map((w) => w.measure()));
    if (SNAPSHOTS) await Promise.all(workers.map((w) => w.snapshot(path.join(dir, `${w.kind}-before.heapsnapshot`))));

    let started = performance.now();
    await inParallel(WORKFLOWS, async (i) => {
      const input = startInput(i);
      await client.executeUpdateWithStart(startOnboardingUpdate, {
        updateId: `${startOnboardingUpdate.name}:bench-${i}`,
        startWorkflowOperation: new WithStartWorkflowOperation<typeof onboardingWorkflow>('onboardingWorkflow', {
          workflowId: onboardingWorkflowId(input.partnerId),
          taskQueue: ours.taskQueue,
          args: [{ ...input, startUpdateId: `${startOnboardingUpdate.name}:bench-${i}` }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    });
    await settled(ours, WORKFLOWS);
    const oursSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    await inParallel(WORKFLOWS, (i) =>
      client.start('minimalWorkflow', { workflowId: `bench-memory-minimal-${i}`, taskQueue: minimal.taskQueue, args: [startInput(i)] }),
    );
    await settled(minimal, WORKFLOWS);
    const minimalSeconds = (performance.now() - started) / 1000;

    const after = await Promise.all(workers.map((w) => w.measure()));
    if (SNAPSHOTS) await Promise.all(workers.map((w) => w.snapshot(path.join(dir, `${w.kind}-after.heapsnapshot`))));

    const perThousand = (i: number) => ((after[i]!.rssMb - before[i]!.rssMb) * 1000) / WORKFLOWS;
    const mb = (value: number) => value.toFixed(0).padStart(5);
    console.log(`Worker memory with ${WORKFLOWS.toLocaleString('en-US')} workflows in the sticky cache (resident set after a GC; activities stubbed)`);
    for (const [i, w] of workers.entries()) {
      const seconds = w.kind === 'onboarding' ? oursSeconds : minimalSeconds;
      console.log(
        `  ${w.kind.padEnd(10)} RSS ${mb(before[i]!.rssMb)} MB -> ${mb(after[i]!.rssMb)} MB   ${mb(perThousand(i))} MB per 1,000   ` +
          `(heap ${mb(before[i]!.heapUsedMb)} -> ${mb(after[i]!.heapUsedMb)} MB, ${after[i]!.cachedWorkflows} cached, started and settled in ${seconds.toFixed(1)} s)`,
      );
    }
    console.log(`  ratio onboarding / minimal: ${(perThousand(0) / perThousand(1)).toFixed(2)}   (goal <= 2)`);
    if (SNAPSHOTS) console.log(`  heap snapshots (workflows in the main thread): ${dir}`);
  } finally {
    await connection.close();
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await stopProcess(temporal);
    if (!SNAPSHOTS) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
