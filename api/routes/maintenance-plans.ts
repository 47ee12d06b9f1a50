// The partner's Smart Maintenance plans as set up in the Partner Dashboard: the plan mapping step
// must map every active one. The dashboard (or SmartAC's platform) keeps this list current.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../lib/db/client';
import { HttpError, parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { maintenancePlansBody, partnerIdParams } from '../schemas';

export const PLANS_PATH = '/v1/partners/:partnerId/maintenance-plans';

const maintenancePlansSchema = z
  .object({ plans: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })) })
  .meta({ id: 'MaintenancePlans', description: "the partner's Smart Maintenance plans, by name" });

export function maintenancePlansRouter({ db }: { db: Db }): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const plans = await db.maintenancePlan.findMany({ where: { partnerId }, orderBy: { name: 'asc' } });
    respond(res, 200, maintenancePlansSchema, { plans: plans.map((p) => ({ id: p.id, name: p.name, active: p.active })) });
  });

  /** Replaces the list: plans left out are deactivated (mappings keep their history). */
  router.put('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const { plans } = parse(maintenancePlansBody, req.body, 'body');
    await db.$transaction(async (tx) => {
      await tx.partner.upsert({ where: { id: partnerId }, create: { id: partnerId }, update: {} });
      const taken = await tx.maintenancePlan.findMany({ where: { id: { in: plans.map((p) => p.id) }, partnerId: { not: partnerId } }, select: { id: true } });
      if (taken.length > 0) throw new HttpError(409, 'plan_id_taken', `plan ids already used by another partner: ${taken.map((t) => t.id).join(', ')}`);
      await tx.maintenancePlan.updateMany({ where: { partnerId, id: { notIn: plans.map((p) => p.id) } }, data: { active: false } });
      for (const plan of plans) {
        await tx.maintenancePlan.upsert({ where: { id: plan.id }, create: { partnerId, ...plan }, update: { name: plan.name, active: plan.active } });
      }
    });
    respond(res, 200, maintenancePlansSchema, { plans });
  });

  return router;
}

export const maintenancePlanDocs: RouteDoc[] = [
  {
    method: 'get',
    path: PLANS_PATH,
    operationId: 'listMaintenancePlans',
    summary: "The partner's Smart Maintenance plans",
    auth: 'partner',
    params: partnerIdParams,
    responses: { 200: { description: 'the plans', schema: maintenancePlansSchema } },
  },
  {
    method: 'put',
    path: PLANS_PATH,
    operationId: 'setMaintenancePlans',
    summary: "Replace the partner's Smart Maintenance plans (from the Partner Dashboard)",
    auth: 'partner',
    params: partnerIdParams,
    body: maintenancePlansBody,
    responses: {
      200: { description: 'saved: the plans sent', schema: maintenancePlansSchema },
      409: { description: "a plan id is another partner's (`plan_id_taken`)" },
    },
  },
];
