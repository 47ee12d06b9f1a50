// HTTP status + problem body → typed error. ServiceTitan does not document its 401/403 bodies;
// we recognise the cases a workflow must tell apart by the problem title (the sandbox writes them
// the same way, see servicetitan/sandbox/problems.ts) and fall back to the safe general case.
import type { ApiModule } from '../openapi/modules';
import {
  AccessDeniedError,
  AppNotConnectedError,
  ConflictError,
  InvalidAppKeyError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TenantMismatchError,
  UnexpectedResponseError,
  ValidationError,
  type AccessDeniedReason,
  type RequestRef,
  type ServiceTitanError,
} from './errors';
import { describeProblem, type Problem } from './problem';

export interface FailedResponse {
  status: number;
  problem: Problem;
  retryAfterMs: number;
}

export function errorForResponse(area: ApiModule, request: RequestRef, response: FailedResponse): ServiceTitanError {
  const { status, problem } = response;
  const what = `ServiceTitan ${request.method} ${request.path} answered ${status}: ${describeProblem(problem)}`;
  switch (status) {
    case 400:
      return new ValidationError(what, problem.errors, request);
    case 401:
      return unauthorized(what, problem, request);
    case 403:
      return forbidden(what, area, problem, request);
    case 404:
      return new NotFoundError(what, request, status);
    case 409:
      return new ConflictError(what, request, status);
    case 429:
      return new RateLimitedError(what, response.retryAfterMs, request);
    default:
      if (status >= 500) return new ServerError(what, request, status);
      return new UnexpectedResponseError(what, [`unexpected status ${status}`], request, status);
  }
}

/** A 401 that survived a token refresh: the app key or the credentials are refused. */
function unauthorized(message: string, problem: Problem, request: RequestRef): ServiceTitanError {
  const mentionsAppKey = /app.?key/i.test(problem.title ?? '') || Object.keys(problem.errors).some((k) => /app.?key/i.test(k));
  return mentionsAppKey ? new InvalidAppKeyError(message, request, 401) : new InvalidCredentialsError(message, request, 401);
}

function forbidden(message: string, area: ApiModule, problem: Problem, request: RequestRef): ServiceTitanError {
  const title = problem.title ?? '';
  if (/not connected/i.test(title)) return new AppNotConnectedError(message, request, 403);
  if (/another tenant|tenant mismatch/i.test(title)) return new TenantMismatchError(message, request, 403);
  const reason: AccessDeniedReason = /booking provider/i.test(title)
    ? 'restricted_to_booking_provider'
    : /scope/i.test(title)
      ? 'insufficient_scope'
      : 'forbidden';
  return new AccessDeniedError(`${message} [area: ${area}]`, area, reason, request);
}
