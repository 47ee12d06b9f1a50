// How activities report a verification that did not pass: a non-retryable ApplicationFailure of
// type VerificationFailed carrying a VerificationError (code, partner-facing message, step). An
// outage or throttling is thrown as a retryable failure instead, so Temporal tries again.
import { ApplicationFailure } from '@temporalio/activity';
import { isServiceTitanError, type ServiceTitanError } from '../../servicetitan/client';
import { OnboardingFailure, SyncFailure } from '../../workflows/failures';
import type { VerificationError } from '../../workflows/onboarding/types';

export function verificationFailed(error: VerificationError): ApplicationFailure {
  return ApplicationFailure.nonRetryable(error.message, OnboardingFailure.VerificationFailed, error);
}

/** The VerificationError a VerificationFailed failure carries (verificationFailed's details). */
export function isVerificationError(value: unknown): value is VerificationError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message, step } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' && typeof step === 'string';
}

const NO_RESTRICTIONS_ADVICE =
  'In ServiceTitan, go to Integrations > API Application Access, open the SmartAC.com app and select No Restrictions, then try again.';

/** Maps a ServiceTitan client error to what the partner is told, or rethrows it as retryable. */
export function fromServiceTitanError(err: unknown, step: VerificationError['step'], tenantId: string): ApplicationFailure {
  if (!isServiceTitanError(err)) throw err;
  const e: ServiceTitanError = err;
  if (e.retryable) return ApplicationFailure.retryable(e.message, SyncFailure.Unavailable, e.toJSON());
  const fail = (code: string, message: string, details?: Record<string, unknown>) =>
    verificationFailed({ code, message, step, details: { ...details, request: e.request } });
  switch (e.code) {
    case 'invalid_credentials':
      return fail(
        'invalid_credentials',
        `ServiceTitan did not accept this Client ID and Client Secret. Copy both again from the SmartAC.com app in ServiceTitan's API Application Access for tenant ${tenantId}.`,
      );
    case 'app_not_connected':
      return fail(
        'app_not_connected',
        `The SmartAC.com app is not connected to ServiceTitan tenant ${tenantId}. In ServiceTitan, go to Integrations > API Application Access, click Connect New App and connect SmartAC.com with No Restrictions.`,
      );
    case 'tenant_mismatch':
      return fail(
        'tenant_mismatch',
        `These credentials belong to a different ServiceTitan tenant than ${tenantId}. Create the Client ID and Secret in tenant ${tenantId}, or correct the Tenant ID.`,
      );
    case 'access_denied':
      return fail('restricted_access', `ServiceTitan refused access the integration needs. ${NO_RESTRICTIONS_ADVICE}`);
    case 'invalid_app_key':
      return fail(
        'servicetitan_app_misconfigured',
        'SmartAC could not identify itself to ServiceTitan. This is on our side: SmartAC support has been notified; please try again later.',
      );
    default:
      return fail(e.code, `ServiceTitan answered unexpectedly (${e.code}). Please try again; if it persists, contact SmartAC support.`);
  }
}

export { NO_RESTRICTIONS_ADVICE };
