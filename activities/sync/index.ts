// The activities of the live integration's sync children (workflows/sync/workflow.ts), one per
// kind of ongoing work, built by one factory. Each takes `{ partnerId }`, reads the integration's
// saved configuration, handles a bounded batch and returns a SyncPassResult whose backlog tells
// the workflow to run the next pass at once. Every write to ServiceTitan is recorded, and found
// again in ServiceTitan before it would be repeated, so retries and crashed workers never write
// twice; failures follow failures.ts.
import { createComfortCreditActivities } from './comfort-credits';
import type { SyncActivityDeps } from './deps';
import { createMembershipActivities } from './memberships';
import { withPassHealth } from './pass-health';
import { createTagActivities } from './tags';
import { createTechnicianReminderActivities } from './technician-reminders';
import { createVisitActivities } from './visits';

export function createSyncActivities(deps: SyncActivityDeps) {
  const passes = {
    ...createComfortCreditActivities(deps),
    ...createTechnicianReminderActivities(deps),
    ...createTagActivities(deps),
    ...createMembershipActivities(deps),
    ...createVisitActivities(deps),
  };
  // Each pass leaves its child's health in the read model (./pass-health.ts).
  const { db } = deps;
  return {
    ...passes,
    syncComfortCredits: withPassHealth(db, 'comfortCredits', passes.syncComfortCredits),
    reconcileComfortCredits: withPassHealth(db, 'comfortCredits', passes.reconcileComfortCredits, { countsAsRun: false }),
    addTechnicianReminders: withPassHealth(db, 'technicianReminders', passes.addTechnicianReminders),
    syncTags: withPassHealth(db, 'tagging', passes.syncTags),
    syncMemberships: withPassHealth(db, 'memberships', passes.syncMemberships),
    bookPendingVisits: withPassHealth(db, 'visits', passes.bookPendingVisits),
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
