// The worker's workflow bundle entry: every workflow type this service runs.
export { onboardingWorkflow } from './onboarding/workflow';
export { syncWorkflow } from './sync/workflow';
