import type { ApiClient } from '../../api/client';
import type { Catalog, OnboardingState } from '../../api/views';
import type { StepKey } from './steps';

/** What every configuration step gets from the page. */
export interface StepProps {
  api: ApiClient;
  partnerId: string;
  state: OnboardingState;
  catalog: Catalog;
  /** A step's answer arrived: show it, then go on to `next` (if given). */
  onAnswer: (state: OnboardingState, next?: StepKey) => void;
}

export const PATH = {
  start: '/v1/partners/{partnerId}/integrations/servicetitan',
  credentials: '/v1/partners/{partnerId}/integrations/servicetitan/credentials',
} as const;
