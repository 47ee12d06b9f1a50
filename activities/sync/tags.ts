// Tagging: a SmartAC member's service location and customer carry the SmartAC tag type
// (TagSetting), and so do the open jobs at member locations: those already booked when the member
// is tagged, and every job the jobs export feed shows afterwards. Each tag is added only when
// ServiceTitan's record lacks it (tagLocation/tagCustomer also treat "already tagged" as done, and
// tagJob re-reads the job), so repeating a pass after a crash adds nothing twice.
import { heartbeat } from './heartbeat';
import type { Prisma } from '../../prisma/generated/client';
import { NotFoundError, type Job, type ServiceTitanClient } from '../../servicetitan/client';
import type { SyncPassResult } from '../../workflows/sync/types';
import { forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { readCursor, saveCursor } from './cursors';
import { withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { memberError, withoutErrorOf } from './member-errors';
import { memberStageHealth } from './member-health';
import { ITEM_RETRY_MAX_MS } from './item-retry';
import { loadSyncConfiguration, required } from './sync-configuration';

const MEMBERS_PER_PASS = 100;
/** Export batches (500–5000 jobs) per pass, and job tags after which a pass stops reading more. */
const JOB_BATCHES_PER_PASS = 4;
const JOB_TAGS_PER_PASS = 200;
const PAGE = 500;

const isOpen = (job: Pick<Job, 'jobStatus'>): boolean => job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled';

export function createTagActivities({ db, credentials }: Pick<SyncActivityDeps, 'db' | 'credentials'>) {
  /** Members to tag: never refused, or refused longer ago than the longest item retry (item-retry.ts). */
  const untagged = (partnerId: string): Prisma.MemberWhereInput => ({
    partnerId,
    taggedAt: null,
    OR: [withoutErrorOf('tagging'), { failedAt: { lt: new Date(Date.now() - ITEM_RETRY_MAX_MS) } }],
  });

  /** Tags the open jobs among `jobs` that lack the tag; returns how many it tagged. */
  async function tagOpenJobs(client: ServiceTitanClient, jobs: Pick<Job, 'id' | 'jobStatus' | 'tagTypeIds'>[], tagTypeId: number): Promise<number> {
    const untaggedJobs = jobs.filter((job) => isOpen(job) && !job.tagTypeIds.includes(tagTypeId));
    await forEachConcurrently(untaggedJobs, PARALLEL_ITEMS, async (job) => {
      await client.tagJob(job.id, tagTypeId);
    });
    return untaggedJobs.length;
  }

  /** Location, customer and already booked jobs of one member; ServiceTitan's answer when the location is gone. */
  async function tagMember(
    client: ServiceTitanClient,
    locationId: number,
    tagTypeId: number,
  ): Promise<{ customerId: number; writes: number; refused?: undefined } | { refused: string }> {
    let writes = 0;
    let location;
    try {
      location = await client.getLocation(locationId);
    } catch (error) {
      if (error instanceof NotFoundError) return { refused: error.message };
      throw error;
    }
    if (!location.tagTypeIds.includes(tagTypeId)) {
      await client.tagLocation(location.id, tagTypeId);
      writes += 1;
    }
    const customer = await client.getCustomer(location.customerId);
    if (!customer.tagTypeIds.includes(tagTypeId)) {
      await client.tagCustomer(customer.id, tagTypeId);
      writes += 1;
    }
    const booked = await client.listJobs({ locationId: location.id, appointmentStartsOnOrAfter: new Date().toISOString(), pageSize: PAGE }).all();
    writes += await tagOpenJobs(client, booked, tagTypeId);
    return { customerId: location.customerId, writes };
  }

  /** New and changed jobs since the last pass: those at member locations get the tag. */
  async function tagJobsFromFeed(client: ServiceTitanClient, partnerId: string, tagTypeId: number): Promise<{ read: number; writes: number; unread: boolean }> {
    const feed = client.exportJobs(await readCursor(db, partnerId, 'jobs'));
    let read = 0;
    let writes = 0;
    let batches = 0;
    for await (const batch of feed.batches()) {
      heartbeat();
      const locationIds = [...new Set(batch.data.map((job) => BigInt(job.locationId)))];
      const members = await db.member.findMany({
        where: { partnerId, locationId: { in: locationIds } },
        select: { locationId: true },
        distinct: ['locationId'],
      });
      const memberLocations = new Set(members.map((m) => Number(m.locationId)));
      writes += await tagOpenJobs(
        client,
        batch.data.filter((job) => memberLocations.has(job.locationId)),
        tagTypeId,
      );
      await saveCursor(db, partnerId, 'jobs', batch.continueFrom);
      read += batch.data.length;
      batches += 1;
      if (batch.hasMore && (batches >= JOB_BATCHES_PER_PASS || writes >= JOB_TAGS_PER_PASS)) return { read, writes, unread: true };
    }
    return { read, writes, unread: false };
  }

  return {
    async syncTags({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const tagTypeId = required(settings.tagTypeId, settings, 'SmartAC tag type');
      return withServiceTitan(credentials, partnerId, async (client) => {
        const members = await db.member.findMany({ where: untagged(partnerId), orderBy: [{ enrolledAt: 'asc' }, { memberId: 'asc' }], take: MEMBERS_PER_PASS });
        let writes = 0;
        let failed = 0;
        await forEachConcurrently(members, PARALLEL_ITEMS, async (member) => {
          const where = { partnerId_memberId: { partnerId, memberId: member.memberId } };
          const tagged = await tagMember(client, Number(member.locationId), tagTypeId);
          if (tagged.refused !== undefined) {
            failed += 1;
            await db.member.update({ where, data: { lastError: memberError('tagging', tagged.refused), failedAt: new Date() } });
            return;
          }
          writes += tagged.writes;
          // Clears only an earlier tagging error: a membership error is the membership pass's to clear.
          await db.$executeRaw`
            UPDATE members SET tagged_at = now(), customer_id = ${BigInt(tagged.customerId)},
              failed_at = CASE WHEN last_error LIKE 'tagging:%' THEN NULL ELSE failed_at END,
              last_error = CASE WHEN last_error LIKE 'tagging:%' THEN NULL ELSE last_error END
            WHERE partner_id = ${partnerId} AND member_id = ${member.memberId}`;
        });
        const feed = await tagJobsFromFeed(client, partnerId, tagTypeId);
        const waiting = await db.member.count({ where: untagged(partnerId) });
        return {
          checked: members.length + feed.read,
          writes: writes + feed.writes,
          backlog: waiting + (feed.unread ? 1 : 0),
          failed,
          ...(await memberStageHealth(db, partnerId, 'tagging')),
        };
      });
    },
  };
}
