// What a pass's result means for a child's health (workflows/sync/types.ts SyncResult). Pure and
// deterministic: the sync workflow calls it, tests check it directly.
import type { SyncChild, SyncHealth, SyncPassResult } from './types';

/** Longest lastError kept in a search attribute (the whole text is in the state and on the item). */
export const SEARCH_ATTRIBUTE_ERROR_CHARS = 300;

/**
 * A pass that ran: ok when no item is refused; failed when every item it has is refused (nothing
 * got through); partial otherwise. Passes without per-item retries report only this pass's
 * refusals, and the items they checked without refusal as the ones that went through.
 */
export function healthOfPass(
  result: SyncPassResult,
): Pick<SyncHealth, 'lastError' | 'failedItems' | 'lastItemError'> & { lastResult: 'ok' | 'partial' | 'failed' } {
  const failing = result.failing ?? result.failed;
  if (failing === 0) return { lastResult: 'ok', lastError: undefined, failedItems: 0, lastItemError: undefined };
  const succeeded = result.succeeded ?? Math.max(0, result.checked - result.failed);
  const item = result.lastItemError;
  return {
    lastResult: succeeded === 0 ? 'failed' : 'partial',
    lastError: item ? `${item.item}: ${item.message}` : `ServiceTitan refused ${failing} item${failing === 1 ? '' : 's'}`,
    failedItems: failing,
    lastItemError: item,
  };
}

/**
 * A live integration's sync health from its children's: items ServiceTitan refuses (partial)
 * degrade it too, since the partner's data is not all there. The onboarding workflow keeps it so
 * and the API's read model derives it so (api/read-model.ts): one rule.
 */
export function integrationHealthOf(children: Partial<Record<SyncChild, Pick<SyncHealth, 'lastResult'>>>): 'ok' | 'degraded' {
  return Object.values(children).some((h) => h?.lastResult === 'failed' || h?.lastResult === 'partial') ? 'degraded' : 'ok';
}

/** Sums the two passes of one comfortCredits run (sync, then reconciliation): the later one knows best. */
export function combinePasses(first: SyncPassResult, second: SyncPassResult): SyncPassResult {
  const combined: SyncPassResult = {
    checked: first.checked + second.checked,
    writes: first.writes + second.writes,
    backlog: first.backlog + second.backlog,
    failed: first.failed + second.failed,
  };
  const failing = second.failing ?? first.failing;
  const wakes = [first.nextWakeAt, second.nextWakeAt].filter((at): at is string => at !== undefined).sort();
  if (wakes[0] !== undefined) combined.nextWakeAt = wakes[0];
  const timing = second.timing ?? first.timing;
  if (timing !== undefined) combined.timing = timing;
  const succeeded = second.succeeded ?? first.succeeded;
  const lastItemError = second.lastItemError ?? first.lastItemError;
  if (failing !== undefined) combined.failing = failing;
  if (succeeded !== undefined) combined.succeeded = succeeded;
  if (lastItemError !== undefined) combined.lastItemError = lastItemError;
  return combined;
}

export function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** What a child shows in its search attributes (SyncBacklog, SyncResult, SyncFailedItems, SyncLastError). */
export interface ShownHealth {
  backlog: number;
  result: string;
  failedItems: number;
  /** null removes the attribute: nothing failing, nothing shown. */
  lastError: string | null;
}

export function shownHealth(health: SyncHealth): ShownHealth {
  return {
    backlog: health.backlog,
    result: health.lastResult ?? 'ok',
    failedItems: health.failedItems ?? 0,
    lastError: health.lastError ? truncate(health.lastError, SEARCH_ATTRIBUTE_ERROR_CHARS) : null,
  };
}

export function sameShownHealth(a: ShownHealth, b: ShownHealth | undefined): boolean {
  return b !== undefined && a.backlog === b.backlog && a.result === b.result && a.failedItems === b.failedItems && a.lastError === b.lastError;
}
