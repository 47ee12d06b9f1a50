// Where a pass stopped reading one of ServiceTitan's export feeds (its `continueFrom` token), per
// partner. Saved after every batch, so a retried or crashed pass resumes there; a batch read twice
// is harmless because what the passes do with a record is found again before it is repeated.
import type { Db } from '../../lib/db/client';

export type ExportFeedName = 'locations' | 'jobs';

export async function readCursor(db: Db, partnerId: string, feed: ExportFeedName): Promise<string | undefined> {
  const row = await db.syncCursor.findUnique({ where: { partnerId_feed: { partnerId, feed } } });
  return row?.cursor;
}

export async function saveCursor(db: Db, partnerId: string, feed: ExportFeedName, cursor: string): Promise<void> {
  await db.syncCursor.upsert({ where: { partnerId_feed: { partnerId, feed } }, create: { partnerId, feed, cursor }, update: { cursor } });
}
