// Types shared by the onboarding workflow, its activities and the HTTP API. Plain data only:
// workflow code imports this file, so nothing here may touch I/O or Node APIs.

export const ONBOARDING_STATUSES = ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'REJECTED', 'EXPIRED', 'DISCONNECTED'] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

export type ActorType = 'PARTNER' | 'STAFF' | 'SYSTEM';
export interface Actor {
  type: ActorType;
  id: string;
}

/** What the partner confirmed from the guide's "Before you start" list. */
export interface Prerequisites {
  maintenancePlansInDashboard: boolean;
  maintenancePlansInServiceTitan: boolean;
  comfortCreditCustomField: boolean;
  tagType: boolean;
  campaignCodes: boolean;
  adjustableCapacityPlanning: boolean;
}

export interface StartOnboardingInput {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  prerequisites: Prerequisites;
  requestedBy: Actor;
}

export interface OnboardingState {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  prerequisites: Prerequisites;
  status: OnboardingStatus;
  /** ISO timestamps (workflow time). */
  startedAt: string;
  statusChangedAt: string;
}

export function onboardingWorkflowId(partnerId: string): string {
  return `onboarding-${partnerId}`;
}
