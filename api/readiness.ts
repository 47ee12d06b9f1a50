// GET /readyz: whether this API can do its job right now. It needs Temporal, the database, and at
// least one worker polling our task queue (for workflow tasks and for activity tasks): without a
// worker, every request that starts or updates a workflow would wait and time out. 503 names what
// is missing. Each check has its own deadline, and one answer serves every caller for a second,
// so probes cannot pile load onto Temporal or Postgres.
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Db } from '../lib/db/client';
import { respond } from './respond';

/**
 * A live worker long-polls each task queue type again at least every ~60 s (Temporal's long-poll
 * expiry) and Temporal stamps the poller then; a poller not seen for longer than this is gone.
 */
export const POLLER_FRESHNESS_MS = 90_000;
export const CHECK_DEADLINE_MS = 2000;
export const CACHE_MS = 1000;

const CHECK_NAMES = ['temporal', 'database', 'worker'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    missing: z.array(z.enum(CHECK_NAMES)).optional().meta({ description: 'what is not available (when unavailable)' }),
    checks: z.object({ temporal: z.string(), database: z.string(), worker: z.string() }).meta({ description: '`ok`, or `error: <why>` per check' }),
  })
  .meta({ id: 'Readiness' });

export interface Readiness {
  ready: boolean;
  checks: Record<CheckName, string>;
  missing: CheckName[];
}

export interface ReadinessDeps {
  temporal: Client;
  db: Db;
  namespace: string;
  taskQueue: string;
}

export function readinessCheck(deps: ReadinessDeps, now: () => number = Date.now): () => Promise<Readiness> {
  let inFlight: Promise<Readiness> | undefined;
  let last: { at: number; answer: Readiness } | undefined;
  return () => {
    // Concurrent probes share the round under way; back-to-back ones its answer for CACHE_MS.
    if (inFlight) return inFlight;
    if (last && now() - last.at < CACHE_MS) return Promise.resolve(last.answer);
    inFlight = checkAll(deps, now).then((answer) => {
      last = { at: now(), answer };
      inFlight = undefined;
      return answer;
    });
    return inFlight;
  };
}

async function checkAll(deps: ReadinessDeps, now: () => number): Promise<Readiness> {
  // Temporal calls carry the deadline themselves, so they are cancelled rather than left retrying.
  const withDeadline = <T>(fn: () => Promise<T>) => deps.temporal.connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, fn);
  const [temporal, database, worker] = await Promise.all([
    check(() => withDeadline(() => deps.temporal.workflowService.getSystemInfo({}))),
    check(() => deps.db.$queryRaw`SELECT 1`),
    check(() => withDeadline(() => pollingWorker(deps, now))),
  ]);
  const checks = { temporal, database, worker };
  const missing = (Object.keys(checks) as CheckName[]).filter((name) => checks[name] !== 'ok');
  return { ready: missing.length === 0, checks, missing };
}

async function pollingWorker(deps: ReadinessDeps, now: () => number): Promise<void> {
  const types = { workflow: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, activity: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY };
  const unpolled = [];
  for (const [label, taskQueueType] of Object.entries(types)) {
    const { pollers } = await deps.temporal.workflowService.describeTaskQueue({
      namespace: deps.namespace,
      taskQueue: { name: deps.taskQueue },
      taskQueueType,
    });
    const fresh = pollers.some((p) => now() - Number(p.lastAccessTime?.seconds ?? 0) * 1000 <= POLLER_FRESHNESS_MS);
    if (!fresh) unpolled.push(label);
  }
  if (unpolled.length > 0) {
    throw new Error(`no worker has polled ${deps.taskQueue} (${unpolled.join(' and ')} tasks) in the last ${POLLER_FRESHNESS_MS / 1000} s`);
  }
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_DEADLINE_MS / 1000} s`)), CHECK_DEADLINE_MS);
        timer.unref();
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `error: ${publicMessage(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** /readyz is public: no credentials from a connection URL, and no walls of driver text. */
function publicMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message
    .replace(/\/\/[^\s/@]*@/g, '//***@')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

export function readinessHandler(deps: ReadinessDeps): RequestHandler {
  const readiness = readinessCheck(deps);
  return async (_req, res) => {
    const { ready, checks, missing } = await readiness();
    res.set('cache-control', 'no-store');
    if (ready) respond(res, 200, readinessSchema, { status: 'ready', checks });
    else respond(res, 503, readinessSchema, { status: 'unavailable', missing, checks });
  };
}
