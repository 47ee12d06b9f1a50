// Update validators: they run before an update is accepted, so a request that is malformed or not
// possible in the current status is refused without entering history. The schemas are the API's
// (./input-schemas), built here on use and dropped after, so input from any client meets the same
// rules and a cached workflow holds no schema while it waits.
import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { OnboardingFailure } from '../failures';
import * as schemas from './input-schemas';
import type { ConfigureStepRequest } from './messages';
import type { Actor, OnboardingStatus } from './types';

export const CREDENTIAL_STATUSES: readonly OnboardingStatus[] = ['AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION'];
export const CONFIGURABLE_STATUSES: readonly OnboardingStatus[] = ['CONFIGURING', 'ACTIVE'];
export const SUBMITTABLE_STATUSES: readonly OnboardingStatus[] = ['CONFIGURING'];
/** Every status but the final ones: the integration can still be disconnected. */
export const DISCONNECTABLE_STATUSES: readonly OnboardingStatus[] = ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION'];

export function requireStatus(status: OnboardingStatus, allowed: readonly OnboardingStatus[], what: string): void {
  if (!allowed.includes(status)) {
    throw ApplicationFailure.create({
      type: OnboardingFailure.InvalidState,
      message: `${what} is not possible while the integration is ${status}`,
      details: [{ status, allowed }],
      nonRetryable: true,
    });
  }
}

/** The same zod schema as the API, so malformed input never enters history. */
export function requireValid<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw ApplicationFailure.create({
      type: OnboardingFailure.InvalidInput,
      message: 'invalid input',
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      nonRetryable: true,
    });
  }
  return parsed.data;
}

export function validateSubmitCredentials(status: OnboardingStatus, request: { actor: Actor; clientId: unknown; sealedSecret: unknown }): void {
  requireStatus(status, CREDENTIAL_STATUSES, 'Entering credentials');
  requireValid(schemas.actor(), request.actor);
  requireValid(schemas.submitCredentials(), { clientId: request.clientId, sealedSecret: request.sealedSecret });
}

export function validateConfigureStep(status: OnboardingStatus, request: ConfigureStepRequest): void {
  requireStatus(status, CONFIGURABLE_STATUSES, 'Changing the configuration');
  requireValid(schemas.actor(), request.actor);
  // The step is checked first (the type says ConfigStep, but any client can send anything).
  const step = requireValid(schemas.configStep(), request.step);
  requireValid(schemas.stepSchemas[step](), request.input);
}

export function validateSubmitConfiguration(status: OnboardingStatus, request: { actor: Actor }): void {
  requireStatus(status, SUBMITTABLE_STATUSES, 'Submitting the integration form');
  requireValid(schemas.actor(), request.actor);
}

export function validateDisconnect(status: OnboardingStatus, request: { actor: Actor; reason?: string }): void {
  requireStatus(status, DISCONNECTABLE_STATUSES, 'Disconnecting');
  requireValid(schemas.actor(), request.actor);
  requireValid(schemas.disconnect(), { reason: request.reason });
}
