// The activities of the live integration's sync children (workflows/sync/workflow.ts), one per
// kind of ongoing work, built by one factory. Each takes `{ partnerId }`, reads the integration's
// saved configuration, handles a bounded batch and returns a SyncPassResult whose backlog tells
// the workflow to run the next pass at once, and whose nextWakeAt and timing tell it when to look
// again with nothing to wake it. Every write to ServiceTitan is recorded, and found again in
// ServiceTitan before it would be repeated, so retries and crashed workers never write twice;
// failures follow failures.ts.
import type { SyncPassResult } from '../../workflows/sync/types';
import { createComfortCreditActivities } from './comfort-credits';
import type { SyncActivityDeps } from './deps';
import { createMembershipActivities } from './memberships';
import { nextBalanceRetryAt } from './next-wake';
import { withPassHealth } from './pass-health';
import { createTagActivities } from './tags';
import { createTechnicianReminderActivities } from './technician-reminders';
import { createVisitActivities } from './visits';

export function createSyncActivities(deps: SyncActivityDeps) {
  /** Every pass says which timings the child is to follow: this worker's (deps.syncTiming). */
  const withTiming = <A extends unknown[]>(pass: (...args: A) => Promise<SyncPassResult>) =>
    deps.syncTiming ? async (...args: A): Promise<SyncPassResult> => ({ ...(await pass(...args)), timing: deps.syncTiming }) : pass;
  /** A refused balance waits for its retry time: the child sleeps until the earliest one. */
  const withBalanceRetry =
    (pass: (input: { partnerId: string }) => Promise<SyncPassResult>) =>
    async (input: { partnerId: string }): Promise<SyncPassResult> => {
      const result = await pass(input);
      const nextWakeAt = await nextBalanceRetryAt(deps.db, input.partnerId);
      return nextWakeAt === undefined ? result : { ...result, nextWakeAt };
    };
  const comfortCredits = createComfortCreditActivities(deps);
  const reminders = createTechnicianReminderActivities(deps);
  const tags = createTagActivities(deps);
  const memberships = createMembershipActivities(deps);
  const visits = createVisitActivities(deps);
  // Each pass leaves its child's health in the read model and is counted in the metrics (./pass-health.ts).
  const { db } = deps;
  const metrics = deps.syncMetrics;
  return {
    syncComfortCredits: withPassHealth(db, 'comfortCredits', withTiming(withBalanceRetry(comfortCredits.syncComfortCredits)), { metrics }),
    reconcileComfortCredits: withPassHealth(db, 'comfortCredits', withTiming(withBalanceRetry(comfortCredits.reconcileComfortCredits)), {
      countsAsRun: false,
      metrics,
    }),
    addTechnicianReminders: withPassHealth(db, 'technicianReminders', withTiming(reminders.addTechnicianReminders), { metrics }),
    syncTags: withPassHealth(db, 'tagging', withTiming(tags.syncTags), { metrics }),
    syncMemberships: withPassHealth(db, 'memberships', withTiming(memberships.syncMemberships), { metrics }),
    bookPendingVisits: withPassHealth(db, 'visits', withTiming(visits.bookPendingVisits), { metrics }),
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
