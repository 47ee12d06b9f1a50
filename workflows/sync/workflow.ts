// One child of a live integration, doing one kind of ongoing work (workflows/sync/types.ts
// SYNC_CHILDREN) in passes: at once while work is waiting, when an event wakes it, and otherwise
// only when its work needs a clock (./schedule.ts), so an idle integration costs next to nothing.
// Credentials ServiceTitan refuses pause it and tell the parent, which resumes it after the
// partner rotates them. History stays bounded by continue-as-new; the parent stops it
// by cancellation on disconnect.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  PartnerIdKey,
  SyncBacklogKey,
  SyncChildKey,
  SyncFailedItemsKey,
  SyncLastErrorKey,
  SyncLastRunAtKey,
  SyncResultKey,
  TenantIdKey,
} from '../search-attributes';
import { combinePasses, healthOfPass, sameShownHealth, SEARCH_ATTRIBUTE_ERROR_CHARS, shownHealth, truncate, type ShownHealth } from './health';
import { nextPassIn, type NextPassInput } from './schedule';
import { credentialsRejectedSignal, pauseSignal, resumeSignal, syncHealthQuery, syncReportSignal, wakeSignal } from './messages';
import { CREDENTIALS_REJECTED } from '../failures';
import type { SyncChild, SyncHealth, SyncPassResult, SyncPassTiming } from './types';

export interface SyncWorkflowInput {
  partnerId: string;
  tenantId: string;
  child: SyncChild;
  parentWorkflowId: string;
  intervalMs: number;
  reconcileEveryMs: number;
  reminderLookaheadHours: number;
  /** Carried over continue-as-new. */
  carried?: {
    health: SyncHealth;
    paused: boolean;
    lastReconcileAt?: number;
    /** The search attribute values last upserted (shown only when they change). */
    shown?: ShownHealth;
    /** The worker's timings, from the last pass (the ones above are the onboarding's, frozen at its start). */
    timing?: SyncPassTiming;
  };
}

const sync = proxyActivities<Activities>({
  // One timing rule keeps two attempts of a pass from writing at once (activities/sync/pass-scope.ts):
  // a pass heartbeats every 5 s, calls in flight included, well inside the heartbeat timeout, so
  // only a dead worker misses it and another worker takes the pass over in seconds; a ServiceTitan
  // call takes at most 30 s, and the pass aborts its calls 15 s before the start-to-close limit.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  // Outages and throttling delay a pass (retries); after these the pass is reported failed and
  // the next one tries again. Refused credentials do not improve by retrying.
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 8, nonRetryableErrorTypes: [CREDENTIALS_REJECTED] },
});

/** Passes per run before continuing as new (history stays small whatever the uptime). */
const PASSES_PER_RUN = 200;

/**
 * Items ServiceTitan refuses make a pass partial or failed, shown in search attributes. Children
 * running from before replay the old way (every pass that ran was ok) until they continue as new.
 */
const ITEM_HEALTH_PATCH = 'sync-item-health';

/**
 * Cancellation (disconnect) is not a pass result. Whether it reaches a pass before its activity is
 * scheduled (CancelledFailure) or after (ActivityFailure caused by CancelledFailure) depends on how
 * the jobs of one workflow task are batched, so a cancelled run ends with nothing but its
 * cancellation: no health change, no search attribute, no report. The patch marker is written the
 * moment the cancellation arrives, so every path leaves the same commands; children closed before
 * this change replay without it (they reported such a pass as failed).
 */
const QUIET_CANCELLATION_PATCH = 'sync-cancellation-ends-quietly';

/** A pause that arrives while a pass runs is not overwritten by that pass's result. */
const PAUSED_DURING_PASS_PATCH = 'sync-paused-during-pass';

/**
 * Idle costs nothing: a child with nothing waiting sleeps until an event wakes it, or until its
 * work needs a clock (an item's retry, an open hub alert, the reconciliation; ./schedule.ts), with
 * a long idle check under a lost wake-up, instead of passing every `intervalMs`. Its search
 * attributes are upserted only when a shown value changes, SyncLastRunAt with them (it changed
 * every pass: one history event per pass for nothing). Children running from before keep the
 * interval and the per-pass upsert until their pass after the deploy.
 */
const WAITS_FOR_WORK_PATCH = 'sync-waits-for-work';

/**
 * The worker decides the timings (returned with each pass: the settings it was started with), so
 * a changed setting reaches integrations already live; the input's are the onboarding's, frozen
 * at its start. Children that passed before this change replay with the input's.
 */
const WORKER_TIMINGS_PATCH = 'sync-worker-timings';

function endIfCancelled(err?: unknown): void {
  const cancelled = err === undefined ? CancellationScope.current().consideredCancelled : isCancellation(err);
  if (cancelled && patched(QUIET_CANCELLATION_PATCH)) throw err ?? new CancelledFailure('sync workflow cancelled');
}

export async function syncWorkflow(input: SyncWorkflowInput): Promise<void> {
  const health: SyncHealth = input.carried?.health ?? { runs: 0, writes: 0, backlog: 0 };
  let paused = input.carried?.paused ?? false;
  let lastReconcileAt = input.carried?.lastReconcileAt ?? Date.now();
  let woken = true; // a new run starts with a pass
  let shown = input.carried?.shown;
  const inputTiming: NextPassInput['timing'] = {
    intervalMs: input.intervalMs,
    reconcileEveryMs: input.reconcileEveryMs,
    reminderLookaheadHours: input.reminderLookaheadHours,
  };
  let workerTiming = input.carried?.timing;
  const timing = (): NextPassInput['timing'] => (workerTiming && patched(WORKER_TIMINGS_PATCH) ? workerTiming : inputTiming);

  setHandler(syncHealthQuery, () => ({ ...health, paused }));
  setHandler(wakeSignal, () => {
    woken = true;
  });
  setHandler(pauseSignal, () => {
    paused = true;
    health.lastResult = 'paused';
    // Shown now, not at the next pass (which waits for the resume).
    if (patched(ITEM_HEALTH_PATCH)) upsertSearchAttributes([{ key: SyncResultKey, value: 'paused' }]);
    if (shown) shown = { ...shown, result: 'paused' };
  });
  setHandler(resumeSignal, () => {
    paused = false;
    woken = true;
  });

  void CancellationScope.current().cancelRequested.catch(() => patched(QUIET_CANCELLATION_PATCH));

  upsertSearchAttributes([
    { key: PartnerIdKey, value: input.partnerId },
    { key: TenantIdKey, value: input.tenantId },
    { key: SyncChildKey, value: input.child },
  ]);
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);

  const pass = async (): Promise<SyncPassResult> => {
    const { partnerId } = input;
    switch (input.child) {
      case 'comfortCredits': {
        const result = await sync.syncComfortCredits({ partnerId });
        if (Date.now() - lastReconcileAt < timing().reconcileEveryMs) return result;
        const repaired = await sync.reconcileComfortCredits({ partnerId });
        lastReconcileAt = Date.now();
        return combinePasses(result, repaired);
      }
      case 'technicianReminders':
        return sync.addTechnicianReminders({ partnerId, lookaheadHours: timing().reminderLookaheadHours });
      case 'tagging':
        return sync.syncTags({ partnerId });
      case 'memberships':
        return sync.syncMemberships({ partnerId });
      case 'visits':
        return sync.bookPendingVisits({ partnerId });
    }
  };

  for (let passes = 0; passes < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; passes++) {
    await condition(() => !paused);
    woken = false;
    const before = health.lastResult;
    let ran = false;
    let result: SyncPassResult | undefined;
    try {
      result = await pass();
      ran = true;
      if (result.timing) workerTiming = result.timing;
      const outcome = patched(ITEM_HEALTH_PATCH) ? healthOfPass(result) : { lastResult: 'ok' as const, lastError: undefined };
      Object.assign(health, {
        lastRunAt: new Date().toISOString(),
        ...outcome,
        runs: health.runs + 1,
        writes: health.writes + result.writes,
        backlog: result.backlog,
      });
      // Paused while this pass ran (the credentials were refused elsewhere): the pause is newer
      // than the pass's result and holds until the resume, so the child keeps showing it.
      // Children that replay a pass from before this change report it the old way.
      if (paused && patched(PAUSED_DURING_PASS_PATCH)) health.lastResult = 'paused';
    } catch (err) {
      endIfCancelled(err);
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      const message = cause?.message ?? (err as Error).message;
      if (cause instanceof ApplicationFailure && cause.type === CREDENTIALS_REJECTED) {
        // Stop here until the parent says the partner's new credentials work.
        paused = true;
        Object.assign(health, { lastRunAt: new Date().toISOString(), lastResult: 'paused', lastError: message, runs: health.runs + 1 });
        await parent.signal(credentialsRejectedSignal, { child: input.child, message });
      } else if (err instanceof ActivityFailure) {
        Object.assign(health, { lastRunAt: new Date().toISOString(), lastResult: 'failed', lastError: message, runs: health.runs + 1 });
      } else {
        throw err; // cancellation (disconnect) or a bug: not a sync result
      }
    }
    endIfCancelled(); // a pass that ended in the task that brought the cancellation reports nothing either
    const itemHealth = patched(ITEM_HEALTH_PATCH);
    // Children from before item health keep their old ways until they continue as new.
    const waitsForWork = itemHealth && patched(WAITS_FOR_WORK_PATCH);
    const now = shownHealth(health);
    if (waitsForWork && sameShownHealth(now, shown)) {
      // Nothing shown changed: no upsert, no history.
    } else if (waitsForWork) {
      upsertSearchAttributes([
        { key: SyncLastRunAtKey, value: new Date(health.lastRunAt ?? Date.now()) },
        { key: SyncBacklogKey, value: now.backlog },
        { key: SyncResultKey, value: now.result },
        { key: SyncFailedItemsKey, value: now.failedItems },
        { key: SyncLastErrorKey, value: now.lastError },
      ]);
      shown = now;
    } else
      upsertSearchAttributes([
        { key: SyncLastRunAtKey, value: new Date(health.lastRunAt ?? Date.now()) },
        { key: SyncBacklogKey, value: health.backlog },
        ...(itemHealth
          ? [
              { key: SyncResultKey, value: health.lastResult ?? 'ok' },
              { key: SyncFailedItemsKey, value: health.failedItems ?? 0 },
              // null removes the attribute: nothing failing, nothing shown.
              { key: SyncLastErrorKey, value: health.lastError ? truncate(health.lastError, SEARCH_ATTRIBUTE_ERROR_CHARS) : null },
            ]
          : []),
      ]);
    // The parent keeps the integration's overall health; it hears only of changes.
    if (health.lastResult !== before) await parent.signal(syncReportSignal, { child: input.child, health: { ...health } });
    // Waiting work goes on at once after a pass that ran, even with items refused: those wait for
    // their own retry time and are not in the backlog.
    if (health.backlog > 0 && (itemHealth ? ran && !paused : health.lastResult === 'ok')) continue;
    if (waitsForWork) {
      const wait = nextPassIn({ child: input.child, now: Date.now(), timing: timing(), result: ran ? result : undefined, lastReconcileAt });
      if (wait > 0) await condition(() => woken || paused, wait);
    } else await condition(() => woken || paused, input.intervalMs);
  }

  await condition(allHandlersFinished);
  await continueAsNew<typeof syncWorkflow>({ ...input, carried: { health, paused, lastReconcileAt, shown, timing: workerTiming } });
}
