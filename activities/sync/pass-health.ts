// Each sync child's health in the read model (api/read-model.ts), written by the pass activity
// itself at the end of the pass: no Temporal action, no history. It says what the child workflow
// (workflows/sync/workflow.ts) makes of the same pass, with the same rule (healthOfPass):
//   - a pass that returned: its health, its writes added, its backlog;
//   - refused credentials: paused with ServiceTitan's answer (the child waits for new ones);
//   - any other failure: only once retries are over (the last attempt, or a non-retryable
//     failure), as failed with its message, keeping the items' figures; an attempt that will be
//     retried, or a cancelled one (disconnect), writes nothing.
// What only the workflow knows (a pause signalled while the child had nothing to run, `stopped`
// at disconnect) the API derives from the onboarding's status instead.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Db } from '../../lib/db/client';
import { workerMetrics, type SyncMetrics } from '../../lib/metrics/worker-metrics';
import { CREDENTIALS_REJECTED } from '../../workflows/failures';
import { healthOfPass } from '../../workflows/sync/health';
import type { SyncChild, SyncPassResult } from '../../workflows/sync/types';

type Pass<I extends { partnerId: string }> = (input: I) => Promise<SyncPassResult>;

const NO_METRICS = workerMetrics().sync;

/**
 * `pass` with its health written when it ends, and counted in `metrics` (every attempt, by how it
 * ended; writes by child). `countsAsRun: false` for the second activity of one pass (the Comfort
 * Credit reconciliation), so `runs` counts passes as the workflow does.
 */
export function withPassHealth<I extends { partnerId: string }>(
  db: Db,
  child: SyncChild,
  pass: Pass<I>,
  { countsAsRun = true, metrics = NO_METRICS }: { countsAsRun?: boolean; metrics?: SyncMetrics } = {},
): Pass<I> {
  const runs = countsAsRun ? 1 : 0;
  return async (input) => {
    let result: SyncPassResult;
    try {
      result = await pass(input);
    } catch (err) {
      const ending = endingFailure(err);
      metrics.passEnded(child, ending?.result ?? (err instanceof CancelledFailure || cancelled() ? 'cancelled' : 'retrying'));
      if (ending) await writeFailure(db, input.partnerId, child, ending, runs);
      throw err;
    }
    const health = healthOfPass(result);
    metrics.passEnded(child, health.lastResult);
    metrics.wrote(child, result.writes);
    await db.$executeRaw`
      INSERT INTO "sync_child_health" AS h ("partner_id", "child", "last_run_at", "last_result", "last_error", "failed_items", "last_item_error", "runs", "writes", "backlog")
      VALUES (${input.partnerId}, ${child}, ${new Date()}, ${health.lastResult}, ${health.lastError ?? null}, ${health.failedItems ?? 0},
              ${health.lastItemError ? JSON.stringify(health.lastItemError) : null}::jsonb, ${runs}, ${result.writes}, ${result.backlog})
      ON CONFLICT ("partner_id", "child") DO UPDATE SET
        "last_run_at" = EXCLUDED."last_run_at", "last_result" = EXCLUDED."last_result", "last_error" = EXCLUDED."last_error",
        "failed_items" = EXCLUDED."failed_items", "last_item_error" = EXCLUDED."last_item_error",
        "runs" = h."runs" + EXCLUDED."runs", "writes" = h."writes" + EXCLUDED."writes", "backlog" = EXCLUDED."backlog"
      WHERE h."last_run_at" <= EXCLUDED."last_run_at"`;
    return result;
  };
}

/** How a failed attempt ends the pass for the workflow, or undefined when it does not (yet). */
function endingFailure(err: unknown): { result: 'paused' | 'failed'; message: string } | undefined {
  if (err instanceof CancelledFailure) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ApplicationFailure && err.type === CREDENTIALS_REJECTED) return { result: 'paused', message };
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return { result: 'failed', message }; // called directly (tests, benchmarks): no retries follow
  }
  if (context.cancellationSignal.aborted) return undefined;
  const info = context.info;
  const lastAttempt = info.retryPolicy?.maximumAttempts !== undefined && info.attempt >= info.retryPolicy.maximumAttempts;
  const nonRetryable = err instanceof ApplicationFailure && (err.nonRetryable || (info.retryPolicy?.nonRetryableErrorTypes ?? []).includes(err.type ?? ''));
  return lastAttempt || nonRetryable ? { result: 'failed', message } : undefined;
}

function cancelled(): boolean {
  try {
    return Context.current().cancellationSignal.aborted;
  } catch {
    return false;
  }
}

async function writeFailure(
  db: Db,
  partnerId: string,
  child: SyncChild,
  { result, message }: { result: string; message: string },
  runs: number,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "sync_child_health" AS h ("partner_id", "child", "last_run_at", "last_result", "last_error", "runs")
    VALUES (${partnerId}, ${child}, ${new Date()}, ${result}, ${message}, ${runs})
    ON CONFLICT ("partner_id", "child") DO UPDATE SET
      "last_run_at" = EXCLUDED."last_run_at", "last_result" = EXCLUDED."last_result", "last_error" = EXCLUDED."last_error", "runs" = h."runs" + EXCLUDED."runs"
    WHERE h."last_run_at" <= EXCLUDED."last_run_at"`;
}
