// Comfort Credit balances → the location custom field the partner chose (ComfortCreditSetting).
// A balance waits while `syncedBalance` (what ServiceTitan was last given, or found to hold)
// differs from `balance` (the newest SmartAC sent; lib/platform-events/projections.ts never lets an older
// one overwrite it).
//
// One call per balance: ServiceTitan's PATCH replaces a location's whole custom field set, so each
// write carries the location's other fields as ServiceTitan's locations export feed last showed
// them (location-feed.ts) instead of reading the location first. A pass reads the feed from the
// partner's cursor before it writes (what changed since the last pass: other fields, a value
// changed behind our back), then again at least every FEED_REFRESH_MS while it writes, and a write
// waits for a fresh read once the last one is FEED_MAX_AGE_MS old. A PATCH left unanswered fails
// the pass; its retry comes no sooner than 30 s later (failures.ts) and reads the feed first, where
// a write that landed late shows as a change since the cursor: it is found, not made again.
// What remains: a field someone changes in ServiceTitan after the last read of the feed and before
// our PATCH lands (about a second, plus however late ServiceTitan's feed shows a change) is
// overwritten with the value the feed showed. ServiceTitan offers no conditional update to close
// that window; reading the location before every write only narrowed it to the GET's round trip,
// at twice the calls.
// A location the feed never showed is read before it is written (Locations_Get: ServiceTitan's own
// 404 for a location it does not have).
// Reconciliation reads the same feed from the same cursor and records what ServiceTitan holds: a
// value changed behind our back makes the balance wait again, and the sync writes it back.
// A balance ServiceTitan refuses (no such location: 404; value refused: 400) keeps ServiceTitan's
// answer on its row, stays unsynced and is tried again on the schedule of item-retry.ts.
import type { CustomFieldValue, Location, ServiceTitanClient, ServiceTitanError } from '../../servicetitan/client';
import type { SyncItemError, SyncPassResult } from '../../workflows/sync/types';
import { forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { keepSeen, knownLocations, LocationFeed, type KnownLocation, type SeenLocation } from './location-feed';
import { isItemProblem, withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { nextRetryAt } from './item-retry';
import { loadSyncConfiguration, required } from './sync-configuration';

/** Balances per pass: one call each, so a full pass is ~4 s at ServiceTitan's 60 calls per second. */
const BALANCES_PER_PASS = 200;
/** Export batches per pass (500–5000 locations each): the rest waits for the next one. */
const FEED_BATCHES_PER_PASS = 100;
/** While a pass writes, the feed is read again once its last read is this old (one call per second of writes). */
const FEED_REFRESH_MS = 1_000;
/** A write waits for a fresh read of the feed once the last one is this old (a slow or failing read). */
const FEED_MAX_AGE_MS = 3_000;

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

function fieldValue(location: { customFields: readonly { typeId: number; value?: string | null }[] }, fieldTypeId: number): number | null {
  return asBalance(location.customFields.find((f) => f.typeId === fieldTypeId)?.value);
}

/** The location's custom field set as last seen, with the balance in its field. */
function withBalance(location: KnownLocation, fieldTypeId: number, balance: number): CustomFieldValue[] {
  return [...location.customFields.filter((f) => f.typeId !== fieldTypeId), { typeId: fieldTypeId, value: String(balance) }];
}

/** Keeps the newer of two views of a location. */
function remember(views: Map<number, KnownLocation>, id: number, view: KnownLocation): void {
  const held = views.get(id);
  if (!held || held.modifiedOn <= view.modifiedOn) views.set(id, view);
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

  const resultOf = async (partnerId: string, counts: Pick<SyncPassResult, 'checked' | 'writes' | 'failed'>, unread: boolean): Promise<SyncPassResult> => ({
    ...counts,
    backlog: (await backlog(partnerId)) + (unread ? 1 : 0),
    ...(await itemHealth(partnerId)),
  });

  async function syncWaitingBalances(client: ServiceTitanClient, partnerId: string, fieldTypeId: number): Promise<SyncPassResult> {
    const rows = await waiting(partnerId);
    // Nothing waits: no ServiceTitan call at all.
    if (rows.length === 0) return resultOf(partnerId, { checked: 0, writes: 0, failed: 0 }, false);
    const valueOf = (location: SeenLocation) => fieldValue(location, fieldTypeId);
    const ours = new Set(rows.map((r) => Number(r.locationId)));
    // What the pass knows of its locations: stored, then newer from each read of the feed and each PATCH's answer.
    const views = new Map<number, KnownLocation>();
    const feed = new LocationFeed(db, client, partnerId, valueOf, (kept) => {
      for (const [id, view] of kept) if (ours.has(id)) remember(views, id, view);
    });
    // Catch up first; writing with fields the feed has not caught up with could drop a newer one.
    if (!(await feed.read(FEED_BATCHES_PER_PASS)).atEnd) return resultOf(partnerId, { checked: 0, writes: 0, failed: 0 }, true);
    for (const [id, view] of await knownLocations(db, partnerId, [...rows.map((r) => r.locationId)])) remember(views, id, view);

    /** The feed read recently enough: a refresh starts in the background after a second, a write waits for one after three. */
    const fresh = async (): Promise<void> => {
      if (feed.age() > FEED_MAX_AGE_MS) await feed.read();
      // A failed background read is thrown by the awaited one that follows it.
      else if (feed.age() > FEED_REFRESH_MS) void feed.read().catch(() => undefined);
    };
    const answered = async (location: Location): Promise<void> => {
      for (const [id, view] of await keepSeen(db, partnerId, [location], valueOf)) remember(views, id, view);
    };

    let writes = 0;
    let failed = 0;
    try {
      await forEachConcurrently(rows, PARALLEL_ITEMS, async (row) => {
        const { locationId, balance } = row;
        const id = Number(locationId);
        await fresh();
        const view = views.get(id);
        if (view === undefined || fieldValue(view, fieldTypeId) !== balance) {
          try {
            await answered(
              view === undefined
                ? // Never in the feed: Locations_Get first, whose 404 is what the row keeps for a location ServiceTitan does not have.
                  await client.setLocationCustomFields(id, [{ typeId: fieldTypeId, value: String(balance) }])
                : await client.replaceLocationCustomFields(id, withBalance(view, fieldTypeId, balance)),
            );
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
    } finally {
      // No statement of a background read may outlive the pass.
      await feed.settled();
    }
    return resultOf(partnerId, { checked: rows.length, writes, failed }, false);
  }

  return {
    /** Writes waiting balances (a bounded batch) to ServiceTitan. */
    async syncComfortCredits({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const fieldTypeId = required(settings.comfortCreditFieldId, settings, 'Comfort Credit field');
      return withServiceTitan(credentials, partnerId, (client) => syncWaitingBalances(client, partnerId, fieldTypeId));
    },

    /**
     * Reads the locations changed since the feed was last read (all of them the first time) and
     * repairs drift: values that differ from our balances are written again, a batch at once and
     * the rest by the following syncComfortCredits passes (backlog). Locations we hold no balance
     * for are left alone.
     */
    async reconcileComfortCredits({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const fieldTypeId = required(settings.comfortCreditFieldId, settings, 'Comfort Credit field');
      return withServiceTitan(credentials, partnerId, async (client) => {
        const feed = new LocationFeed(db, client, partnerId, (location) => fieldValue(location, fieldTypeId));
        const { read, atEnd } = await feed.read(FEED_BATCHES_PER_PASS);
        if (!atEnd) return resultOf(partnerId, { checked: read, writes: 0, failed: 0 }, true);
        const repaired = await syncWaitingBalances(client, partnerId, fieldTypeId);
        return { ...repaired, checked: read + repaired.checked };
      });
    },
  };
}
