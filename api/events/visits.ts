// GET /v1/partners/:partnerId/visits/:requestId: what became of a member's visit request (a job
// with an appointment, a booking for the office, or why neither), as the visits child recorded it.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../lib/db/client';
import type { VisitRequest } from '../../prisma/generated/client';
import { HttpError, parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { visitParams } from './http-schemas';

export const VISITS_PATH = '/v1/partners/:partnerId/visits';

const timestamp = z.iso.datetime();
/** ServiceTitan ids are int64 in the database; every real one is a safe JavaScript integer. */
const serviceTitanId = z.number().int();

export const visitOutcomeResponse = z.object({
  requestId: z.string(),
  memberId: z.string(),
  locationId: serviceTitanId,
  trade: z.string(),
  condition: z.string(),
  windowStart: timestamp,
  windowEnd: timestamp,
  notes: z.string().nullable(),
  status: z.enum(['PENDING', 'JOB_BOOKED', 'BOOKING_CREATED', 'FAILED']).meta({ description: 'PENDING until the visits sync has handled it' }),
  jobId: serviceTitanId.nullable(),
  appointmentId: serviceTitanId.nullable(),
  bookingId: serviceTitanId.nullable(),
  reason: z.string().nullable().meta({ description: 'why it became a booking rather than a job, or why it failed' }),
  requestedAt: timestamp,
  completedAt: timestamp.nullable(),
});
export type VisitOutcome = z.infer<typeof visitOutcomeResponse>;

export function visitsRouter({ db }: { db: Db }): Router {
  const router = Router({ mergeParams: true });

  router.get('/:requestId', async (req, res) => {
    const { partnerId, requestId } = parse(visitParams, req.params, 'params');
    // Request ids are global; another partner's request is as unknown as a missing one.
    const visit = await db.visitRequest.findFirst({ where: { requestId, partnerId } });
    if (!visit) throw new HttpError(404, 'not_found', 'no visit request with this id for this partner');
    respond(res, 200, visitOutcomeResponse, visitOutcome(visit));
  });

  return router;
}

function visitOutcome(v: VisitRequest): VisitOutcome {
  const id = (value: bigint | null) => (value === null ? null : Number(value));
  return {
    requestId: v.requestId,
    memberId: v.memberId,
    locationId: Number(v.locationId),
    trade: v.trade,
    condition: v.condition,
    windowStart: v.windowStart.toISOString(),
    windowEnd: v.windowEnd.toISOString(),
    notes: v.notes,
    status: v.status,
    jobId: id(v.jobId),
    appointmentId: id(v.appointmentId),
    bookingId: id(v.bookingId),
    reason: v.reason,
    requestedAt: v.requestedAt.toISOString(),
    completedAt: v.completedAt?.toISOString() ?? null,
  };
}

export const visitsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: `${VISITS_PATH}/:requestId`,
    operationId: 'getVisitRequest',
    summary: "A member's visit request and its outcome in ServiceTitan",
    tags: ['events'],
    auth: 'partner',
    params: visitParams,
    responses: { 200: { description: 'the request and its outcome', schema: visitOutcomeResponse }, 404: { description: 'no such request for this partner' } },
  },
];
