// A sync pass as one attempt of a Temporal activity, timed so that no two attempts ever write to
// ServiceTitan at the same time (a second attempt that starts while the first still waits on a
// slow job create would find no job yet and create another):
//   - it heartbeats every 5 s for as long as it runs, a ServiceTitan call in flight included, and
//     the worker sends each beat on (maxHeartbeatThrottleInterval, workers/worker.ts), so the 20 s
//     heartbeat timeout only fires when the worker is gone or silent for 15 s, never because
//     ServiceTitan is slow (one call may take up to the client's 30 s request timeout);
//   - its ServiceTitan client aborts the call in flight, and sends nothing more, when Temporal
//     cancels the attempt (disconnect, or a timeout the worker learns of from a heartbeat) and
//     15 s before the attempt's start-to-close limit (5 min), so it is over before Temporal
//     retries it;
//   - a write that went unanswered (timeout, abort) may still land: the retry waits 30 s before it
//     looks for what was written, then writes only what is missing (failures.ts).
// Outside an activity (tests that call a pass directly, the benchmark) none of this applies.
import { Context } from '@temporalio/activity';

export const HEARTBEAT_EVERY_MS = 5_000;
export const PASS_DEADLINE_MARGIN_MS = 15_000;

/** Why a pass's calls were aborted before its time limit (the message lands in failures). */
export class PassOutOfTimeError extends Error {
  constructor() {
    super(`the sync pass stopped ${PASS_DEADLINE_MARGIN_MS / 1000} s before its time limit`);
    this.name = 'PassOutOfTimeError';
  }
}

export interface PassScope {
  /** Aborts ServiceTitan calls: the attempt was cancelled or is out of time. */
  signal?: AbortSignal;
  /** True once the attempt's own deadline (not a cancellation) aborted its calls. */
  outOfTime(): boolean;
  /** True once Temporal cancelled the attempt. */
  cancelled(): boolean;
  /** Temporal's reason, to be thrown so the attempt is reported cancelled. */
  cancellation(): unknown;
}

export async function inPassScope<T>(run: (scope: PassScope) => Promise<T>): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return run({ outOfTime: () => false, cancelled: () => false, cancellation: () => undefined });
  }
  const active = context;
  const { currentAttemptScheduledTimestampMs, startToCloseTimeoutMs } = active.info;
  // Scheduled, not started: the deadline errs early, never late.
  const deadlineAt = currentAttemptScheduledTimestampMs + startToCloseTimeoutMs - PASS_DEADLINE_MARGIN_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new PassOutOfTimeError()), Math.max(0, deadlineAt - Date.now()));
  const beat = setInterval(() => active.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await run({
      signal: AbortSignal.any([active.cancellationSignal, deadline.signal]),
      outOfTime: () => deadline.signal.aborted && !active.cancellationSignal.aborted,
      cancelled: () => active.cancellationSignal.aborted,
      cancellation: () => active.cancellationSignal.reason,
    });
  } finally {
    clearTimeout(timer);
    clearInterval(beat);
  }
}
