// One long-running workflow per partner, from Tenant ID to a live integration: the setup guide
// (../shared/reference/seed-servicetitan-integration-setup.txt), step by step.
//
//   AWAITING_REVIEW --approve--> AWAITING_CREDENTIALS --verified credentials--> CONFIGURING --submit--> ACTIVE
//        |  reject                     |  30 days                                                         |
//        v                             v                                                                  v
//     REJECTED                      EXPIRED                 (any status) --disconnect--> DISCONNECTED
//
// Staff decide by signal (API or Temporal UI); the dashboard's requests are updates, so it gets
// each verification's outcome synchronously and malformed input is rejected before history.
// This function registers the handlers and tells the timeline; what each message does to the
// state is in ./onboarding, the update validators in ./validators, the sync children in
// ./sync-children. Mutations run one at a time (./exclusive), timers and handlers alike.
import { allHandlersFinished, condition, continueAsNew, currentUpdateInfo, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { OnboardingStatusKey, PartnerIdKey, SyncHealthKey, TenantIdKey } from '../search-attributes';
import { credentialsRejectedSignal, syncReportSignal } from '../sync/messages';
import {
  approveSignal,
  configureStepUpdate,
  disconnectUpdate,
  getStateQuery,
  rejectSignal,
  resolveTenantConflictSignal,
  startOnboardingUpdate,
  submitConfigurationUpdate,
  submitCredentialsUpdate,
} from './messages';
import { Onboarding } from './onboarding';
import { applySyncReport } from './sync-children';
import { FINAL_STATUSES, type OnboardingState, type OnboardingStatus, type StartOnboardingInput } from './types';
import { validateConfigureStep, validateDisconnect, validateSubmitConfiguration, validateSubmitCredentials } from './validators';

/** The live integration: sync children run (NEEDS_ATTENTION: paused until credentials work again). */
const LIVE_STATUSES: readonly OnboardingStatus[] = ['ACTIVE', 'NEEDS_ATTENTION'];

export async function onboardingWorkflow(input: StartOnboardingInput): Promise<OnboardingState> {
  const onboarding = new Onboarding(input);
  const { state } = onboarding;
  // Held from the start until the start itself is recorded: a decision signalled in the same
  // instant as the start must not be audited (or mirrored) before it. Taken before any handler
  // is registered, since buffered signals run as soon as their handler is.
  const releaseStart = input.resume ? undefined : onboarding.exclusive.hold();

  // --- handlers (all registered before the first await) ----------------------------------------
  setHandler(getStateQuery, () => state);
  // The API's start request: a read that also tells that request whether it started this run.
  setHandler(startOnboardingUpdate, () => ({ created: input.startUpdateId !== undefined && currentUpdateInfo()?.id === input.startUpdateId, state }));
  setHandler(approveSignal, (payload) => onboarding.approve(payload));
  setHandler(rejectSignal, (payload) => onboarding.reject(payload));
  setHandler(resolveTenantConflictSignal, (payload) => onboarding.resolveTenantConflict(payload));
  setHandler(submitCredentialsUpdate, (request) => onboarding.submitCredentials(request), {
    validator: (request) => validateSubmitCredentials(state.status, request),
  });
  setHandler(configureStepUpdate, (request) => onboarding.configureStep(request), { validator: (request) => validateConfigureStep(state.status, request) });
  setHandler(submitConfigurationUpdate, (request) => onboarding.submitConfiguration(request), {
    validator: (request) => validateSubmitConfiguration(state.status, request),
  });
  setHandler(disconnectUpdate, (request) => onboarding.disconnect(request), { validator: (request) => validateDisconnect(state.status, request) });
  setHandler(syncReportSignal, (report) => applySyncReport(state, report));
  setHandler(credentialsRejectedSignal, (rejection) => onboarding.credentialsRejected(rejection));

  // --- the timeline ---------------------------------------------------------------------------
  // Staff filter on these in the Temporal UI; the workflow owns them, however it was started.
  upsertSearchAttributes([
    { key: PartnerIdKey, value: input.partnerId },
    { key: TenantIdKey, value: input.tenantId },
    { key: OnboardingStatusKey, value: state.status },
    // A run that continues a live integration carries its sync health on.
    ...(state.sync ? [{ key: SyncHealthKey, value: state.sync.health }] : []),
  ]);
  if (releaseStart) {
    try {
      await onboarding.recordStart();
    } finally {
      releaseStart();
    }
  }

  /** Waits until the status leaves `status` or `deadline` (workflow time) passes; true if it left. */
  const leftBefore = async (status: OnboardingStatus, deadline: number): Promise<boolean> => {
    const remaining = deadline - Date.now();
    return remaining > 0 ? condition(() => state.status !== status, remaining) : state.status !== status;
  };

  // Review: remind staff each time the SLA passes without a decision.
  while (state.status === 'AWAITING_REVIEW') {
    if (await leftBefore('AWAITING_REVIEW', Date.now() + input.timings.reviewSlaMs)) break;
    await onboarding.remindReview();
  }

  // Credentials: reminders after 3 and 7 days, expiry after 30.
  if (state.status === 'AWAITING_CREDENTIALS') {
    const approvedAt = Date.parse(state.statusChangedAt);
    for (const [index, after] of input.timings.credentialsReminderAfterMs.entries()) {
      if (await leftBefore('AWAITING_CREDENTIALS', approvedAt + after)) break;
      await onboarding.remindCredentials(index + 1);
    }
    if (!(await leftBefore('AWAITING_CREDENTIALS', approvedAt + input.timings.credentialsExpireAfterMs))) await onboarding.expire();
  }

  // Configuring and live: everything happens in the handlers until the onboarding ends. A live
  // integration runs for years: its history is kept small by continuing as new.
  await condition(() => FINAL_STATUSES.includes(state.status) || (LIVE_STATUSES.includes(state.status) && workflowInfo().continueAsNewSuggested));
  await condition(() => onboarding.exclusive.isFree && allHandlersFinished());
  if (!FINAL_STATUSES.includes(state.status)) await continueAsNew<typeof onboardingWorkflow>({ ...input, resume: state });
  return state;
}
