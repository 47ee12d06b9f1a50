// What the dashboard tells the partner (or staff) to do next, derived from the state.
import { CONFIG_STEPS, OPTIONAL_STEPS, type ConfigStep, type OnboardingState } from './types';

const STEP_ACTIONS: Record<ConfigStep, string> = {
  planMappings: 'Map your SmartAC maintenance plans to ServiceTitan memberships.',
  jobTypeMappings: 'Choose the ServiceTitan Business Unit and Job Type for each Trade and Trade Condition.',
  comfortCreditField: 'Enter the name of the Comfort Credit custom field you created in ServiceTitan and verify it.',
  eligibleServices: 'Choose the Pricebook services eligible for Comfort Credits.',
  tag: 'Enter the name of your SmartAC.com tag and verify it.',
  campaign: 'Optionally choose the campaign for SmartAC-generated jobs.',
  capacityScheduling: 'Optionally turn on realtime capacity scheduling.',
};

export function nextAction(state: Pick<OnboardingState, 'status' | 'steps' | 'review' | 'tenantConflict'>): string {
  switch (state.status) {
    case 'AWAITING_REVIEW':
      return 'SmartAC is reviewing your request. You will get an email when you can continue setup.';
    case 'AWAITING_CREDENTIALS':
      return 'In ServiceTitan, go to Integrations > API Application Access, connect the SmartAC.com app with No Restrictions, create a Client ID and Client Secret, and enter them here.';
    case 'CONFIGURING': {
      const todo = CONFIG_STEPS.find((step) => !OPTIONAL_STEPS.includes(step) && state.steps[step].status !== 'verified');
      if (todo) return STEP_ACTIONS[todo];
      // Never says why in more detail: the other partner on the tenant is not this partner's business.
      if (state.tenantConflict && !state.tenantConflict.allowed)
        return 'SmartAC staff need to check your ServiceTitan tenant before the integration can go live. We will contact you; you can submit once they have.';
      return 'Submit the integration form.';
    }
    case 'ACTIVE':
      return 'Nothing: the integration is live.';
    case 'NEEDS_ATTENTION':
      return 'ServiceTitan no longer accepts the SmartAC.com credentials. Create a new Client ID and Client Secret in ServiceTitan (API Application Access) and enter them here; syncing resumes by itself.';
    case 'REJECTED':
      return `Your request was not approved${state.review?.reason ? `: ${state.review.reason}` : ''}. You can apply again.`;
    case 'EXPIRED':
      return 'Setup expired because no ServiceTitan credentials arrived within 30 days. Start again to continue.';
    case 'DISCONNECTED':
      return 'The integration is disconnected. Connect again to set it up anew.';
  }
}
