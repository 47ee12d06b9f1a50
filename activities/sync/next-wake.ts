// When a sync pass's own work next needs a look without an event (SyncPassResult.nextWakeAt), for
// the kinds of work whose modules leave it to this one. The workflow sleeps until then, or until
// an event wakes it (workflows/sync/schedule.ts).
import type { Db } from '../../lib/db/client';

/** The earliest retry of a Comfort Credit balance ServiceTitan refused (item-retry.ts), if one waits. */
export async function nextBalanceRetryAt(db: Db, partnerId: string): Promise<string | undefined> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(retry_at) AS at FROM comfort_credit_balances
    WHERE partner_id = ${partnerId} AND synced_balance IS DISTINCT FROM balance AND retry_at IS NOT NULL`;
  return row?.at ? new Date(row.at).toISOString() : undefined;
}
