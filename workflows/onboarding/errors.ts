// The ApplicationFailures the onboarding's updates end with, and how it reads the failures of its
// activities. Pure functions of their arguments.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { OnboardingFailure, STORAGE_REFUSED } from '../failures';
import type { VerificationError } from './types';

export function verificationFailure(error: VerificationError): ApplicationFailure {
  return ApplicationFailure.create({ type: OnboardingFailure.VerificationFailed, message: error.message, details: [error], nonRetryable: true });
}

export function tenantConflictFailure(): ApplicationFailure {
  return ApplicationFailure.create({
    type: OnboardingFailure.TenantConflict,
    message: 'SmartAC staff must check this ServiceTitan tenant before the integration can go live. We will be in touch.',
    details: [{ code: 'tenant_conflict_unresolved' }],
    nonRetryable: true,
  });
}

/** The ApplicationFailure an activity ended with, if it ended with one of type `type`. */
export function activityFailureOfType(err: unknown, type: string): ApplicationFailure | undefined {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === type ? err.cause : undefined;
}

/** The SQLSTATE of an activity failure of type STORAGE_REFUSED, else undefined. */
export function storageRefusalOf(err: unknown): string | undefined {
  const refusal = activityFailureOfType(err, STORAGE_REFUSED);
  if (!refusal) return undefined;
  const detail: unknown = refusal.details?.[0];
  const sqlState = typeof detail === 'object' && detail !== null && 'sqlState' in detail ? detail.sqlState : undefined;
  return String(sqlState ?? 'unknown');
}

/** A VerificationError as the verification activities send it (activities/verification-failures.ts). */
function isVerificationError(value: unknown): value is VerificationError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string' &&
    'step' in value &&
    typeof value.step === 'string'
  );
}

/** Turns a failed verification activity into the reason to show, or rethrows a real bug. */
export function verificationErrorOf(err: unknown, step: VerificationError['step']): VerificationError {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    const reported: unknown = cause.details?.[0];
    if (cause.type === OnboardingFailure.VerificationFailed && isVerificationError(reported)) return reported;
    if (cause.type === STORAGE_REFUSED)
      return { code: 'not_storable', message: 'This could not be saved. Check it for unusual characters and try again.', step };
    // Retries exhausted on an outage or throttling: the partner can simply try again.
    return { code: 'servicetitan_unavailable', message: 'ServiceTitan did not answer in time. Please try again in a few minutes.', step };
  }
  throw err;
}
