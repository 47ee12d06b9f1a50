// ServiceTitan's locations export feed, read from where the partner's passes last stopped (the
// `locations` cursor, shared by the Comfort Credit sync and its reconciliation), and what we keep
// from it: each location's custom fields (location_custom_fields), so a balance is written with
// one PATCH carrying the other fields as ServiceTitan last showed them, and the Comfort Credit
// value it holds (comfort_credit_balances.synced_balance), so a value changed behind our back, or
// a write that landed without an answer, is seen without reading the location.
//
// Records are ordered by ServiceTitan's `modifiedOn`: one older than what we hold (a record the
// feed hands out again with includeRecentChanges, or late) changes nothing, neither the fields
// nor the value found, so our own PATCH's answer is never undone by a stale record.
import type { Db } from '../../lib/db/client';
import type { CustomFieldValue, ServiceTitanClient } from '../../servicetitan/client';
import { readCursor, saveCursor } from './cursors';
import { heartbeat } from './heartbeat';

/** What a location looked like in ServiceTitan when we last saw it. */
export interface KnownLocation {
  /** Its non-empty custom fields. */
  customFields: CustomFieldValue[];
  /** ServiceTitan's modifiedOn, epoch ms. */
  modifiedOn: number;
}

/** A location as the feed and the location calls return it (the fields we keep). */
export interface SeenLocation {
  id: number;
  modifiedOn: string;
  customFields: { typeId: number; value?: string | null }[];
}

export interface FeedRead {
  /** Records read. */
  read: number;
  /** False when `maxBatches` stopped the read before the end of the feed. */
  atEnd: boolean;
}

function known(location: SeenLocation): KnownLocation {
  return {
    customFields: location.customFields.flatMap(({ typeId, value }) => (value === null || value === undefined || value === '' ? [] : [{ typeId, value }])),
    modifiedOn: Date.parse(location.modifiedOn),
  };
}

/**
 * Keeps what these locations show, unless we hold a newer view of one; records the Comfort
 * Credit value found in each one kept (`valueOf`), for the balances we hold. A refused balance
 * whose location shows up again (created or changed since) is retried at once. Returns the
 * locations kept.
 */
export async function keepSeen(
  db: Db,
  partnerId: string,
  locations: readonly SeenLocation[],
  valueOf: (location: SeenLocation) => number | null,
): Promise<Map<number, KnownLocation>> {
  // The newest record of each location (a batch may repeat one with includeRecentChanges).
  const newest = new Map<number, SeenLocation>();
  for (const location of locations) {
    const held = newest.get(location.id);
    if (!held || Date.parse(held.modifiedOn) <= Date.parse(location.modifiedOn)) newest.set(location.id, location);
  }
  const kept = new Map<number, KnownLocation>();
  if (newest.size === 0) return kept;
  const records = [...newest.values()];
  const views = records.map(known);
  const stored = await db.$queryRaw<{ id: string }[]>`
    WITH seen AS (
      SELECT * FROM unnest(
        ${records.map((l) => String(l.id))}::text[],
        ${views.map((v) => JSON.stringify(v.customFields))}::jsonb[],
        ${views.map((v) => new Date(v.modifiedOn))}::timestamptz[],
        ${records.map(valueOf)}::int[]
      ) AS s(location_id, custom_fields, modified_on, value)
    ),
    kept AS (
      INSERT INTO location_custom_fields AS f (partner_id, location_id, custom_fields, modified_on, seen_at)
      SELECT ${partnerId}, location_id::bigint, custom_fields, modified_on, now() FROM seen
      ON CONFLICT (partner_id, location_id) DO UPDATE
        SET custom_fields = excluded.custom_fields, modified_on = excluded.modified_on, seen_at = excluded.seen_at
        WHERE f.modified_on <= excluded.modified_on
      RETURNING location_id
    ),
    found AS (
      UPDATE comfort_credit_balances AS b SET synced_balance = seen.value, synced_at = now(), retry_at = NULL
      FROM seen JOIN kept ON kept.location_id = seen.location_id::bigint
      WHERE b.partner_id = ${partnerId} AND b.location_id = kept.location_id
        AND (b.synced_balance IS DISTINCT FROM seen.value OR b.retry_at IS NOT NULL)
      RETURNING b.location_id
    )
    SELECT location_id::text AS id FROM kept`;
  const byId = new Map(records.map((l, i) => [l.id, views[i] as KnownLocation]));
  for (const { id } of stored) {
    const view = byId.get(Number(id));
    if (view) kept.set(Number(id), view);
  }
  return kept;
}

/** What we last saw of these locations; a location never seen is absent. */
export async function knownLocations(db: Db, partnerId: string, locationIds: readonly bigint[]): Promise<Map<number, KnownLocation>> {
  const rows = await db.$queryRaw<{ id: string; customFields: CustomFieldValue[]; modifiedOn: Date }[]>`
    SELECT location_id::text AS id, custom_fields AS "customFields", modified_on AS "modifiedOn" FROM location_custom_fields
    WHERE partner_id = ${partnerId} AND location_id = ANY(${locationIds.map(String)}::text[]::bigint[])`;
  return new Map(rows.map((r) => [Number(r.id), { customFields: r.customFields, modifiedOn: r.modifiedOn.getTime() }]));
}

/**
 * One partner's reading of the feed: resumes from the stored cursor, saves it after every batch
 * (a crashed or retried pass resumes there; a batch read twice changes nothing), and hands each
 * batch's kept locations to `onKept`. One read at a time.
 */
export class LocationFeed {
  private cursor: Promise<string | undefined> | undefined;
  private reading: Promise<FeedRead> | undefined;
  /** When the last read that reached the end of the feed started (performance.now()). */
  private caughtUpAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly client: ServiceTitanClient,
    private readonly partnerId: string,
    private readonly valueOf: (location: SeenLocation) => number | null,
    private readonly onKept: (kept: Map<number, KnownLocation>) => void = () => undefined,
  ) {}

  /** Reads what changed since the last read, at most `maxBatches` batches (the read in progress, if any). */
  read(maxBatches = Number.POSITIVE_INFINITY): Promise<FeedRead> {
    this.reading ??= this.readBatches(maxBatches).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** Resolves once no read is in progress (whatever its outcome). */
  async settled(): Promise<void> {
    await this.reading?.catch(() => undefined);
  }

  /** Milliseconds since the start of the last read that reached the end of the feed. */
  age(): number {
    return performance.now() - this.caughtUpAt;
  }

  private async readBatches(maxBatches: number): Promise<FeedRead> {
    const startedAt = performance.now();
    this.cursor ??= readCursor(this.db, this.partnerId, 'locations');
    const feed = this.client.exportLocations(await this.cursor, { includeRecentChanges: true });
    let read = 0;
    let batches = 0;
    for await (const batch of feed.batches()) {
      heartbeat();
      this.onKept(await keepSeen(this.db, this.partnerId, batch.data, this.valueOf));
      await saveCursor(this.db, this.partnerId, 'locations', batch.continueFrom);
      this.cursor = Promise.resolve(batch.continueFrom);
      read += batch.data.length;
      batches += 1;
      if (batch.hasMore && batches >= maxBatches) return { read, atEnd: false };
    }
    this.caughtUpAt = startedAt;
    return { read, atEnd: true };
  }
}
