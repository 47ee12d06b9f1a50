// The activities of the live integration's sync children (workflows/sync/workflow.ts), one per
// kind of ongoing work, built by one factory. Each takes `{ partnerId }`, reads the integration's
// saved configuration, handles a bounded batch and returns a SyncPassResult whose backlog tells
// the workflow to run the next pass at once. Every write to ServiceTitan is recorded, and found
// again in ServiceTitan before it would be repeated, so retries and crashed workers never write
// twice; failures follow failures.ts.
import { createComfortCreditActivities } from './comfort-credits';
import type { SyncActivityDeps } from './deps';
import { createMembershipActivities } from './memberships';
import { createTagActivities } from './tags';
import { createTechnicianReminderActivities } from './technician-reminders';
import { createVisitActivities } from './visits';

export function createSyncActivities(deps: SyncActivityDeps) {
  return {
    ...createComfortCreditActivities(deps),
    ...createTechnicianReminderActivities(deps),
    ...createTagActivities(deps),
    ...createMembershipActivities(deps),
    ...createVisitActivities(deps),
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
