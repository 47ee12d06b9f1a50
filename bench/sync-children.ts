// What the benchmarks wait for before they measure a live integration: every sync child has run a
// pass, so its state carries all five children's health and their first passes' work is over.
import type { OnboardingState } from '../workflows/onboarding/types';
import { SYNC_CHILDREN } from '../workflows/sync/types';

export function everySyncChildHasRun(state: Pick<OnboardingState, 'sync'> | undefined): boolean {
  return SYNC_CHILDREN.every((child) => (state?.sync?.children[child]?.runs ?? 0) > 0);
}
