// Staff endpoints: the review queue and decisions. The same decisions can be sent as signals from
// the Temporal UI (see README); the workflow validates and audits both alike. The list shows each
// live integration's sync health (api/sync-overview.ts), all from Postgres: a page is one indexed
// query (api/staff-list.ts), never Temporal.
import { Router } from 'express';
import type { Db } from '../../lib/db/client';
import { approveSignal, rejectSignal, resolveTenantConflictSignal } from '../../workflows/onboarding/messages';
import { principal } from '../auth';
import { HttpError, parse } from '../errors';
import type { OnboardingClient } from '../onboarding-client';
import type { RouteDoc } from '../openapi';
import { childHealthsOf } from '../read-model';
import { encodeStaffListCursor, partnerIdParams, staffApproveBody, staffListQuery, staffRejectBody, staffTenantConflictBody } from '../schemas';
import { syncOverviewOf } from '../sync-overview';
import { readStaffListPage } from '../staff-list';
import { tenantConflictListingOf } from '../tenant-conflicts';

export function staffRouter({ onboarding, db }: { onboarding: OnboardingClient; db: Db }): Router {
  const router = Router();

  router.get('/integrations', async (req, res) => {
    const { status, limit, cursor } = parse(staffListQuery, req.query, 'query');
    const { rows, next } = await readStaffListPage(db, { status, limit, cursor });
    const now = Date.now();
    res.json({
      integrations: rows.map((r) => ({
        partnerId: r.partnerId,
        partnerName: r.partnerName,
        tenantId: r.tenantId,
        contactEmail: r.contactEmail,
        status: r.status,
        statusChangedAt: r.statusChangedAt.toISOString(),
        /** How long it has been in this status, e.g. waiting for review. */
        waitingSeconds: Math.floor((now - r.statusChangedAt.getTime()) / 1000),
        createdAt: r.createdAt.toISOString(),
        /** Live integrations: health, items ServiceTitan refuses, the latest error, per child (as of each child's last pass). */
        ...(r.status === 'ACTIVE' || r.status === 'NEEDS_ATTENTION' ? { sync: syncOverviewOf(r.status, childHealthsOf(r.children ?? [])) } : {}),
        /** Another partner holds the same ServiceTitan tenant (null: nobody else does). */
        tenantConflict: tenantConflictListingOf(r, r.otherPartners ?? []),
      })),
      /** Pass as `cursor` for the next page; null on the last page. */
      nextCursor: next ? encodeStaffListCursor(next) : null,
    });
  });

  router.post('/integrations/:partnerId/approve', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { note } = parse(staffApproveBody, req.body ?? {}, 'body');
    await onboarding.signal(partnerId, approveSignal, { staffUserId: principal(req).sub, ...(note ? { note } : {}) }, ['AWAITING_REVIEW']);
    res.status(202).json({ accepted: true, partnerId, decision: 'approve' });
  });

  router.post('/integrations/:partnerId/reject', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { reason } = parse(staffRejectBody, req.body, 'body');
    await onboarding.signal(partnerId, rejectSignal, { staffUserId: principal(req).sub, reason }, ['AWAITING_REVIEW']);
    res.status(202).json({ accepted: true, partnerId, decision: 'reject' });
  });

  router.post('/integrations/:partnerId/tenant-conflict', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { allowSharedTenant, note } = parse(staffTenantConflictBody, req.body, 'body');
    const state = await onboarding.state(partnerId);
    if (!state.tenantConflict || state.tenantConflict.allowed) {
      throw new HttpError(
        409,
        'no_tenant_conflict',
        state.tenantConflict ? 'sharing the tenant is already allowed' : 'no tenant conflict is flagged for this integration',
      );
    }
    await onboarding.signal(partnerId, resolveTenantConflictSignal, { staffUserId: principal(req).sub, allowSharedTenant, note }, [
      'AWAITING_REVIEW',
      'AWAITING_CREDENTIALS',
      'CONFIGURING',
    ]);
    res.status(202).json({ accepted: true, partnerId, decision: 'allowSharedTenant' });
  });

  return router;
}

export const staffDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/staff/integrations',
    summary:
      "Integrations by status, oldest first, with how long each has waited; `tenantConflict` names the other partners holding the same ServiceTitan tenant. Paginated: `limit` per page (default 50, at most 200); pass the answer's `nextCursor` as `cursor` for the next page (null: the last page)",
    auth: 'staff',
    query: staffListQuery,
    responses: {
      200: { description: 'the listing: `integrations` (one page) and `nextCursor`' },
      400: { description: "a malformed query: `limit` out of range, or a `cursor` that is not a previous page's nextCursor" },
    },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/approve',
    summary: 'Approve a partner waiting for review: the Continue Setup email goes out',
    auth: 'staff',
    params: partnerIdParams,
    body: staffApproveBody,
    responses: { 202: { description: 'decision sent to the workflow' }, 404: { description: 'no onboarding' }, 409: { description: 'not waiting for review' } },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/tenant-conflict',
    summary:
      "Allow an integration flagged `tenantConflict` to share its ServiceTitan tenant with another partner's, with the reason; recorded in the audit trail. Until then its submit answers 409 tenant_conflict_unresolved",
    auth: 'staff',
    params: partnerIdParams,
    body: staffTenantConflictBody,
    responses: {
      202: { description: 'decision sent to the workflow' },
      404: { description: 'no onboarding' },
      409: { description: 'no unresolved tenant conflict (`no_tenant_conflict`), or the integration has ended' },
    },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/reject',
    summary: 'Reject a partner waiting for review, with the reason they are emailed',
    auth: 'staff',
    params: partnerIdParams,
    body: staffRejectBody,
    responses: { 202: { description: 'decision sent to the workflow' }, 404: { description: 'no onboarding' }, 409: { description: 'not waiting for review' } },
  },
];
