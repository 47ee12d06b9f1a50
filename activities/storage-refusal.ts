// Activities that write to Postgres fail for good when Postgres refuses the data itself: a data
// exception (SQLSTATE class 22: NUL in text, bad encoding, value out of range) or an integrity
// violation (class 23) will fail the same way on every retry, and an activity that retries forever
// holds its workflow (and every update queued behind it) forever. Such an error becomes a
// non-retryable ApplicationFailure of type STORAGE_REFUSED that the workflow handles.
import { ApplicationFailure } from '@temporalio/activity';
import { isStorageRefusal, sqlStateOf } from '../lib/db/sql-state';
import { STORAGE_REFUSED } from '../workflows/failures';

export { sqlStateOf };

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
