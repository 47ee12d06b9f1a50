// bench/memory.ts's worker process: one Temporal worker, built with the service's workflow options
// (workers/worker.ts) or the minimal workflow's bundle, reporting its memory on request over IPC.
// Activities are stubs that answer at once: the bench measures the workflows' memory, not Prisma's.
//   node --expose-gc dist/bench/memory-worker.js <onboarding|minimal> <address> <namespace> <taskQueue>
// BENCH_MEMORY_DEBUG=1 runs workflows in the main thread (the SDK's debugMode), so gc() and heap
// snapshots reach them; without it they run in the SDK's workflow thread as in production.
import { writeHeapSnapshot } from 'node:v8';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Activities } from '../activities';
import { workflowOptions } from '../workers/worker';

export interface MemoryReport {
  type: 'memory';
  rssMb: number;
  heapUsedMb: number;
  cachedWorkflows: number;
  inFlightActivities: number;
  activityCalls: number;
}
export type WorkerRequest = { type: 'measure' } | { type: 'snapshot'; file: string } | { type: 'stop' };
export type WorkerMessage = { type: 'ready' } | MemoryReport | { type: 'snapshot-written'; file: string };

const MB = 1024 * 1024;
const [kind, address, namespace, taskQueue] = process.argv.slice(2) as [string, string, string, string];

let activityCalls = 0;
/** What the onboarding calls while it waits for review (the start's audit and tenant check). */
const stubActivities = {
  recordOnboardingEvent: async () => {
    activityCalls += 1;
  },
  findTenantConflicts: async () => {
    activityCalls += 1;
    return { otherPartnerIds: [] };
  },
  sendOnboardingEmail: async () => {
    activityCalls += 1;
    return { messageId: `bench-${activityCalls}`, alreadySent: false };
  },
} satisfies Partial<Activities>;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Collects garbage (twice: weak references and finalizers free more on the second pass), then settles. */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 2; i += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  // Slow workflow tasks (TMPRL1104) are expected while 1,000 start at once on a shared CPU: not shown.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: stubActivities,
    ...(kind === 'minimal' ? { workflowsPath: require.resolve('./memory-minimal-workflow') } : workflowOptions()),
    debugMode: process.env.BENCH_MEMORY_DEBUG === '1',
  });
  process.on('message', (request: WorkerRequest) => {
    void (async () => {
      if (request.type === 'stop') return worker.shutdown();
      await collect();
      if (request.type === 'snapshot') return send({ type: 'snapshot-written', file: writeHeapSnapshot(request.file) });
      const status = worker.getStatus();
      const usage = process.memoryUsage();
      send({
        type: 'memory',
        rssMb: usage.rss / MB,
        heapUsedMb: usage.heapUsed / MB,
        cachedWorkflows: status.numCachedWorkflows,
        inFlightActivities: status.numInFlightActivities,
        activityCalls,
      });
    })();
  });
  const running = worker.run();
  send({ type: 'ready' });
  await running;
  await connection.close();
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
