// The events SmartAC's platform sends us (POST /v1/events, api/events/webhook.ts), one zod schema
// per type: the contract the API, the recording (record.ts) and the projections share. Unknown fields
// inside an event are dropped rather than refused: the platform may add fields before we read
// them, and refusing would make it redeliver the event forever. Bounds keep every value inside
// its database column, so a valid event never fails to record.
import { z } from 'zod';
import { storableJsonIssues, storableText } from '../storable-text';
import { partnerId } from '../partner-id';

const isoDateTime = z.iso.datetime({ offset: true });
/** A ServiceTitan id (int64 there; every id in practice is a safe JavaScript integer). */
const serviceTitanId = z.number().int().positive();
export const smartacId = storableText.min(1).max(200);

export const HUB_ALERT_KINDS = ['hub_offline', 'battery_low', 'air_filter'] as const;

export const balanceChangedData = z.object({
  locationId: serviceTitanId,
  /** Whole Comfort Credits; the column is a 32-bit integer. */
  balance: z.number().int().min(0).max(2_147_483_647),
  /** When SmartAC computed the balance: the newest one wins whatever the delivery order. */
  asOf: isoDateTime,
});

export const hubAlertData = z.object({
  locationId: serviceTitanId,
  hubId: smartacId,
  kind: z.enum(HUB_ALERT_KINDS),
  detail: storableText.max(2000),
});

export const memberEnrolledData = z.object({
  memberId: smartacId,
  locationId: serviceTitanId,
  smartacPlanId: smartacId,
});

export const visitRequestedData = z
  .object({
    requestId: smartacId,
    memberId: smartacId,
    locationId: serviceTitanId,
    trade: storableText.min(1).max(100),
    condition: storableText.min(1).max(100),
    windowStart: isoDateTime,
    windowEnd: isoDateTime,
    notes: storableText.max(4000).nullable().default(null),
  })
  .refine((v) => Date.parse(v.windowEnd) > Date.parse(v.windowStart), { path: ['windowEnd'], message: 'windowEnd must be after windowStart' });

const envelope = {
  /** The platform's event id: a redelivery carries the same one. */
  id: smartacId,
  createdAt: isoDateTime,
  partnerId,
};

export const incomingEvent = z
  .discriminatedUnion('type', [
    z.object({ ...envelope, type: z.literal('comfort_credits.balance_changed'), data: balanceChangedData }),
    z.object({ ...envelope, type: z.literal('hub.alert_raised'), data: hubAlertData }),
    z.object({ ...envelope, type: z.literal('hub.alert_cleared'), data: hubAlertData }),
    z.object({ ...envelope, type: z.literal('member.enrolled'), data: memberEnrolledData }),
    z.object({ ...envelope, type: z.literal('visit.requested'), data: visitRequestedData }),
  ])
  // Whatever a new event type or field adds, nothing unstorable reaches the jsonb column.
  .superRefine(storableJsonIssues)
  .meta({ id: 'SmartacEvent', description: 'One event from the SmartAC platform, signed with the SmartAC-Signature header' });

export type IncomingEvent = z.infer<typeof incomingEvent>;
export type EventType = IncomingEvent['type'];
