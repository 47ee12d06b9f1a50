// How a sync pass reports ServiceTitan's answers to Temporal (workflows/sync/workflow.ts):
// - the tenant refuses our stored credentials → non-retryable CREDENTIALS_REJECTED: retrying cannot
//   help until the partner enters new ones, so the child pauses and the integration needs attention;
// - throttling, 5xx, no answer → retryable: Temporal tries the pass again and nothing is lost, since
//   every write a pass makes is found again before it is repeated;
// - anything else ServiceTitan refuses for the pass as a whole → non-retryable, reported as failed.
// Refusals about one item (a location gone, a value refused) never get here: the passes record
// them on the item and go on with the rest.
import { ApplicationFailure } from '@temporalio/activity';
import { PartnerCredentialsMissingError, type PartnerCredentials } from '../../lib/partner-credentials';
import {
  AccessDeniedError,
  AppNotConnectedError,
  InvalidCredentialsError,
  isServiceTitanError,
  NotFoundError,
  TenantMismatchError,
  ValidationError,
  type ServiceTitanClient,
  type ServiceTitanError,
} from '../../servicetitan/client';
import { CREDENTIALS_REJECTED } from '../../workflows/sync/types';

export const SyncFailure = {
  /** The integration lacks a setting the pass needs (it cannot be ACTIVE without it). */
  NotConfigured: 'SyncNotConfigured',
  Unavailable: 'ServiceTitanUnavailable',
  Refused: 'ServiceTitanRefused',
} as const;

export function notConfigured(partnerId: string, what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`The ServiceTitan integration of partner ${partnerId} has no ${what}`, SyncFailure.NotConfigured);
}

/**
 * Only the partner can fix these: the secret was revoked or replaced, the app disconnected or
 * restricted to a booking provider, the credentials belong to another tenant. A missing scope is
 * our app's registration instead, not something the partner can change.
 */
function refusesCredentials(error: ServiceTitanError): boolean {
  return (
    error instanceof InvalidCredentialsError ||
    error instanceof AppNotConnectedError ||
    error instanceof TenantMismatchError ||
    (error instanceof AccessDeniedError && error.reason !== 'insufficient_scope')
  );
}

export function toActivityFailure(error: unknown): unknown {
  if (error instanceof PartnerCredentialsMissingError) return ApplicationFailure.nonRetryable(error.message, CREDENTIALS_REJECTED, { code: 'credentials_missing' });
  if (!isServiceTitanError(error)) return error;
  if (refusesCredentials(error)) return ApplicationFailure.nonRetryable(`ServiceTitan refused the stored credentials: ${error.message}`, CREDENTIALS_REJECTED, { code: error.code });
  // The client's messages and toJSON() never carry the secret, the token or the app key.
  if (error.retryable) return ApplicationFailure.retryable(error.message, SyncFailure.Unavailable, error.toJSON());
  return ApplicationFailure.nonRetryable(error.message, SyncFailure.Refused, error.toJSON());
}

/** Runs a pass with a client for the partner's stored credentials, reporting failures as above. */
export async function withServiceTitan<T>(credentials: PartnerCredentials, partnerId: string, pass: (client: ServiceTitanClient) => Promise<T>): Promise<T> {
  try {
    return await pass(await credentials.clientFor(partnerId));
  } catch (error) {
    throw toActivityFailure(error);
  }
}

/** ServiceTitan refused one record for good (it is gone, or will not take the value). */
export function isItemProblem(error: unknown): error is NotFoundError | ValidationError {
  return error instanceof NotFoundError || error instanceof ValidationError;
}
