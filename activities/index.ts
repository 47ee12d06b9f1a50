// All activities, built by one factory from the clients they need (so tests and workers choose
// the real or test clients). Workflows import only the type of this factory's result.
import type { Db } from '../lib/db/client';
import type { PartnerCredentials } from '../lib/partner-credentials';
import { createConfigurationActivities } from './configuration';
import { createCredentialActivities } from './credentials';
import { createEventActivities } from './events';
import { createOnboardingEmailActivities, type OnboardingEmailDeps } from './onboarding-emails';
import { createOnboardingEventActivities } from './onboarding-events';
import { createSyncActivities, type SyncActivityDeps } from './sync';
import { refusingUnstorable } from './storage-refusal';
import { createTenantConflictActivities } from './tenant-conflicts';

export interface ActivityDeps extends OnboardingEmailDeps, SyncActivityDeps {
  db: Db;
  credentials: PartnerCredentials;
}

export function createActivities(deps: ActivityDeps) {
  // Every activity: data Postgres refuses fails for good (STORAGE_REFUSED), never retries forever.
  return refusingUnstorable({
    ...createOnboardingEventActivities(deps),
    ...createTenantConflictActivities(deps),
    ...createCredentialActivities(deps),
    ...createConfigurationActivities(deps),
    ...createOnboardingEmailActivities(deps),
    ...createEventActivities(deps),
    ...createSyncActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
