// Every signal, query and update of the onboarding workflow, defined once: the workflow sets
// handlers for them and the HTTP API (and anything else using the client) imports them from here.
import { defineQuery } from '@temporalio/workflow';
import type { OnboardingState } from './types';

export const getStateQuery = defineQuery<OnboardingState>('getState');
