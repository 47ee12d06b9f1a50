// Records one SmartAC event durably: the event row and its effect on the domain tables commit
// together or not at all, and a redelivered event (same partner, same id) changes nothing. The HTTP
// route answers only after this returns; the sync children carry the domain tables to ServiceTitan.
//
// Status is bookkeeping for the partner's report, not a gate: the effect is projected at receipt
// either way, and the children (which run only while the integration is ACTIVE) act on it once
// they run. PENDING means "arrived while the integration was not ACTIVE"; releasePendingEvents
// marks those APPLIED when it goes live.
import type { Db } from '../db/client';
import type { EventStatus, IntegrationStatus } from '../../prisma/generated/client';
import { projectEvent } from './projections';
import type { IncomingEvent } from './schemas';

export interface RecordedEvent {
  /** This partner's event id was recorded before: nothing was changed. */
  duplicate: boolean;
  status: EventStatus;
}

/**
 * A burst of events (the platform redelivering a backlog) queues for the connection pool: wait for
 * a connection well beyond Prisma's 2 s default rather than answer 500 to a valid event.
 */
const TRANSACTION_WAIT = { maxWait: 15_000, timeout: 15_000 };

/** `integrationStatus`: the partner's integration status at receipt (null when it has none). */
export async function recordEvent(db: Db, event: IncomingEvent, integrationStatus: IntegrationStatus | null): Promise<RecordedEvent> {
  const receivedAt = new Date();
  const status: EventStatus = integrationStatus === 'ACTIVE' ? 'APPLIED' : 'PENDING';
  const recorded = await db.$transaction(async (tx): Promise<RecordedEvent> => {
    const { count } = await tx.smartacEvent.createMany({
      data: [
        {
          id: event.id,
          partnerId: event.partnerId,
          type: event.type,
          occurredAt: new Date(event.createdAt),
          receivedAt,
          data: event.data,
          status,
          appliedAt: status === 'APPLIED' ? receivedAt : null,
        },
      ],
      // ON CONFLICT DO NOTHING: a concurrent delivery of the same partner and id waits for ours, then
      // skips. Ids are the partner's: another partner's event with the same id is its own.
      skipDuplicates: true,
    });
    if (count === 0) {
      const existing = await tx.smartacEvent.findUniqueOrThrow({
        where: { partnerId_id: { partnerId: event.partnerId, id: event.id } },
        select: { status: true },
      });
      return { duplicate: true, status: existing.status };
    }
    await projectEvent(tx, event);
    return { duplicate: false, status };
  }, TRANSACTION_WAIT);

  // The integration may have gone live between the caller reading its status and our commit; its
  // release then ran before this event was visible. Its status row commits before the release
  // runs, so looking again after our commit catches exactly that case.
  if (recorded.status === 'PENDING' && !recorded.duplicate && (await integrationStatusOf(db, event.partnerId)) === 'ACTIVE') {
    await releasePendingEvents(db, event.partnerId);
    return { duplicate: false, status: 'APPLIED' };
  }
  return recorded;
}

/** Marks the partner's PENDING events APPLIED (the integration is ACTIVE now). Returns how many. */
export async function releasePendingEvents(db: Db, partnerId: string): Promise<number> {
  const { count } = await db.smartacEvent.updateMany({ where: { partnerId, status: 'PENDING' }, data: { status: 'APPLIED', appliedAt: new Date() } });
  return count;
}

/** The partner's integration status, null when it has none. */
export async function integrationStatusOf(db: Db, partnerId: string): Promise<IntegrationStatus | null> {
  const integration = await db.integration.findUnique({ where: { partnerId }, select: { status: true } });
  return integration?.status ?? null;
}
