// Bounded parallelism for a pass's ServiceTitan calls, heartbeating after each item. One call at
// a time would use a fraction of the tenant's 60 requests per second when ServiceTitan takes
// ~100 ms to answer; the client's rate limiter keeps any number of parallel calls under the limit.
// 16 at a time keep 60 calls per second going while an item (its call, plus our own database
// statements) takes up to ~250 ms.
import { heartbeat } from './heartbeat';

/** Items a pass works on at once. */
export const PARALLEL_ITEMS = 16;

/**
 * Runs `work` on every item, at most `limit` at a time. After a failure no new item starts; those
 * already running finish (so what they wrote gets recorded), then the first failure is thrown.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
        heartbeat();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure.error;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
