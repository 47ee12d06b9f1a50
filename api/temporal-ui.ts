// Where staff open an integration's onboarding workflow in the Temporal UI (the staff console
// links there from the integration's page): the UI's workflow page in our namespace.
import type { Config } from '../lib/config';
import { onboardingWorkflowId } from '../workflows/onboarding/types';

/** The workflow's page in the Temporal UI, or null when no UI is configured (TEMPORAL_UI_URL). */
export function temporalWorkflowUrl(temporal: Pick<Config['temporal'], 'uiUrl' | 'namespace'>, partnerId: string): string | null {
  if (temporal.uiUrl === null) return null;
  return `${temporal.uiUrl}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(onboardingWorkflowId(partnerId))}`;
}
