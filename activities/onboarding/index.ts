// The activities of the onboarding workflow (workflows/onboarding/), built by one factory: the
// audit trail, tenant-conflict checks, credential and step verification against ServiceTitan,
// the emails, and the release of platform events held until the integration is live.
import type { Db } from '../../lib/db/client';
import type { PartnerCredentials } from '../../lib/partner-credentials';
import { createAuditTrailActivities } from './audit-trail';
import { createConfigurationActivities } from './configuration';
import { createCredentialActivities } from './credentials';
import { createOnboardingEmailActivities, type OnboardingEmailDeps } from './emails';
import { createPendingEventActivities } from './pending-events';
import { createTenantConflictActivities } from './tenant-conflicts';

export interface OnboardingActivityDeps extends OnboardingEmailDeps {
  db: Db;
  credentials: PartnerCredentials;
}

export function createOnboardingActivities(deps: OnboardingActivityDeps) {
  return {
    ...createAuditTrailActivities(deps),
    ...createTenantConflictActivities(deps),
    ...createCredentialActivities(deps),
    ...createConfigurationActivities(deps),
    ...createOnboardingEmailActivities(deps),
    ...createPendingEventActivities(deps),
  };
}
