// What each event means in our domain tables, written in the transaction that records the event.
// Events arrive at least once and in any order, so every projection is idempotent and ordered by
// the times SmartAC put in the event, never by arrival: single SQL statements (or statements
// under a lock) decide, so concurrent deliveries cannot interleave badly.
import type { Prisma } from '../../prisma/generated/client';
import type { IncomingEvent } from './schemas';

type Tx = Prisma.TransactionClient;
type EventOf<T extends IncomingEvent['type']> = Extract<IncomingEvent, { type: T }>;

export async function projectEvent(tx: Tx, event: IncomingEvent): Promise<void> {
  switch (event.type) {
    case 'comfort_credits.balance_changed':
      return projectBalance(tx, event);
    case 'hub.alert_raised':
      return projectAlertRaised(tx, event);
    case 'hub.alert_cleared':
      return projectAlertCleared(tx, event);
    case 'member.enrolled':
      return projectMember(tx, event);
    case 'visit.requested':
      return projectVisit(tx, event);
  }
}

/** The newest balance per location wins: an older one arriving late changes nothing. */
async function projectBalance(tx: Tx, { partnerId, data }: EventOf<'comfort_credits.balance_changed'>): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO comfort_credit_balances AS stored (partner_id, location_id, balance, as_of, updated_at)
    VALUES (${partnerId}, ${BigInt(data.locationId)}, ${data.balance}, ${new Date(data.asOf)}, CURRENT_TIMESTAMP)
    ON CONFLICT (partner_id, location_id) DO UPDATE
      SET balance = excluded.balance, as_of = excluded.as_of, updated_at = excluded.updated_at
      WHERE excluded.as_of > stored.as_of`;
}

/**
 * One open alert per hub and kind: a raise while one is open is the same alert. A raise that
 * arrives after its own clear (delivery retried out of order) is recorded already cleared, so
 * technicians are not sent to check a problem that has gone.
 */
async function projectAlertRaised(tx: Tx, { id, partnerId, createdAt, data }: EventOf<'hub.alert_raised'>): Promise<void> {
  const raisedAt = new Date(createdAt);
  await lockHubAlerts(tx, partnerId, data.hubId, data.kind);
  await tx.$executeRaw`
    INSERT INTO hub_alerts (id, partner_id, location_id, hub_id, kind, detail, raised_at, cleared_at)
    SELECT ${id}, ${partnerId}, ${BigInt(data.locationId)}, ${data.hubId}, ${data.kind}, ${data.detail}, ${raisedAt},
      (SELECT min(cleared.occurred_at) FROM smartac_events cleared
        WHERE cleared.partner_id = ${partnerId} AND cleared.type = 'hub.alert_cleared'
          AND cleared.data->>'hubId' = ${data.hubId} AND cleared.data->>'kind' = ${data.kind}
          AND cleared.occurred_at >= ${raisedAt})
    WHERE NOT EXISTS (
      SELECT 1 FROM hub_alerts uncleared
      WHERE uncleared.partner_id = ${partnerId} AND uncleared.hub_id = ${data.hubId} AND uncleared.kind = ${data.kind} AND uncleared.cleared_at IS NULL)`;
}

/** Clears the open alert, unless the clear is older than the raise (then it belongs to an earlier alert). */
async function projectAlertCleared(tx: Tx, { partnerId, createdAt, data }: EventOf<'hub.alert_cleared'>): Promise<void> {
  const clearedAt = new Date(createdAt);
  await lockHubAlerts(tx, partnerId, data.hubId, data.kind);
  await tx.$executeRaw`
    UPDATE hub_alerts SET cleared_at = ${clearedAt}
    WHERE partner_id = ${partnerId} AND hub_id = ${data.hubId} AND kind = ${data.kind}
      AND cleared_at IS NULL AND raised_at <= ${clearedAt}`;
}

/**
 * Raise and clear of one hub and kind read, then write: without this lock two concurrent raises
 * would both find no open alert. Held until the transaction ends; other hubs are not blocked.
 */
async function lockHubAlerts(tx: Tx, partnerId: string, hubId: string, kind: string): Promise<void> {
  const key = JSON.stringify(['hub_alerts', partnerId, hubId, kind]);
  await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/** Enrollment happens once: the earliest enrollment event defines the member, whatever arrives later. */
async function projectMember(tx: Tx, { partnerId, createdAt, data }: EventOf<'member.enrolled'>): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO members AS stored (partner_id, member_id, location_id, smartac_plan_id, enrolled_at)
    VALUES (${partnerId}, ${data.memberId}, ${BigInt(data.locationId)}, ${data.smartacPlanId}, ${new Date(createdAt)})
    ON CONFLICT (partner_id, member_id) DO UPDATE
      SET location_id = excluded.location_id, smartac_plan_id = excluded.smartac_plan_id, enrolled_at = excluded.enrolled_at
      WHERE excluded.enrolled_at < stored.enrolled_at`;
}

/** A request id is one visit: a repeat (even under another event id) is ignored. */
async function projectVisit(tx: Tx, { partnerId, createdAt, data }: EventOf<'visit.requested'>): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO visit_requests (request_id, partner_id, member_id, location_id, trade, condition, window_start, window_end, notes, status, requested_at)
    VALUES (${data.requestId}, ${partnerId}, ${data.memberId}, ${BigInt(data.locationId)}, ${data.trade}, ${data.condition},
      ${new Date(data.windowStart)}, ${new Date(data.windowEnd)}, ${data.notes}, 'PENDING', ${new Date(createdAt)})
    ON CONFLICT (request_id) DO NOTHING`;
}
