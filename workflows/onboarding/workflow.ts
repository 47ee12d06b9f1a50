// One long-running workflow per partner, from Tenant ID to a live integration.
import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { OnboardingStatusKey, PartnerIdKey, TenantIdKey } from '../search-attributes';
import { getStateQuery } from './messages';
import type { OnboardingState, StartOnboardingInput } from './types';

const { recordTransition } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function onboardingWorkflow(input: StartOnboardingInput): Promise<OnboardingState> {
  const now = new Date(workflowInfo().startTime).toISOString();
  const state: OnboardingState = {
    partnerId: input.partnerId,
    tenantId: input.tenantId,
    contactEmail: input.contactEmail,
    prerequisites: input.prerequisites,
    status: 'AWAITING_REVIEW',
    startedAt: now,
    statusChangedAt: now,
  };
  // Handlers first, before any await, so no query or signal is ever missed.
  setHandler(getStateQuery, () => state);

  // Staff filter on these in the Temporal UI; the workflow owns them, however it was started.
  upsertSearchAttributes([
    { key: PartnerIdKey, value: input.partnerId },
    { key: TenantIdKey, value: input.tenantId },
    { key: OnboardingStatusKey, value: state.status },
  ]);

  await recordTransition({
    partnerId: input.partnerId,
    tenantId: input.tenantId,
    contactEmail: input.contactEmail,
    prerequisites: input.prerequisites,
    actor: input.requestedBy,
    action: 'onboarding.started',
    from: null,
    to: 'AWAITING_REVIEW',
    at: state.startedAt,
  });

  // Staff review (approve / reject signals) moves the status on; until then the workflow waits,
  // for as long as it takes, without holding a worker.
  await condition(() => state.status !== 'AWAITING_REVIEW');
  return state;
}
