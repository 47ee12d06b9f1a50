// The choices the dashboard offers in each configuration step, read from the partner's
// ServiceTitan (and our own catalog of Trade Conditions and the partner's SmartAC plans).
import type { Db } from '../lib/db/client';
import type { ServiceTitanClient } from '../servicetitan/client';

export async function readCatalog(client: ServiceTitanClient, db: Db, partnerId: string) {
  const [businessUnits, jobTypes, membershipTypes, tagTypes, locationCustomFields, services, campaigns, tradeConditions, plans] = await Promise.all([
    client.listBusinessUnits({ active: 'True' }).all(),
    client.listJobTypes({ active: 'True' }).all(),
    client.listMembershipTypes({ active: 'True' }).all(),
    client.listTagTypes({ active: 'True' }).all(),
    client.listLocationCustomFieldTypes().all(),
    client.listServices({ active: 'True' }).all(),
    client.listCampaigns({ active: 'True' }).all(),
    db.tradeCondition.findMany({ orderBy: { id: 'asc' } }),
    db.maintenancePlan.findMany({ where: { partnerId, active: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
    businessUnits: businessUnits.map((u) => ({ id: u.id, name: u.name, trade: u.trade?.name ?? null })),
    jobTypes: jobTypes.map((j) => ({ id: j.id, name: j.name, businessUnitIds: j.businessUnitIds, durationSeconds: j.duration })),
    membershipTypes: membershipTypes.map((m) => ({ id: m.id, name: m.name })),
    tagTypes: tagTypes.map((t) => ({ id: t.id, name: t.name })),
    locationCustomFields: locationCustomFields.map((f) => ({ id: f.id, name: f.name, dataType: f.dataType })),
    services: services.map((s) => ({ id: s.id, code: s.code, name: s.displayName ?? s.code })),
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name })),
    tradeConditions: tradeConditions.map((c) => ({ id: c.id, trade: c.trade, condition: c.condition, label: c.label })),
    plans: plans.map((p) => ({ id: p.id, name: p.name })),
  };
}
