// Every signal, query and update of the onboarding workflow, defined once: the workflow sets
// handlers for them and the HTTP API imports them from here. Payload schemas are in ./inputs.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApproveReview, DisconnectInput, RejectReview, ResolveTenantConflict, SubmitCredentials } from './inputs';
import type { Actor, ConfigStep, OnboardingState, StepInputs, StepState } from './types';

export const getStateQuery = defineQuery<OnboardingState>('getState');

/** What the API's start request gets back: the run's state, and whether this request started the run. */
export interface StartOnboardingResult {
  created: boolean;
  state: OnboardingState;
}
/**
 * The API's start, sent with update-with-start (USE_EXISTING): one call starts the run or reaches
 * the running one, and answers with its state. `created` is true for the update whose id the
 * run's input carries (StartOnboardingInput.startUpdateId): the request that started this run.
 */
export const startOnboardingUpdate = defineUpdate<StartOnboardingResult>('startOnboarding');

/** Staff decisions. Signals, so staff can also send them from the Temporal UI (payload as in ./inputs). */
export const approveSignal = defineSignal<[ApproveReview]>('approve');
export const rejectSignal = defineSignal<[RejectReview]>('reject');
/** Staff allow an integration to share its ServiceTitan tenant with another partner's. */
export const resolveTenantConflictSignal = defineSignal<[ResolveTenantConflict]>('resolveTenantConflict');

/** A configuration step with its input: what the verification and saving activities take. */
export type StepConfiguration<S extends ConfigStep = ConfigStep> = { [K in S]: { step: K; input: StepInputs[K] } }[S];
/** The dashboard's request to configure a step: the step, its input, and who asks. */
export type ConfigureStepRequest<S extends ConfigStep = ConfigStep> = { [K in S]: { actor: Actor; step: K; input: StepInputs[K] } }[S];

export const submitCredentialsUpdate = defineUpdate<OnboardingState, [SubmitCredentials & { actor: Actor }]>('submitCredentials');
export const configureStepUpdate = defineUpdate<StepState, [ConfigureStepRequest]>('configureStep');
export const submitConfigurationUpdate = defineUpdate<OnboardingState, [{ actor: Actor }]>('submitConfiguration');
export const disconnectUpdate = defineUpdate<OnboardingState, [DisconnectInput & { actor: Actor }]>('disconnect');
