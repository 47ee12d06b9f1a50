// The activities the onboarding workflow calls, with their timeouts and retries.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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

// The same verifications and the step's save, run by the worker that runs the update's workflow
// task (local activities): a dashboard waits for them, and each regular activity costs the update
// two more round trips through the server (schedule, then a workflow task for its result).
export const {
  verifyStep: verifyStepLocally,
  verifyAndSaveStep: verifyAndSaveStepLocally,
  verifySubmission: verifySubmissionLocally,
} = proxyLocalActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});
export const { saveStep: saveStepLocally } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});
