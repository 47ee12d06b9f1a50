// When an item ServiceTitan refused (a location it does not have, a value it will not take) is
// tried again. A refusal may be transient (the location is being merged, a field was briefly
// misconfigured) or permanent (a location id SmartAC has wrong): retrying every pass would spend
// the tenant's rate limit on what will not work, never retrying would leave a fixable item stuck.
// So: the first retry after `firstMs` (one minute by default, SYNC_ITEM_RETRY_SECONDS), doubling
// with every refusal in a row (1, 2, 4 … 256 minutes), then every six hours: a permanently unknown
// location costs a few calls a day, about eight hours after its first refusal. Reconciliation retries at once a location it finds in ServiceTitan's export
// feed (created or changed since), and a write that succeeds clears the error and the count.
export const ITEM_RETRY_FIRST_MS = 60_000;
export const ITEM_RETRY_MAX_MS = 6 * 3600_000;

/** When to try again after the `refusals`-th refusal in a row (1 for the first). */
export function nextRetryAt(refusals: number, firstMs = ITEM_RETRY_FIRST_MS, now = Date.now()): Date {
  const delay = Math.min(firstMs * 2 ** Math.min(Math.max(refusals - 1, 0), 30), ITEM_RETRY_MAX_MS);
  return new Date(now + delay);
}
