// Staff endpoints: the review queue and decisions. The same decisions can be sent as signals from
// the Temporal UI (see README); the workflow validates and audits both alike. The list shows each
// live integration's sync health (api/sync-overview.ts), all from Postgres: a page is one indexed
// query (api/staff-list.ts), never Temporal. An integration's audit trail is api/audit-trail.ts.
import { Router } from 'express';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import { approveSignal, rejectSignal, resolveTenantConflictSignal } from '../../workflows/onboarding/messages';
import { z } from 'zod';
import { auditTrailSchema, readAuditTrail } from '../audit-trail';
import { principal } from '../auth';
import { HttpError, parse } from '../errors';
import type { OnboardingClient } from '../onboarding-client';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { addressesOnboarding } from '../workflow-log-context';
import { auditQuery, partnerIdParams, staffApproveBody, staffListQuery, staffRejectBody, staffTenantConflictBody } from '../schemas';
import { readStaffListPage, staffListOf, staffListSchema } from '../staff-list';
import { temporalWorkflowUrl } from '../temporal-ui';

const decisionAcceptedSchema = z
  .object({
    accepted: z.literal(true),
    partnerId: z.string(),
    decision: z.enum(['approve', 'reject', 'allowSharedTenant']),
  })
  .meta({
    id: 'DecisionAccepted',
    description: 'the decision was sent to the workflow, which applies and audits it (read the state or the audit trail for the outcome)',
  });

export function staffRouter({ onboarding, db, config }: { onboarding: OnboardingClient; db: Db; config: Pick<Config, 'temporal' | 'onboarding'> }): Router {
  const router = Router();
  // Decisions and conflicts address the partner's onboarding workflow: its id goes on the log line.
  router.param('partnerId', (req, res, next) => addressesOnboarding(req, res, next));

  router.get('/integrations', async (req, res) => {
    const { status, limit, cursor } = parse(staffListQuery, req.query, 'query');
    respond(res, 200, staffListSchema, staffListOf(await readStaffListPage(db, { status, limit, cursor }), Date.now(), config.onboarding.reviewSlaMs));
  });

  router.get('/integrations/:partnerId/audit', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { limit, cursor } = parse(auditQuery, req.query, 'query');
    const trail = await readAuditTrail(db, partnerId, { limit, cursor });
    if (!trail) throw new HttpError(404, 'not_found', 'this partner has no ServiceTitan integration');
    respond(res, 200, auditTrailSchema, { ...trail, workflowUrl: temporalWorkflowUrl(config.temporal, partnerId) });
  });

  router.post('/integrations/:partnerId/approve', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { note } = parse(staffApproveBody, req.body ?? {}, 'body');
    await onboarding.signal(partnerId, approveSignal, { staffUserId: principal(req).sub, ...(note ? { note } : {}) }, ['AWAITING_REVIEW']);
    respond(res, 202, decisionAcceptedSchema, { accepted: true, partnerId, decision: 'approve' });
  });

  router.post('/integrations/:partnerId/reject', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { reason } = parse(staffRejectBody, req.body, 'body');
    await onboarding.signal(partnerId, rejectSignal, { staffUserId: principal(req).sub, reason }, ['AWAITING_REVIEW']);
    respond(res, 202, decisionAcceptedSchema, { accepted: true, partnerId, decision: 'reject' });
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
    respond(res, 202, decisionAcceptedSchema, { accepted: true, partnerId, decision: 'allowSharedTenant' });
  });

  return router;
}

const decisionSent = { description: 'decision sent to the workflow', schema: decisionAcceptedSchema };
const noOnboarding = { description: 'no onboarding for this partner' };
const timedOut = {
  description: 'Temporal did not answer in time (`temporal_timeout`), or tokens cannot be verified right now (`auth_unavailable`); try again after Retry-After',
};

export const staffDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/staff/integrations',
    operationId: 'listStaffIntegrations',
    summary:
      "Integrations by status, oldest first, with how long each has waited; `tenantConflict` names the other partners holding the same ServiceTitan tenant. Paginated: `limit` per page (default 50, at most 200); pass the answer's `nextCursor` as `cursor` for the next page (null: the last page)",
    auth: 'staff',
    query: staffListQuery,
    responses: {
      200: { description: 'the listing: `integrations` (one page), `nextCursor` and the review SLA', schema: staffListSchema },
      400: { description: "a malformed query (`query.limit` out of range, or a `query.cursor` that is not a previous page's nextCursor)" },
    },
  },
  {
    method: 'get',
    path: '/v1/staff/integrations/:partnerId/audit',
    operationId: 'getIntegrationAudit',
    summary:
      "An integration's audit trail, newest first: every status change, step, staff decision and reminder, with who and what. Paginated: `limit` per page (default 50, at most 200); pass `nextCursor` as `cursor` for older events",
    auth: 'staff',
    params: partnerIdParams,
    query: auditQuery,
    responses: {
      200: { description: "one page of the audit trail, and the workflow's link in the Temporal UI", schema: auditTrailSchema },
      400: { description: "a malformed partner id or query (`query.limit` out of range, or a `query.cursor` that is not a previous page's nextCursor)" },
      404: { description: 'this partner has no ServiceTitan integration' },
    },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/approve',
    operationId: 'approveOnboarding',
    summary: 'Approve a partner waiting for review: the Continue Setup email goes out',
    auth: 'staff',
    params: partnerIdParams,
    body: staffApproveBody,
    responses: { 202: decisionSent, 404: noOnboarding, 409: { description: 'not waiting for review (`invalid_state`)' }, 503: timedOut },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/tenant-conflict',
    operationId: 'resolveTenantConflict',
    summary:
      "Allow an integration flagged `tenantConflict` to share its ServiceTitan tenant with another partner's, with the reason; recorded in the audit trail. Until then its submit answers 409 tenant_conflict_unresolved",
    auth: 'staff',
    params: partnerIdParams,
    body: staffTenantConflictBody,
    responses: {
      202: decisionSent,
      404: noOnboarding,
      409: { description: 'no unresolved tenant conflict (`no_tenant_conflict`), or the integration has ended (`invalid_state`)' },
      503: timedOut,
    },
  },
  {
    method: 'post',
    path: '/v1/staff/integrations/:partnerId/reject',
    operationId: 'rejectOnboarding',
    summary: 'Reject a partner waiting for review, with the reason they are emailed',
    auth: 'staff',
    params: partnerIdParams,
    body: staffRejectBody,
    responses: { 202: decisionSent, 404: noOnboarding, 409: { description: 'not waiting for review (`invalid_state`)' }, 503: timedOut },
  },
];
