// Staff endpoints: the review queue and decisions. The same decisions can be sent as signals from
// the Temporal UI (see README); the workflow validates and audits both alike. The list shows each
// live integration's sync health (api/sync-overview.ts).
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Db } from '../../lib/db/client';
import { approveSignal, rejectSignal } from '../../workflows/onboarding/messages';
import { principal } from '../auth';
import { parse } from '../errors';
import type { OnboardingClient } from '../onboarding-client';
import type { RouteDoc } from '../openapi';
import { partnerIdParams, staffApproveBody, staffListQuery, staffRejectBody } from '../schemas';
import { readSyncOverview } from '../sync-overview';

export function staffRouter({ onboarding, db, temporal }: { onboarding: OnboardingClient; db: Db; temporal: Client }): Router {
  const router = Router();

  router.get('/integrations', async (req, res) => {
    const { status } = parse(staffListQuery, req.query, 'query');
    const rows = await db.integration.findMany({ where: status ? { status } : {}, orderBy: { statusChangedAt: 'asc' }, include: { partner: true } });
    const live = rows.filter((r) => r.status === 'ACTIVE' || r.status === 'NEEDS_ATTENTION').map((r) => r.partnerId);
    const sync = live.length > 0 ? await readSyncOverview(temporal, live) : new Map();
    const now = Date.now();
    res.json({
      integrations: rows.map((r) => ({
        partnerId: r.partnerId,
        partnerName: r.partner.name,
        tenantId: r.tenantId,
        contactEmail: r.contactEmail,
        status: r.status,
        statusChangedAt: r.statusChangedAt.toISOString(),
        /** How long it has been in this status, e.g. waiting for review. */
        waitingSeconds: Math.floor((now - r.statusChangedAt.getTime()) / 1000),
        createdAt: r.createdAt.toISOString(),
        /** Live integrations: health, items ServiceTitan refuses, the latest error, per child. */
        ...(sync.has(r.partnerId) ? { sync: sync.get(r.partnerId) } : {}),
      })),
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

  return router;
}

export const staffDocs: RouteDoc[] = [
  { method: 'get', path: '/v1/staff/integrations', summary: 'Integrations by status, oldest first, with how long each has waited', auth: 'staff', query: staffListQuery, responses: { 200: { description: 'the listing' } } },
  { method: 'post', path: '/v1/staff/integrations/:partnerId/approve', summary: 'Approve a partner waiting for review: the Continue Setup email goes out', auth: 'staff', params: partnerIdParams, body: staffApproveBody, responses: { 202: { description: 'decision sent to the workflow' }, 404: { description: 'no onboarding' }, 409: { description: 'not waiting for review' } } },
  { method: 'post', path: '/v1/staff/integrations/:partnerId/reject', summary: 'Reject a partner waiting for review, with the reason they are emailed', auth: 'staff', params: partnerIdParams, body: staffRejectBody, responses: { 202: { description: 'decision sent to the workflow' }, 404: { description: 'no onboarding' }, 409: { description: 'not waiting for review' } } },
];
