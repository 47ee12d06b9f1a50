// GET /v1/partners/:partnerId/integrations/servicetitan/sync-errors: the items ServiceTitan
// refuses now, each with ServiceTitan's answer, for the partner (their dashboard) and for staff.
// Read from the tables the sync children record them in, newest first: balances per location
// (retried on a schedule, activities/sync/item-retry.ts), members (tagging, memberships) and
// visits that failed in the last day (a failed visit is final; GET …/visits/:requestId has it too).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../lib/db/client';
import { parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { partnerIdParams } from '../schemas';
import { INTEGRATION_PATH } from './integrations';

export const SYNC_ERRORS_PATH = `${INTEGRATION_PATH}/sync-errors`;

/** Per kind of item: enough to act on, bounded whatever the number refused. */
const ITEMS_PER_KIND = 100;
const VISIT_WINDOW_MS = 24 * 3600_000;

const timestamp = z.iso.datetime();
const syncErrorItem = z.object({
  child: z.enum(['comfortCredits', 'tagging', 'memberships', 'visits']),
  item: z.string().meta({ description: 'which item, e.g. "location 1001234", "member m-1 (location 1002)"' }),
  locationId: z.number().int(),
  memberId: z.string().optional(),
  requestId: z.string().optional(),
  balance: z.number().int().optional(),
  error: z.string().meta({ description: "ServiceTitan's answer: the call, its status and problem title/detail; or why the item cannot be synced" }),
  status: z.number().int().nullable().meta({ description: "ServiceTitan's HTTP status, when it answered" }),
  failedAt: timestamp.nullable(),
  attempts: z.number().int().optional(),
  retryAt: timestamp.nullable().optional().meta({ description: 'when the item is tried again (null: at the next pass)' }),
});

export const syncErrorsResponse = z.object({
  partnerId: z.string(),
  count: z.number().int().meta({ description: 'items refused now (may exceed the items listed)' }),
  items: z.array(syncErrorItem),
});
export type SyncErrors = z.infer<typeof syncErrorsResponse>;
type Item = z.infer<typeof syncErrorItem>;

export async function listSyncErrors(db: Db, partnerId: string): Promise<SyncErrors> {
  const visitsSince = new Date(Date.now() - VISIT_WINDOW_MS);
  const refusedMember = { partnerId, lastError: { not: null } };
  const failedVisit = { partnerId, status: 'FAILED' as const, completedAt: { gte: visitsSince } };
  const refusedBalance = { partnerId, lastError: { not: null } };
  const [balances, members, visits, counts] = await Promise.all([
    db.comfortCreditBalance.findMany({ where: refusedBalance, orderBy: [{ failedAt: 'desc' }, { locationId: 'asc' }], take: ITEMS_PER_KIND }),
    db.member.findMany({ where: refusedMember, orderBy: [{ failedAt: { sort: 'desc', nulls: 'last' } }, { memberId: 'asc' }], take: ITEMS_PER_KIND }),
    db.visitRequest.findMany({ where: failedVisit, orderBy: [{ completedAt: 'desc' }, { requestId: 'asc' }], take: ITEMS_PER_KIND }),
    Promise.all([
      db.comfortCreditBalance.count({ where: refusedBalance }),
      db.member.count({ where: refusedMember }),
      db.visitRequest.count({ where: failedVisit }),
    ]),
  ]);
  const items: Item[] = [
    ...balances.map((b) => ({
      child: 'comfortCredits' as const,
      item: `location ${b.locationId}`,
      locationId: Number(b.locationId),
      balance: b.balance,
      error: b.lastError ?? '',
      status: b.lastErrorStatus,
      failedAt: b.failedAt?.toISOString() ?? null,
      attempts: b.attempts,
      retryAt: b.retryAt?.toISOString() ?? null,
    })),
    ...members.map((m) => {
      const [stage, ...rest] = (m.lastError ?? '').split(': ');
      return {
        child: stage === 'tagging' ? ('tagging' as const) : ('memberships' as const),
        item: `member ${m.memberId} (location ${m.locationId})`,
        locationId: Number(m.locationId),
        memberId: m.memberId,
        error: rest.join(': '),
        status: statusIn(rest.join(': ')),
        failedAt: m.failedAt?.toISOString() ?? null,
      };
    }),
    ...visits.map((v) => ({
      child: 'visits' as const,
      item: `visit ${v.requestId} (location ${v.locationId})`,
      locationId: Number(v.locationId),
      memberId: v.memberId,
      requestId: v.requestId,
      error: v.reason ?? 'failed',
      status: statusIn(v.reason ?? ''),
      failedAt: v.completedAt?.toISOString() ?? null,
    })),
  ];
  items.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  return { partnerId, count: counts.reduce((sum, n) => sum + n, 0), items };
}

/** The status in a ServiceTitan client message ("ServiceTitan GET … answered 404: …"). */
function statusIn(message: string): number | null {
  const match = /answered (\d{3})\b/.exec(message);
  return match ? Number(match[1]) : null;
}

export function syncErrorsRouter({ db }: { db: Db }): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    respond(res, 200, syncErrorsResponse, await listSyncErrors(db, partnerId));
  });
  return router;
}

export const syncErrorsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: SYNC_ERRORS_PATH,
    operationId: 'listSyncErrors',
    summary: 'Items ServiceTitan refuses now (balances, members, visits of the last day), each with its answer, newest first',
    auth: 'partner',
    params: partnerIdParams,
    responses: { 200: { description: 'the refused items', schema: syncErrorsResponse } },
  },
];
