// Comfort Credit balances → the location custom field the partner chose (ComfortCreditSetting).
// A balance waits while `syncedBalance` (what ServiceTitan was last given, or found to hold)
// differs from `balance` (the newest SmartAC sent; lib/platform-events/projections.ts never lets an older
// one overwrite it). Each pass reads ServiceTitan's current values first and writes only what
// differs, so a write that landed before a crash or retry is found there, not made again.
// Reconciliation reads the locations export feed and records what ServiceTitan holds: a value
// changed behind our back makes the balance wait again, and the sync writes it back.
// A balance ServiceTitan refuses (no such location: 404; value refused: 400) keeps ServiceTitan's
// answer on its row, stays unsynced and is tried again on the schedule of item-retry.ts.
import { heartbeat } from './heartbeat';
import type { ServiceTitanClient, ServiceTitanError } from '../../servicetitan/client';
import type { SyncItemError, SyncPassResult } from '../../workflows/sync/types';
import { chunks, forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { readCursor, saveCursor } from './cursors';
import { isItemProblem, withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { nextRetryAt } from './item-retry';
import { loadSyncConfiguration, required } from './sync-configuration';

/** Balances per pass: a changed one takes 2 calls, so a full pass is ~8 s at 50 calls per second. */
const BALANCES_PER_PASS = 200;
/** ServiceTitan's limit on `ids` in list calls. */
const IDS_PER_LIST = 50;
/** Export batches per reconciliation (500–5000 locations each): the rest waits for the next one. */
const FEED_BATCHES_PER_PASS = 100;

interface WaitingBalance {
  locationId: bigint;
  balance: number;
  attempts: number;
}

/** A custom field value as whole credits; anything else (empty, text, fractions) is no balance. */
function asBalance(value: string | null | undefined): number | null {
  if (value == null || !/^\s*-?\d{1,10}\s*$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647 ? n : null;
}

function fieldValue(location: { customFields: { typeId: number; value?: string | null }[] }, fieldTypeId: number): number | null {
  return asBalance(location.customFields.find((f) => f.typeId === fieldTypeId)?.value);
}

export function createComfortCreditActivities({ db, credentials, itemRetryFirstMs }: Pick<SyncActivityDeps, 'db' | 'credentials' | 'itemRetryFirstMs'>) {
  /** Balances to write now: refused ones only once their retry time has come. */
  const waiting = (partnerId: string) => db.$queryRaw<WaitingBalance[]>`
    SELECT location_id AS "locationId", balance, attempts FROM comfort_credit_balances
    WHERE partner_id = ${partnerId} AND synced_balance IS DISTINCT FROM balance AND (retry_at IS NULL OR retry_at <= now())
    ORDER BY updated_at, location_id LIMIT ${BALANCES_PER_PASS}`;

  const backlog = async (partnerId: string): Promise<number> => {
    const [row] = await db.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM comfort_credit_balances
      WHERE partner_id = ${partnerId} AND synced_balance IS DISTINCT FROM balance AND (retry_at IS NULL OR retry_at <= now())`;
    return Number(row?.waiting ?? 0);
  };

  /** Balances ServiceTitan refuses now, those it took, and its latest refusal. */
  const itemHealth = async (partnerId: string): Promise<Pick<SyncPassResult, 'failing' | 'succeeded' | 'lastItemError'>> => {
    const [counts] = await db.$queryRaw<{ failing: bigint; succeeded: bigint }[]>`
      SELECT count(*) FILTER (WHERE last_error IS NOT NULL) AS failing, count(*) FILTER (WHERE last_error IS NULL AND synced_at IS NOT NULL) AS succeeded
      FROM comfort_credit_balances WHERE partner_id = ${partnerId}`;
    const failing = Number(counts?.failing ?? 0);
    if (failing === 0) return { failing, succeeded: Number(counts?.succeeded ?? 0) };
    const latest = await db.comfortCreditBalance.findFirst({
      where: { partnerId, lastError: { not: null } },
      orderBy: [{ failedAt: 'desc' }, { locationId: 'asc' }],
    });
    const lastItemError: SyncItemError | undefined = latest?.lastError
      ? {
          item: `location ${latest.locationId}`,
          message: latest.lastError,
          ...(latest.lastErrorStatus === null ? {} : { status: latest.lastErrorStatus }),
          at: (latest.failedAt ?? new Date()).toISOString(),
        }
      : undefined;
    return { failing, succeeded: Number(counts?.succeeded ?? 0), ...(lastItemError ? { lastItemError } : {}) };
  };

  /** ServiceTitan holds `balance` now (unless a newer one arrived meanwhile: then it still waits); any earlier refusal is over. */
  const markSynced = (partnerId: string, locationId: bigint, balance: number): Promise<unknown> =>
    db.comfortCreditBalance.updateMany({
      where: { partnerId, locationId, balance },
      data: { syncedBalance: balance, syncedAt: new Date(), lastError: null, lastErrorStatus: null, failedAt: null, attempts: 0, retryAt: null },
    });

  /**
   * ServiceTitan refused this location's balance: its answer is kept on the row, the balance stays
   * unsynced, and it waits for its next retry (item-retry.ts).
   */
  const markRefused = (partnerId: string, row: WaitingBalance, error: ServiceTitanError): Promise<unknown> =>
    db.comfortCreditBalance.updateMany({
      where: { partnerId, locationId: row.locationId },
      data: {
        lastError: error.message,
        lastErrorStatus: error.status ?? null,
        failedAt: new Date(),
        attempts: row.attempts + 1,
        retryAt: nextRetryAt(row.attempts + 1, itemRetryFirstMs),
      },
    });

  /** The current field values of these locations; a location ServiceTitan does not have is absent. */
  async function currentValues(client: ServiceTitanClient, locationIds: number[], fieldTypeId: number): Promise<Map<number, number | null>> {
    const values = new Map<number, number | null>();
    const pages = await Promise.all(
      chunks(locationIds, IDS_PER_LIST).map((ids) => client.listLocations({ ids: ids.join(','), active: 'Any', pageSize: IDS_PER_LIST }).page()),
    );
    for (const page of pages) for (const location of page.data) values.set(location.id, fieldValue(location, fieldTypeId));
    return values;
  }

  async function syncWaitingBalances(client: ServiceTitanClient, partnerId: string, fieldTypeId: number): Promise<SyncPassResult> {
    const rows = await waiting(partnerId);
    const current = await currentValues(
      client,
      rows.map((r) => Number(r.locationId)),
      fieldTypeId,
    );
    let writes = 0;
    let failed = 0;
    await forEachConcurrently(rows, PARALLEL_ITEMS, async (row) => {
      const { locationId, balance } = row;
      const id = Number(locationId);
      // A location missing from the list is written too: its GET answers with ServiceTitan's own
      // 404, which is what the row keeps (and the retry schedule keeps such calls rare).
      if (!current.has(id) || current.get(id) !== balance) {
        try {
          // Reads the location again and sends its other custom fields back with ours.
          await client.setLocationCustomFields(id, [{ typeId: fieldTypeId, value: String(balance) }]);
          writes += 1;
        } catch (error) {
          if (!isItemProblem(error)) throw error;
          failed += 1;
          await markRefused(partnerId, row, error);
          return;
        }
      }
      await markSynced(partnerId, locationId, balance);
    });
    return { checked: rows.length, writes, backlog: await backlog(partnerId), failed, ...(await itemHealth(partnerId)) };
  }

  /**
   * Records what ServiceTitan holds for the locations of one export batch we keep balances for. A
   * refused balance whose location the feed shows (created or changed since) is retried at once.
   */
  async function recordFound(partnerId: string, locations: { id: number; value: number | null }[]): Promise<void> {
    if (locations.length === 0) return;
    await db.$executeRaw`
      UPDATE comfort_credit_balances AS b SET synced_balance = found.value, synced_at = now(), retry_at = NULL
      FROM unnest(${locations.map((l) => String(l.id))}::text[], ${locations.map((l) => l.value)}::int[]) AS found(location_id, value)
      WHERE b.partner_id = ${partnerId} AND b.location_id = found.location_id::bigint
        AND (b.synced_balance IS DISTINCT FROM found.value OR b.retry_at IS NOT NULL)`;
  }

  return {
    /** Writes waiting balances (a bounded batch) to ServiceTitan. */
    async syncComfortCredits({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const fieldTypeId = required(settings.comfortCreditFieldId, settings, 'Comfort Credit field');
      return withServiceTitan(credentials, partnerId, (client) => syncWaitingBalances(client, partnerId, fieldTypeId));
    },

    /**
     * Reads the locations changed since the last reconciliation (all of them the first time) and
     * repairs drift: values that differ from our balances are written again, a batch at once and
     * the rest by the following syncComfortCredits passes (backlog). Locations we hold no balance
     * for are left alone.
     */
    async reconcileComfortCredits({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const fieldTypeId = required(settings.comfortCreditFieldId, settings, 'Comfort Credit field');
      return withServiceTitan(credentials, partnerId, async (client) => {
        const feed = client.exportLocations(await readCursor(db, partnerId, 'locations'));
        let read = 0;
        let batches = 0;
        let unread = false;
        for await (const batch of feed.batches()) {
          heartbeat();
          await recordFound(
            partnerId,
            batch.data.map((l) => ({ id: l.id, value: fieldValue(l, fieldTypeId) })),
          );
          await saveCursor(db, partnerId, 'locations', batch.continueFrom);
          read += batch.data.length;
          batches += 1;
          if (batch.hasMore && batches >= FEED_BATCHES_PER_PASS) {
            unread = true;
            break;
          }
        }
        const repaired = await syncWaitingBalances(client, partnerId, fieldTypeId);
        return { ...repaired, checked: read + repaired.checked, backlog: repaired.backlog + (unread ? 1 : 0) };
      });
    },
  };
}
