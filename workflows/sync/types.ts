// Shared types of the live integration's sync workflows, their activities and the API. Plain data.

/** The child workflows an ACTIVE integration runs, one per kind of ongoing work. */
export const SYNC_CHILDREN = ['comfortCredits', 'technicianReminders', 'tagging', 'memberships', 'visits'] as const;
export type SyncChild = (typeof SYNC_CHILDREN)[number];

/** What one pass of a sync activity did. */
export interface SyncPassResult {
  /** Items looked at in this pass. */
  checked: number;
  /** Writes made to ServiceTitan in this pass. */
  writes: number;
  /** Items still waiting after this pass (the next pass starts at once while > 0). */
  backlog: number;
  /** Items ServiceTitan refused in this pass (recorded with its answer where they live). */
  failed: number;
  /**
   * Items whose last attempt ServiceTitan refused and that still wait for their retry, whether or
   * not this pass tried them (absent: a pass without per-item retries; `failed` counts then).
   */
  failing?: number;
  /** Items ServiceTitan took (absent: those this pass checked and did not fail). */
  succeeded?: number;
  /** The most recent refusal among the failing items. */
  lastItemError?: SyncItemError;
  /**
   * When this pass's own work needs another look with no event to wake the child (ISO time): the
   * next retry of a refused item, or the next look at appointments while a hub alert is open.
   * Absent: nothing until an event (or the idle check, SyncPassTiming.idleCheckMs).
   */
  nextWakeAt?: string;
  /** The timings of the worker that ran the pass (lib/config.ts), which the child follows from then on. */
  timing?: SyncPassTiming;
}

/**
 * A child's timings, decided by the worker (returned with each pass) rather than frozen into the
 * onboarding's input when it started, so a changed setting reaches integrations already live.
 */
export interface SyncPassTiming {
  /** After a failed pass, and between looks at appointments while a hub alert is open. */
  intervalMs: number;
  /** Between reconciliations of Comfort Credit balances with ServiceTitan's export feed. */
  reconcileEveryMs: number;
  /** How far ahead technician reminders look for appointments. */
  reminderLookaheadHours: number;
  /**
   * A child with nothing to do looks anyway after this long: a wake-up is best effort, and the
   * tagging child reads ServiceTitan's jobs feed then (jobs booked in ServiceTitan send no event).
   */
  idleCheckMs: number;
}

/** One item ServiceTitan refused: which one, and its answer (never credentials). */
export interface SyncItemError {
  /** e.g. `location 1001234`, `member m-1`, `visit 5f0c…`. */
  item: string;
  /** ServiceTitan's answer: the call, the status and the problem's title/detail. */
  message: string;
  status?: number;
  at: string;
}

/**
 * ok: nothing failing. partial: some items refused, others fine. failed: the pass failed, or every
 * item it has is refused. paused: credentials refused, waiting for new ones.
 */
export type SyncResult = 'ok' | 'partial' | 'failed' | 'paused';

/** Health of one child, reported to the parent after every pass and shown in the partner's state. */
export interface SyncHealth {
  lastRunAt?: string;
  /** `stopped`: set by the parent when the integration is disconnected (the child is cancelled). */
  lastResult?: SyncResult | 'stopped';
  /** The pass's failure, or for partial/failed items the latest refusal (`<item>: <answer>`). */
  lastError?: string;
  /** Items currently refused by ServiceTitan (waiting for their retry). */
  failedItems?: number;
  lastItemError?: SyncItemError;
  runs: number;
  /** Cumulative writes to ServiceTitan. */
  writes: number;
  backlog: number;
}

export function syncWorkflowId(partnerId: string, child: SyncChild): string {
  return `onboarding-${partnerId}/sync-${child}`;
}
