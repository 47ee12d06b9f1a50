// The retry schedule of items ServiceTitan refused (activities/sync/item-retry.ts): a minute,
// doubling per refusal in a row, never longer than six hours; a shorter first retry for tests.
import { ITEM_RETRY_MAX_MS, nextRetryAt } from '../../activities/sync/item-retry';
import { healthOfPass } from '../../workflows/sync/health';

const after = (refusals: number, firstMs?: number) => nextRetryAt(refusals, firstMs, 0).getTime();

describe('nextRetryAt', () => {
  it('waits a minute after the first refusal and doubles with each one after', () => {
    expect([1, 2, 3, 4].map((n) => after(n))).toEqual([60_000, 120_000, 240_000, 480_000]);
  });

  it('never waits longer than six hours, however many refusals', () => {
    expect(after(9)).toBe(256 * 60_000);
    expect(after(10)).toBe(ITEM_RETRY_MAX_MS);
    expect(after(10_000)).toBe(ITEM_RETRY_MAX_MS);
    expect(ITEM_RETRY_MAX_MS).toBe(6 * 3600_000);
  });

  it('starts from the configured first retry', () => {
    expect([1, 2, 3].map((n) => after(n, 2000))).toEqual([2000, 4000, 8000]);
  });
});

describe('healthOfPass', () => {
  const refusal = { item: 'location 1001234', message: 'ServiceTitan GET … answered 404: Not Found', status: 404, at: '2026-12-02T10:00:00.000Z' };

  it('is failed when every item is refused, partial when others went through, ok when none is refused', () => {
    expect(healthOfPass({ checked: 1, writes: 0, backlog: 0, failed: 1, failing: 1, succeeded: 0, lastItemError: refusal })).toEqual({
      lastResult: 'failed',
      failedItems: 1,
      lastError: 'location 1001234: ServiceTitan GET … answered 404: Not Found',
      lastItemError: refusal,
    });
    expect(healthOfPass({ checked: 0, writes: 0, backlog: 0, failed: 0, failing: 1, succeeded: 4, lastItemError: refusal })).toMatchObject({
      lastResult: 'partial',
      failedItems: 1,
    });
    expect(healthOfPass({ checked: 3, writes: 3, backlog: 0, failed: 0, failing: 0, succeeded: 3 })).toEqual({
      lastResult: 'ok',
      failedItems: 0,
      lastError: undefined,
      lastItemError: undefined,
    });
  });

  it('judges a pass without per-item retries by what it checked', () => {
    expect(healthOfPass({ checked: 2, writes: 1, backlog: 0, failed: 1 })).toMatchObject({
      lastResult: 'partial',
      failedItems: 1,
      lastError: 'ServiceTitan refused 1 item',
    });
    expect(healthOfPass({ checked: 2, writes: 0, backlog: 0, failed: 2 })).toMatchObject({ lastResult: 'failed', failedItems: 2 });
  });
});
