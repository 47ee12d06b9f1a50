// Activities that write to Postgres fail for good when Postgres refuses the data itself: a data
// exception (SQLSTATE class 22: NUL in text, bad encoding, value out of range) or an integrity
// violation (class 23) will fail the same way on every retry, and an activity that retries forever
// holds its workflow (and every update queued behind it) forever. Such an error becomes a
// non-retryable ApplicationFailure of type STORAGE_REFUSED that the workflow handles.
//
// 23505 (unique violation) is left retryable: here it is a race between two writers of the same
// row (an upsert losing to a concurrent insert), which the next attempt resolves by finding it.
import { ApplicationFailure } from '@temporalio/activity';
import { STORAGE_REFUSED } from '../workflows/failures';

/** The Postgres SQLSTATE behind an error, as pg raises it or as Prisma 7 (adapter-pg) wraps it. */
export function sqlStateOf(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (e: unknown): string | undefined => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return undefined;
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    // Prisma: meta.driverAdapterError.cause.originalCode; pg: code; Prisma's own codes are P + 4 digits.
    if (typeof o.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(o.originalCode)) return o.originalCode;
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code) && !/^P\d{4}$/.test(o.code)) return o.code;
    return visit(o.meta?.driverAdapterError) ?? visit(o.cause);
  };
  return visit(err);
}

export function isStorageRefusal(sqlState: string | undefined): boolean {
  return sqlState !== undefined && (sqlState.startsWith('22') || (sqlState.startsWith('23') && sqlState !== '23505'));
}

/** The error as the workflow should see it: STORAGE_REFUSED when Postgres refused the data, else unchanged. */
export function asStorageRefusal(err: unknown, activity: string): unknown {
  const sqlState = sqlStateOf(err);
  if (!isStorageRefusal(sqlState)) return err;
  // The message names the SQLSTATE only: Postgres' own message may quote the refused value.
  return ApplicationFailure.create({
    type: STORAGE_REFUSED,
    message: `Postgres refused the data of ${activity} (SQLSTATE ${sqlState})`,
    details: [{ sqlState, activity }],
    nonRetryable: true,
  });
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** Wraps every activity of `activities` so a Postgres refusal of its data fails non-retryably. */
export function refusingUnstorable<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw asStorageRefusal(err, name);
      }
    };
  }
  return wrapped as T;
}
