// What selling a membership of a mapped type takes besides the customer and location
// (POST memberships/sale, MembershipSaleInvoiceCreateRequest): a duration/billing option, the
// Pricebook sale task and a Business Unit.
// - Duration/billing: the type's first active option, in ServiceTitan's order.
// - Sale task: ServiceTitan's API does not link a membership type to its sale task, so it is the
//   active Pricebook service named after the type, preferring one that says "membership"
//   ("Comfort Club Gold - Membership Sale" for "Comfort Club Gold").
// - Business Unit: the one the partner mapped for HVAC maintenance, what a SmartAC plan pays for.
// Looked up once per type and pass.
import type { ServiceTitanClient } from '../../servicetitan/client';
import type { SyncConfiguration } from './sync-configuration';

export const MAINTENANCE_TRADE_CONDITION = 'hvac.maintenance_due';

export interface SaleTerms {
  durationBillingId: number;
  saleTaskId: number;
  businessUnitId: number;
}

export function saleTermsLookup(
  client: ServiceTitanClient,
  settings: SyncConfiguration,
): (membershipTypeId: number) => Promise<SaleTerms | { problem: string }> {
  const cache = new Map<number, Promise<SaleTerms | { problem: string }>>();

  async function resolve(membershipTypeId: number): Promise<SaleTerms | { problem: string }> {
    const businessUnitId = settings.jobTypes.find((m) => m.tradeConditionId === MAINTENANCE_TRADE_CONDITION)?.businessUnitId;
    if (businessUnitId === undefined) return { problem: 'no Business Unit is mapped for HVAC maintenance, where membership sales are booked' };
    const [type] = await client.listMembershipTypes({ ids: String(membershipTypeId), active: 'Any' }).all();
    if (!type) return { problem: `ServiceTitan has no membership type ${membershipTypeId}` };
    const [option] = await client.listMembershipDurationBilling(membershipTypeId);
    if (!option) return { problem: `the membership type "${type.name}" has no active duration/billing option` };
    const name = type.name.trim().toLowerCase();
    const named = (await client.listServices({ searchText: type.name.trim().slice(0, 200), active: 'True' }).all()).filter((s) =>
      [s.displayName, s.code].some((text) => (text ?? '').toLowerCase().includes(name)),
    );
    const saleTask = named.find((s) => /membership/i.test(s.displayName ?? '')) ?? named[0];
    if (!saleTask)
      return { problem: `no active Pricebook service sells the membership type "${type.name}" (expected one named like "${type.name} - Membership Sale")` };
    return { durationBillingId: option.id, saleTaskId: saleTask.id, businessUnitId };
  }

  return (membershipTypeId) => {
    let terms = cache.get(membershipTypeId);
    if (!terms) {
      terms = resolve(membershipTypeId);
      cache.set(membershipTypeId, terms);
    }
    return terms;
  };
}
