// GET /v1/partners/:partnerId/events/summary: what SmartAC has sent for a partner, so events that
// arrived before the integration went live (PENDING) are visible rather than silently waiting.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../lib/db/client';
import { parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { partnerIdParams } from '../schemas';

export const EVENTS_SUMMARY_PATH = '/v1/partners/:partnerId/events/summary';

const eventStatus = z.enum(['PENDING', 'APPLIED']);

export const eventSummaryResponse = z.object({
  partnerId: z.string(),
  counts: z
    .array(z.object({ type: z.string(), status: eventStatus, count: z.number().int() }))
    .meta({ description: 'per event type and status, sorted by type then status' }),
  pending: z.object({
    count: z.number().int(),
    oldestReceivedAt: z.iso.datetime().nullable().meta({ description: 'when the oldest event still PENDING arrived' }),
  }),
});
export type EventSummary = z.infer<typeof eventSummaryResponse>;

export function eventSummaryRouter({ db }: { db: Db }): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const [groups, oldestPending] = await Promise.all([
      db.smartacEvent.groupBy({ by: ['type', 'status'], where: { partnerId }, _count: { _all: true } }),
      db.smartacEvent.findFirst({ where: { partnerId, status: 'PENDING' }, orderBy: { receivedAt: 'asc' }, select: { receivedAt: true } }),
    ]);
    const counts = groups
      .map((g) => ({ type: g.type, status: g.status, count: g._count._all }))
      .sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
    const summary: EventSummary = {
      partnerId,
      counts,
      pending: {
        count: counts.filter((c) => c.status === 'PENDING').reduce((sum, c) => sum + c.count, 0),
        oldestReceivedAt: oldestPending?.receivedAt.toISOString() ?? null,
      },
    };
    respond(res, 200, eventSummaryResponse, summary);
  });

  return router;
}

export const summaryDocs: RouteDoc[] = [
  {
    method: 'get',
    path: EVENTS_SUMMARY_PATH,
    operationId: 'getEventSummary',
    summary: "Counts of the partner's SmartAC events by type and status, and the oldest one still waiting for the integration to be ACTIVE",
    tags: ['events'],
    auth: 'partner',
    params: partnerIdParams,
    responses: { 200: { description: 'the summary (zero counts when nothing arrived)', schema: eventSummaryResponse } },
  },
];
