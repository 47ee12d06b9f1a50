// All activities, built by one factory from the clients they need (so tests and workers choose
// the real or test clients). Workflows import only the type of this factory's result. The folders
// mirror workflows/: onboarding/ for the onboarding workflow, sync/ for the sync children.
import { createOnboardingActivities, type OnboardingActivityDeps } from './onboarding';
import { refusingUnstorable } from './storage-refusal';
import { createSyncActivities } from './sync';
import type { SyncActivityDeps } from './sync/deps';

export interface ActivityDeps extends OnboardingActivityDeps, SyncActivityDeps {}

export function createActivities(deps: ActivityDeps) {
  // Every activity: data Postgres refuses fails for good (STORAGE_REFUSED), never retries forever.
  return refusingUnstorable({
    ...createOnboardingActivities(deps),
    ...createSyncActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
