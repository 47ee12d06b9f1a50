// How a sync pass reports ServiceTitan's answers to Temporal (workflows/sync/workflow.ts):
// - the tenant refuses our stored credentials → non-retryable CREDENTIALS_REJECTED: retrying cannot
//   help until the partner enters new ones, so the child pauses and the integration needs attention;
// - throttling, 5xx, no answer → retryable: Temporal tries the pass again and nothing is lost, since
//   every write a pass makes is found again before it is repeated (a write left unanswered is
//   looked for no sooner than 30 s later, so one that lands late is found);
// - the attempt near its time limit → retryable SyncPassOutOfTime, the next attempt goes on;
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
  UnansweredWriteError,
  type ServiceTitanClient,
  type ServiceTitanError,
} from '../../servicetitan/client';
import { inPassScope, PassOutOfTimeError, type PassScope } from './pass-scope';
import { CREDENTIALS_REJECTED, SyncFailure } from '../../workflows/failures';

/** Long enough for a write ServiceTitan received but did not answer to be visible to a read. */
export const RETRY_AFTER_UNANSWERED_WRITE_MS = 30_000;

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

export function toActivityFailure(error: unknown, scope?: PassScope): unknown {
  // Temporal gave up on this attempt: report it cancelled, whatever the aborted call threw.
  if (scope?.cancelled()) return scope.cancellation();
  if (error instanceof PartnerCredentialsMissingError)
    return ApplicationFailure.nonRetryable(error.message, CREDENTIALS_REJECTED, { code: 'credentials_missing' });
  if (!isServiceTitanError(error)) return error;
  if (refusesCredentials(error))
    return ApplicationFailure.nonRetryable(`ServiceTitan refused the stored credentials: ${error.message}`, CREDENTIALS_REJECTED, { code: error.code });
  // A write that may still land is looked for no sooner than this; other retries follow the policy.
  const nextRetryDelay = error instanceof UnansweredWriteError ? RETRY_AFTER_UNANSWERED_WRITE_MS : undefined;
  if (scope?.outOfTime()) {
    return ApplicationFailure.create({
      message: `${new PassOutOfTimeError().message}: ${error.message}`,
      type: SyncFailure.OutOfTime,
      details: [error.toJSON()],
      nextRetryDelay,
    });
  }
  // The client's messages and toJSON() never carry the secret, the token or the app key.
  if (error.retryable) return ApplicationFailure.create({ message: error.message, type: SyncFailure.Unavailable, details: [error.toJSON()], nextRetryDelay });
  return ApplicationFailure.nonRetryable(error.message, SyncFailure.Refused, error.toJSON());
}

/**
 * Runs a pass with a client for the partner's stored credentials, within its attempt's timing
 * (pass-scope.ts), reporting failures as above.
 */
export async function withServiceTitan<T>(credentials: PartnerCredentials, partnerId: string, pass: (client: ServiceTitanClient) => Promise<T>): Promise<T> {
  return inPassScope(async (scope) => {
    try {
      return await pass(await credentials.clientFor(partnerId, scope.signal));
    } catch (error) {
      throw toActivityFailure(error, scope);
    }
  });
}

/** ServiceTitan refused one record for good (it is gone, or will not take the value). */
export function isItemProblem(error: unknown): error is NotFoundError | ValidationError {
  return error instanceof NotFoundError || error instanceof ValidationError;
}
