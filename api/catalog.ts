// The choices the dashboard offers in each configuration step, read from the partner's
// ServiceTitan (and our own catalog of Trade Conditions and the partner's SmartAC plans). Lists
// read moments ago (by the credential check, say) are reused: lib/catalog-reads.ts.
import { z } from 'zod';
import { CATALOG_READ_REUSE_MS, CatalogReads, clientSource } from '../lib/catalog-reads';
import type { Db } from '../lib/db/client';
import type { ServiceTitanClient } from '../servicetitan/client';

const id = z.number().int();
const named = z.object({ id, name: z.string() });

export const catalogSchema = z
  .object({
    businessUnits: z.array(z.object({ id, name: z.string(), trade: z.string().nullable() })),
    jobTypes: z.array(
      z.object({
        id,
        name: z.string(),
        businessUnitIds: z.array(id).meta({ description: 'the Business Units this Job Type may be booked in' }),
        durationSeconds: z.number().nullable(),
      }),
    ),
    membershipTypes: z.array(named),
    tagTypes: z.array(named),
    locationCustomFields: z.array(z.object({ id, name: z.string().nullable(), dataType: z.string().nullable() })),
    services: z.array(z.object({ id, code: z.string(), name: z.string() })),
    campaigns: z.array(named),
    tradeConditions: z.array(z.object({ id: z.string(), trade: z.string(), condition: z.string(), label: z.string() })),
    plans: z.array(z.object({ id: z.string(), name: z.string() })).meta({ description: "the partner's active SmartAC maintenance plans" }),
  })
  .meta({
    id: 'Catalog',
    description: "What each step can choose from, read from the partner's ServiceTitan (active items only), with SmartAC's Trade Conditions and plans",
  });
export type Catalog = z.output<typeof catalogSchema>;

export async function readCatalog(client: ServiceTitanClient, db: Db, partnerId: string): Promise<Catalog> {
  const reads = new CatalogReads(
    clientSource(client.tenantId, async () => client),
    db,
    partnerId,
    { reuseWithinMs: CATALOG_READ_REUSE_MS },
  );
  const [businessUnits, jobTypes, membershipTypes, tagTypes, locationCustomFields, services, campaigns, tradeConditions, plans] = await Promise.all([
    reads.get('businessUnits'),
    reads.get('jobTypes'),
    reads.get('membershipTypes'),
    reads.get('tagTypes'),
    reads.get('locationCustomFieldTypes'),
    reads.get('services'),
    reads.get('campaigns'),
    db.tradeCondition.findMany({ orderBy: { id: 'asc' } }),
    db.maintenancePlan.findMany({ where: { partnerId, active: true }, orderBy: { name: 'asc' } }),
  ]);
  // Only what can be chosen: inactive items are listed by ServiceTitan but refused by the steps.
  const active = <T extends { active: boolean }>(items: T[]) => items.filter((item) => item.active);
  return {
    businessUnits: active(businessUnits).map((u) => ({ id: u.id, name: u.name, trade: u.trade })),
    jobTypes: active(jobTypes).map((j) => ({ id: j.id, name: j.name, businessUnitIds: j.businessUnitIds, durationSeconds: j.durationSeconds })),
    membershipTypes: active(membershipTypes).map((m) => ({ id: m.id, name: m.name })),
    tagTypes: active(tagTypes).map((t) => ({ id: t.id, name: t.name })),
    locationCustomFields: locationCustomFields.map((f) => ({ id: f.id, name: f.name, dataType: f.dataType })),
    services: active(services).map((s) => ({ id: s.id, code: s.code, name: s.displayName ?? s.code })),
    campaigns: active(campaigns).map((c) => ({ id: c.id, name: c.name })),
    tradeConditions: tradeConditions.map((c) => ({ id: c.id, trade: c.trade, condition: c.condition, label: c.label })),
    plans: plans.map((p) => ({ id: p.id, name: p.name })),
  };
}
