// Failure types shared by activities, workflows and the API, defined once (no imports: a leaf
// contract). An activity throws an ApplicationFailure of one of these types; the workflow (or the
// API) compares `failure.type` against the same constant, so a rename cannot split the two sides.

/**
 * Postgres refused the data itself (SQLSTATE class 22 data exception, or 23 integrity violation
 * other than a unique-key race): retrying the same input can never succeed, so the activity fails
 * non-retryably with this type and the workflow records what it can and carries on.
 * details[0]: { sqlState, activity }.
 */
export const STORAGE_REFUSED = 'StorageRefused';

/** ApplicationFailure types the onboarding's updates end with; the API maps each to an HTTP status. */
export const OnboardingFailure = {
  /** The request is not allowed in the current status (HTTP 409). */
  InvalidState: 'InvalidState',
  /** The payload does not match workflows/onboarding/inputs (HTTP 400); details carry the issues. */
  InvalidInput: 'InvalidInput',
  /** ServiceTitan did not confirm it (HTTP 422); details[0] is a VerificationError. Verification activities throw it too. */
  VerificationFailed: 'VerificationFailed',
  /** Going live while another partner holds the tenant, without a staff decision (HTTP 409 tenant_conflict_unresolved). */
  TenantConflict: 'TenantConflict',
} as const;

/** The ApplicationFailure type recordOnboardingEvent ends with when the database refuses a second live integration of a tenant. */
export const TENANT_ALREADY_LIVE = 'TenantAlreadyLive';

/** The ApplicationFailure type sync activities throw when ServiceTitan refuses our credentials. */
export const CREDENTIALS_REJECTED = 'CredentialsRejected';

/** How ServiceTitan's answers end an activity (sync passes and verifications alike). */
export const SyncFailure = {
  /** The integration lacks a setting the pass needs (it cannot be ACTIVE without it). */
  NotConfigured: 'SyncNotConfigured',
  /** Throttling, 5xx, no answer: retryable. */
  Unavailable: 'ServiceTitanUnavailable',
  Refused: 'ServiceTitanRefused',
  /** The attempt stopped its calls before its time limit; the next attempt goes on. */
  OutOfTime: 'SyncPassOutOfTime',
} as const;

/** How the email activity refuses a request it can never send. */
export const EmailFailure = {
  InvalidRequest: 'InvalidEmailRequest',
  IdempotencyKeyReused: 'IdempotencyKeyReused',
} as const;
