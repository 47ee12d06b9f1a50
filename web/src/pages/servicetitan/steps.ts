// The guide's steps in its order, which one the page shows, and how far along each is. The page
// is derived from the onboarding state and the `step` query, so a reload (or the Continue Setup
// link, ?step=credentials) resumes at the same place.
import { CONFIG_STEPS, OPTIONAL_STEPS, type ConfigStep, type OnboardingState } from '../../api/views';

export type StepKey = 'before' | 'tenant' | 'review' | 'credentials' | ConfigStep | 'systemReminders' | 'submit' | 'live';

/** The guide's order: the configuration steps, with System Reminders where the guide explains them. */
export const CONFIG_ORDER: StepKey[] = [
  'planMappings',
  'jobTypeMappings',
  'comfortCreditField',
  'eligibleServices',
  'tag',
  'campaign',
  'systemReminders',
  'capacityScheduling',
  'submit',
];
export const ALL_STEPS: StepKey[] = ['before', 'tenant', 'review', 'credentials', ...CONFIG_ORDER];

export const STEP_TITLES: Record<StepKey, string> = {
  before: 'Before you start',
  tenant: 'ServiceTitan Tenant ID',
  review: 'Review by SmartAC',
  credentials: 'Connect the SmartAC.com app',
  planMappings: 'Maintenance plans',
  jobTypeMappings: 'Job type mapping',
  comfortCreditField: 'Comfort Credit field',
  eligibleServices: 'Eligible services',
  tag: 'SmartAC.com tag',
  campaign: 'Campaign (optional)',
  systemReminders: 'System reminders',
  capacityScheduling: 'Realtime capacity scheduling',
  submit: 'Submit the integration form',
  live: 'Live integration',
};

const isConfigStep = (key: string): key is ConfigStep => (CONFIG_STEPS as readonly string[]).includes(key);
const NOT_STARTED: OnboardingState['status'][] = ['REJECTED', 'EXPIRED', 'DISCONNECTED'];

/** Whether the partner has a setup in progress or live (a finished one starts again). */
export function hasRun(state: OnboardingState | null): state is OnboardingState {
  return state !== null && !NOT_STARTED.includes(state.status);
}

/** The first required configuration step not yet verified, else submit. */
export function firstOpenStep(state: OnboardingState): StepKey {
  return CONFIG_STEPS.find((s) => !OPTIONAL_STEPS.includes(s) && state.steps[s].status !== 'verified') ?? 'submit';
}

/** The step the page shows: the state decides, the query chooses among the steps it allows. */
export function currentStep(state: OnboardingState | null, asked: string | null): StepKey {
  if (!hasRun(state)) return asked === 'tenant' ? 'tenant' : 'before';
  switch (state.status) {
    case 'AWAITING_REVIEW':
      return 'review';
    case 'AWAITING_CREDENTIALS':
      return 'credentials';
    case 'CONFIGURING':
      return asked && (CONFIG_ORDER as string[]).includes(asked) ? (asked as StepKey) : firstOpenStep(state);
    default:
      return 'live';
  }
}

/** The step after `key` in the configuration part of the guide. */
export function nextStep(key: StepKey): StepKey {
  const i = CONFIG_ORDER.indexOf(key);
  return i >= 0 && i + 1 < CONFIG_ORDER.length ? (CONFIG_ORDER[i + 1] ?? 'submit') : 'submit';
}

export type StepProgress = 'done' | 'current' | 'failed' | 'waiting' | 'todo';

export function progressOf(key: StepKey, state: OnboardingState | null, current: StepKey): StepProgress {
  if (key === current) return 'current';
  const run = hasRun(state) ? state : null;
  const phase = run?.status;
  switch (key) {
    case 'before':
    case 'tenant':
      return run ? 'done' : 'todo';
    case 'review':
      return !run ? 'todo' : phase === 'AWAITING_REVIEW' ? 'waiting' : 'done';
    case 'credentials':
      return run?.credentials ? 'done' : 'todo';
    case 'systemReminders':
      return phase === 'ACTIVE' || phase === 'NEEDS_ATTENTION' ? 'done' : 'todo';
    case 'submit':
      return phase === 'ACTIVE' || phase === 'NEEDS_ATTENTION' ? 'done' : 'todo';
    case 'live':
      return 'todo';
    default:
      if (!run || !isConfigStep(key)) return 'todo';
      return run.steps[key].status === 'verified' ? 'done' : run.steps[key].status === 'failed' ? 'failed' : 'todo';
  }
}

/** Steps the partner may open from the progress list right now. */
export function canOpen(key: StepKey, state: OnboardingState | null): boolean {
  return state?.status === 'CONFIGURING' && CONFIG_ORDER.includes(key);
}
