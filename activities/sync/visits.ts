// Visits: each PENDING visit request becomes work in ServiceTitan with the Business Unit and Job
// Type mapped for its trade and condition. With realtime capacity scheduling on for that Business
// Unit and a slot free in the requested window, a job with one appointment in that slot;
// otherwise a booking the office schedules. The outcome (job, booking, or why neither) is
// recorded on the request, which our API shows. Before creating anything, the job (by our
// external data) and the booking (by our external id) an earlier attempt may have created are
// looked for, so a pass retried after a crash or a lost answer never creates the work twice.
import { NotFoundError, type ServiceTitanClient } from '../../servicetitan/client';
import type { Prisma, VisitRequest, VisitStatus } from '../../prisma/generated/client';
import type { SyncPassResult } from '../../workflows/sync/types';
import { forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { isItemProblem, withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { loadSyncConfiguration, required, type SyncConfiguration } from './sync-configuration';
import { bookingRequest, findSlot, findVisitBooking, findVisitJob, jobRequest, visitLookups, type VisitLookups } from './visit-work';

/** Each visit takes up to ~7 calls. */
const VISITS_PER_PASS = 50;

interface Outcome {
  status: Exclude<VisitStatus, 'PENDING'>;
  jobId?: number;
  appointmentId?: number;
  bookingId?: number;
  reason?: string;
  /** This attempt created the job or booking (rather than finding it). */
  created?: boolean;
}

const failed = (reason: string): Outcome => ({ status: 'FAILED', reason });
/**
 * A failed visit is final (its outcome, with the reason, is what the partner's API shows), so the
 * child's health counts the visits that failed in the last day rather than waiting retries.
 */
const HEALTH_WINDOW_MS = 24 * 3600_000;
const asBigInt = (id: number | undefined): bigint | null => (id === undefined ? null : BigInt(id));

export function createVisitActivities({ db, credentials, applicationGuid }: SyncActivityDeps) {
  /** Only a request still PENDING changes: a concurrent attempt that finished first wins. */
  const update = (visit: VisitRequest, data: Prisma.VisitRequestUpdateManyMutationInput) =>
    db.visitRequest.updateMany({ where: { requestId: visit.requestId, status: 'PENDING' }, data });

  async function bookVisit(
    client: ServiceTitanClient,
    lookups: VisitLookups,
    settings: SyncConfiguration,
    tagTypeId: number,
    visit: VisitRequest,
  ): Promise<Outcome> {
    const mapping = settings.jobTypes.find((m) => m.trade === visit.trade && m.condition === visit.condition);
    if (!mapping) return failed(`no Business Unit and Job Type are mapped for ${visit.trade} / ${visit.condition}`);

    const found = await findVisitJob(client, applicationGuid, visit.requestId);
    if (found) return { status: 'JOB_BOOKED', jobId: found.id, appointmentId: found.firstAppointmentId };
    const bookingProviderId = await lookups.bookingProviderId();
    const booked = bookingProviderId === undefined ? undefined : await findVisitBooking(client, bookingProviderId, visit.requestId);
    // Its reason was recorded before the booking was created.
    if (booked) return { status: 'BOOKING_CREATED', bookingId: booked.id, reason: visit.reason ?? 'booked by an earlier attempt' };

    let location;
    try {
      location = await client.getLocation(Number(visit.locationId));
    } catch (error) {
      if (error instanceof NotFoundError) return failed(`ServiceTitan has no location ${visit.locationId}`);
      throw error;
    }
    const campaignId = settings.campaignId ?? (await lookups.defaultCampaignId());
    const schedule = await findSlot(client, settings, mapping, visit);

    if ('slot' in schedule && campaignId !== undefined) {
      const jobType = await lookups.jobType(mapping.jobTypeId);
      try {
        const job = await client.createJob(jobRequest({ visit, location, mapping, jobType, campaignId, tagTypeId, applicationGuid, slot: schedule.slot }));
        return { status: 'JOB_BOOKED', jobId: job.id, appointmentId: job.firstAppointmentId, created: true };
      } catch (error) {
        if (!isItemProblem(error)) throw error;
        return failed(`ServiceTitan refused the job: ${error.message}`);
      }
    }

    const reason = 'reason' in schedule ? schedule.reason : 'no campaign for a job: none is configured and ServiceTitan has no default campaign';
    if (bookingProviderId === undefined) return failed(`${reason}, and ServiceTitan has no Booking Provider tag to book it under`);
    // Recorded first, so that a booking found after a crash still says why it is not a job.
    await update(visit, { reason });
    try {
      const booking = await client.createBooking(bookingProviderId, bookingRequest({ visit, location, mapping, campaignId }));
      return { status: 'BOOKING_CREATED', bookingId: booking.id, reason, created: true };
    } catch (error) {
      if (!isItemProblem(error)) throw error;
      return failed(`ServiceTitan refused the booking: ${error.message}`);
    }
  }

  async function recentHealth(partnerId: string): Promise<Pick<SyncPassResult, 'failing' | 'succeeded' | 'lastItemError'>> {
    const since = { gte: new Date(Date.now() - HEALTH_WINDOW_MS) };
    const [failing, succeeded, latest] = await Promise.all([
      db.visitRequest.count({ where: { partnerId, status: 'FAILED', completedAt: since } }),
      db.visitRequest.count({ where: { partnerId, status: { in: ['JOB_BOOKED', 'BOOKING_CREATED'] }, completedAt: since } }),
      db.visitRequest.findFirst({ where: { partnerId, status: 'FAILED', completedAt: since }, orderBy: [{ completedAt: 'desc' }, { requestId: 'asc' }] }),
    ]);
    if (!latest) return { failing, succeeded };
    return {
      failing,
      succeeded,
      lastItemError: {
        item: `visit ${latest.requestId} (location ${latest.locationId})`,
        message: latest.reason ?? 'failed',
        at: (latest.completedAt ?? new Date()).toISOString(),
      },
    };
  }

  return {
    async bookPendingVisits({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const pending = { partnerId, status: 'PENDING' } as const;
      const visits = await db.visitRequest.findMany({ where: pending, orderBy: [{ requestedAt: 'asc' }, { requestId: 'asc' }], take: VISITS_PER_PASS });
      if (visits.length === 0) return { checked: 0, writes: 0, backlog: 0, failed: 0, ...(await recentHealth(partnerId)) };
      const settings = await loadSyncConfiguration(db, partnerId);
      const tagTypeId = required(settings.tagTypeId, settings, 'SmartAC tag type');
      return withServiceTitan(credentials, partnerId, async (client) => {
        const lookups = visitLookups(client);
        let writes = 0;
        let failures = 0;
        await forEachConcurrently(visits, PARALLEL_ITEMS, async (visit) => {
          const outcome = await bookVisit(client, lookups, settings, tagTypeId, visit);
          if (outcome.created) writes += 1;
          if (outcome.status === 'FAILED') failures += 1;
          await update(visit, {
            status: outcome.status,
            jobId: asBigInt(outcome.jobId),
            appointmentId: asBigInt(outcome.appointmentId),
            bookingId: asBigInt(outcome.bookingId),
            reason: outcome.reason ?? null,
            completedAt: new Date(),
          });
        });
        return {
          checked: visits.length,
          writes,
          backlog: await db.visitRequest.count({ where: pending }),
          failed: failures,
          ...(await recentHealth(partnerId)),
        };
      });
    },
  };
}
