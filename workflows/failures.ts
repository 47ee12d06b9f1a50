// Failure types shared by activities and workflows, defined once (no imports: a leaf contract).

/**
 * Postgres refused the data itself (SQLSTATE class 22 data exception, or 23 integrity violation
 * other than a unique-key race): retrying the same input can never succeed, so the activity fails
 * non-retryably with this type and the workflow records what it can and carries on.
 * details[0]: { sqlState, activity }.
 */
export const STORAGE_REFUSED = 'StorageRefused';
