// When a sync child that has nothing waiting runs its next pass, if no event wakes it first. Pure
// and deterministic: the sync workflow calls it, tests check it directly. Only work that needs a
// clock keeps one: an item's retry time, an open hub alert (its appointments are watched), the
// Comfort Credit reconciliation, a failed pass; everything else waits for an event, with one
// idle check as the net under a lost wake-up.
import type { SyncChild, SyncPassResult, SyncPassTiming } from './types';

/** The idle check of a child whose worker does not say (stub activities, workers before it). */
export const DEFAULT_IDLE_CHECK_MS = 30 * 60_000;
/**
 * The soonest a pass's own next look is honoured: a worker's clock a little ahead of the
 * workflow's must not make a child pass again and again before its item is due.
 */
export const MIN_WAKE_MS = 1000;

export interface NextPassInput {
  child: SyncChild;
  now: number;
  timing: Omit<SyncPassTiming, 'idleCheckMs'> & { idleCheckMs?: number };
  /** The last pass's result; absent when it failed. */
  result?: SyncPassResult;
  /** When the Comfort Credit balances were last reconciled. */
  lastReconcileAt: number;
}

/** Milliseconds until the next pass (0: at once). */
export function nextPassIn({ child, now, timing, result, lastReconcileAt }: NextPassInput): number {
  // A failed pass left its work undone: tried again after the interval, as before.
  if (!result) return timing.intervalMs;
  const due = [now + (timing.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS)];
  if (result.nextWakeAt !== undefined) {
    const at = Date.parse(result.nextWakeAt);
    if (Number.isFinite(at)) due.push(Math.max(at, now + MIN_WAKE_MS));
  }
  if (child === 'comfortCredits') due.push(lastReconcileAt + timing.reconcileEveryMs);
  return Math.max(0, Math.min(...due) - now);
}
