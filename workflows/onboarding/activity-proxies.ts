// The activities the onboarding workflow calls, with their timeouts and retries.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export const { recordOnboardingEvent, saveCredentials, destroyCredentials, saveStep, sendOnboardingEmail, releasePendingEvents, findTenantConflicts } =
  proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    // Database and SMTP outages delay these; they never give up.
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
  });

// Verifications answer a waiting dashboard: a few quick tries, then a clear "try again later".
export const { verifyCredentials, verifyStoredCredentials, verifyStep, verifySubmission } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});
