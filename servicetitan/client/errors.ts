// Typed failures a workflow can act on. Each class has a stable `code` (the discriminator an
// activity turns into an ApplicationFailure type), says whether trying again later can help, and
// serialises to a plain object. Messages are built from the method, the URL path (tenant and
// record ids only) and ServiceTitan's problem title: never from credentials or tokens.
import type { ApiModule } from '../openapi/modules';

export type ServiceTitanErrorCode =
  | 'invalid_credentials'
  | 'invalid_app_key'
  | 'app_not_connected'
  | 'access_denied'
  | 'tenant_mismatch'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'unexpected_response';

/** The request a failure belongs to, safe to log and to show to staff. */
export interface RequestRef {
  method: string;
  /** URL path on the API or auth host, e.g. `/crm/v2/tenant/5550101/locations/12`. */
  path: string;
}

export interface SerializedServiceTitanError {
  code: ServiceTitanErrorCode;
  message: string;
  retryable: boolean;
  status?: number;
  request?: RequestRef;
  [detail: string]: unknown;
}

export abstract class ServiceTitanError extends Error {
  abstract readonly code: ServiceTitanErrorCode;
  /** True when the same call can succeed later without anyone changing anything. */
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    readonly request?: RequestRef,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Class-specific fields for toJSON (area, retryAfterMs, validation errors...). */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): SerializedServiceTitanError {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.request ? { request: this.request } : {}),
      ...this.details(),
    };
  }
}

export function isServiceTitanError(error: unknown): error is ServiceTitanError {
  return error instanceof ServiceTitanError;
}

/** The token endpoint refused the Client ID / Client Secret (wrong, revoked, or other environment). */
export class InvalidCredentialsError extends ServiceTitanError {
  readonly code = 'invalid_credentials';
  readonly retryable = false;
}

/** ServiceTitan does not accept our ST-App-Key: our configuration, not the contractor's. */
export class InvalidAppKeyError extends ServiceTitanError {
  readonly code = 'invalid_app_key';
  readonly retryable = false;
}

/** The tenant has not connected (or has disconnected) our app under API Application Access. */
export class AppNotConnectedError extends ServiceTitanError {
  readonly code = 'app_not_connected';
  readonly retryable = false;
}

export type AccessDeniedReason = 'insufficient_scope' | 'restricted_to_booking_provider' | 'forbidden';

/** 403 for one API area: the app lacks the scope, or is restricted to a booking provider. */
export class AccessDeniedError extends ServiceTitanError {
  readonly code = 'access_denied';
  readonly retryable = false;

  constructor(
    message: string,
    readonly area: ApiModule,
    readonly reason: AccessDeniedReason,
    request: RequestRef,
  ) {
    super(message, request, 403);
  }

  protected override details(): Record<string, unknown> {
    return { area: this.area, reason: this.reason };
  }
}

/** The credentials belong to another tenant than the one in the URL (a mistyped Tenant ID). */
export class TenantMismatchError extends ServiceTitanError {
  readonly code = 'tenant_mismatch';
  readonly retryable = false;
}

export class NotFoundError extends ServiceTitanError {
  readonly code = 'not_found';
  readonly retryable = false;
}

/** 409: the change conflicts with the record's current state. */
export class ConflictError extends ServiceTitanError {
  readonly code = 'conflict';
  readonly retryable = false;
}

/** 400 with ServiceTitan's RFC 7807 `errors` map (field → messages). */
export class ValidationError extends ServiceTitanError {
  readonly code = 'validation';
  readonly retryable = false;

  constructor(
    message: string,
    readonly errors: Record<string, string[]>,
    request: RequestRef,
  ) {
    super(message, request, 400);
  }

  protected override details(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

/** 429 that outlasted our retries; `retryAfterMs` is ServiceTitan's Retry-After. */
export class RateLimitedError extends ServiceTitanError {
  readonly code = 'rate_limited';
  readonly retryable = true;

  constructor(
    message: string,
    readonly retryAfterMs: number,
    request: RequestRef,
  ) {
    super(message, request, 429);
  }

  protected override details(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs };
  }
}

export class ServerError extends ServiceTitanError {
  readonly code = 'server_error';
  readonly retryable = true;
}

/**
 * No HTTP answer: connection refused or reset, DNS, our timeout, or our caller gave up (`aborted`:
 * the activity was cancelled or its pass ran out of time), in which case the client does not retry.
 */
export class NetworkError extends ServiceTitanError {
  readonly code = 'network';
  readonly retryable = true;

  constructor(
    message: string,
    readonly timedOut: boolean,
    request: RequestRef,
    readonly aborted = false,
  ) {
    super(message, request);
  }

  protected override details(): Record<string, unknown> {
    return { timedOut: this.timedOut, ...(this.aborted ? { aborted: true } : {}) };
  }
}

/**
 * A write that is not safe to repeat (job, booking, note, membership sale) left but got no answer:
 * ServiceTitan may still apply it. Whoever tries again must first wait long enough for a write that
 * lands late to be visible, then look for it (activities/sync/pass-scope.ts waits 30 s).
 */
export class UnansweredWriteError extends NetworkError {
  constructor(cause: NetworkError) {
    super(`${cause.message} (the write may still be applied)`, cause.timedOut, cause.request ?? { method: 'POST', path: '' }, cause.aborted);
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), unansweredWrite: true };
  }
}

/** A 2xx whose body is not what the OpenAPI document promises for the fields we use. */
export class UnexpectedResponseError extends ServiceTitanError {
  readonly code = 'unexpected_response';
  readonly retryable = false;

  constructor(
    message: string,
    readonly issues: string[],
    request: RequestRef,
    status?: number,
  ) {
    super(message, request, status);
  }

  protected override details(): Record<string, unknown> {
    return { issues: this.issues };
  }
}
