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

export type ConfigureStepRequest = { [S in ConfigStep]: { actor: Actor; step: S; input: StepInputs[S] } }[ConfigStep];

export const submitCredentialsUpdate = defineUpdate<OnboardingState, [SubmitCredentials & { actor: Actor }]>('submitCredentials');
export const configureStepUpdate = defineUpdate<StepState, [ConfigureStepRequest]>('configureStep');
export const submitConfigurationUpdate = defineUpdate<OnboardingState, [{ actor: Actor }]>('submitConfiguration');
export const disconnectUpdate = defineUpdate<OnboardingState, [DisconnectInput & { actor: Actor }]>('disconnect');

/** ApplicationFailure types the updates end with; the API maps each to an HTTP status. */
export const OnboardingFailure = {
  /** The request is not allowed in the current status (HTTP 409). */
  InvalidState: 'InvalidState',
  /** The payload does not match ./inputs (HTTP 400); details carry the issues. */
  InvalidInput: 'InvalidInput',
  /** ServiceTitan did not confirm it (HTTP 422); details[0] is a VerificationError. */
  VerificationFailed: 'VerificationFailed',
  /** Going live while another partner holds the tenant, without a staff decision (HTTP 409 tenant_conflict_unresolved). */
  TenantConflict: 'TenantConflict',
} as const;

/** The ApplicationFailure type recordOnboardingEvent ends with when the database refuses a second live integration of a tenant. */
export const TENANT_ALREADY_LIVE = 'TenantAlreadyLive';
