// memberships/v2: membership types (with duration/billing options), recurring service types,
// customer memberships, and the membership sale that creates one.
import type { components } from '../../openapi/memberships-v2';
import { badRequest, notFound } from '../problems';
import { withoutKeys, type DurationBillingRow, type MembershipTypeRow } from '../records';
import type { TenantData } from '../tenant-data';
import { exportFeed, list, pathId, queryIds, queryNumber, type HandlerContext, type OperationHandler } from './context';

type SaleRequest = components['schemas']['Memberships.V2.MembershipSaleInvoiceCreateRequest'];

const DAY = 86_400_000;

function optionsOf(data: TenantData, membershipTypeId: number): DurationBillingRow[] {
  return data.durationBilling.all().filter((d) => d.membershipTypeId === membershipTypeId);
}

function presentType(ctx: HandlerContext, row: MembershipTypeRow): unknown {
  const flag = (name: string): boolean => ctx.query.get(name) === 'true';
  return {
    ...row,
    durationBilling: flag('includeDurationBilling')
      ? optionsOf(ctx.data, row.id).map((d) => ({
          duration: d.duration ?? null,
          billingFrequency: d.billingFrequency,
          salePrice: d.salePrice,
          billingPrice: d.billingPrice,
          renewalPrice: d.renewalPrice,
        }))
      : null,
    discounts: flag('includeDiscounts') ? [] : null,
    recurringServices: flag('includeRecurringServices') ? row.recurringServices : null,
    tagTypeIds: flag('includeTags') ? row.tagTypeIds : null,
  };
}

function sell(ctx: HandlerContext): { invoiceId: number; customerMembershipId: number } {
  const { data } = ctx;
  const body = ctx.body as SaleRequest;
  const customer = data.customers.get(body.customerId);
  if (!customer) throw badRequest('customerId', `Customer ${body.customerId} does not exist`);
  if (!data.businessUnits.get(body.businessUnitId)?.active)
    throw badRequest('businessUnitId', `Business unit ${body.businessUnitId} does not exist or is inactive`);
  if (!data.services.get(body.saleTaskId)?.active) throw badRequest('saleTaskId', `Pricebook service ${body.saleTaskId} does not exist or is inactive`);
  const option = data.durationBilling.get(body.durationBillingId);
  if (!option?.active) throw badRequest('durationBillingId', `Duration/billing option ${body.durationBillingId} does not exist or is inactive`);
  for (const field of ['locationId', 'recurringLocationId'] as const) {
    const locationId = body[field];
    if (locationId != null && data.locations.get(locationId)?.customerId !== customer.id)
      throw badRequest(field, `Location ${locationId} does not belong to customer ${customer.id}`);
  }
  const at = new Date(ctx.now).toISOString();
  const to = option.duration == null ? null : new Date(ctx.now + option.duration * 30 * DAY).toISOString();
  const membership = data.memberships.insert({
    id: data.nextId(),
    createdOn: at,
    createdById: data.integrationUserId,
    modifiedOn: at,
    followUpOn: to ?? new Date(ctx.now + 365 * DAY).toISOString(),
    from: at,
    to,
    nextScheduledBillDate: at,
    billingFrequency: option.billingFrequency,
    renewalBillingFrequency: option.billingFrequency,
    status: 'Active',
    followUpStatus: 'NotAttempted',
    active: true,
    initialDeferredRevenue: 0,
    duration: option.duration ?? null,
    renewalDuration: option.duration ?? null,
    businessUnitId: body.businessUnitId,
    customerId: customer.id,
    membershipTypeId: option.membershipTypeId,
    locationId: body.locationId ?? null,
    recurringLocationId: body.recurringLocationId ?? null,
    customFields: [],
  });
  return { invoiceId: data.nextId(), customerMembershipId: membership.id };
}

export const membershipsHandlers: OperationHandler[] = [
  {
    module: 'memberships',
    operationId: 'MembershipTypes_GetList',
    query: ['includeDurationBilling', 'includeDiscounts', 'includeRecurringServices', 'includeTags', 'duration', 'billingFrequency'],
    handle: (ctx) => {
      const duration = queryNumber(ctx, 'duration');
      const frequency = ctx.query.get('billingFrequency');
      const offered = (type: MembershipTypeRow): boolean =>
        (duration === undefined && frequency === null) ||
        optionsOf(ctx.data, type.id).some(
          (d) => (duration === undefined || d.duration === duration) && (frequency === null || d.billingFrequency === frequency),
        );
      return list(ctx, ctx.data.membershipTypes.all().filter(offered), (row) => presentType(ctx, row));
    },
  },
  {
    module: 'memberships',
    operationId: 'MembershipTypes_GetDurationBillingList',
    handle: (ctx) => {
      const type = ctx.data.membershipTypes.get(pathId(ctx));
      if (!type) throw notFound('Membership type', pathId(ctx));
      const active = ctx.query.get('active') ?? 'True';
      return {
        body: optionsOf(ctx.data, type.id)
          .filter((d) => active === 'Any' || d.active === (active === 'True'))
          .map((d) => withoutKeys(d, 'membershipTypeId')),
      };
    },
  },
  {
    module: 'memberships',
    operationId: 'RecurringServiceTypes_GetList',
    query: ['membershipTypeId', 'recurrenceType', 'durationType'],
    handle: (ctx) => {
      const membershipTypeId = queryNumber(ctx, 'membershipTypeId');
      const includedIn =
        membershipTypeId === undefined
          ? undefined
          : new Set((ctx.data.membershipTypes.get(membershipTypeId)?.recurringServices ?? []).map((r) => r.recurringServiceTypeId));
      const [recurrenceType, durationType] = [ctx.query.get('recurrenceType'), ctx.query.get('durationType')];
      return list(
        ctx,
        ctx.data.recurringServiceTypes
          .all()
          .filter(
            (r) =>
              (!includedIn || includedIn.has(r.id)) &&
              (recurrenceType === null || r.recurrenceType === recurrenceType) &&
              (durationType === null || r.durationType === durationType),
          ),
      );
    },
  },
  {
    module: 'memberships',
    operationId: 'CustomerMemberships_GetList',
    query: ['customerIds', 'status'],
    handle: (ctx) => {
      const customerIds = queryIds(ctx, 'customerIds');
      const status = ctx.query.get('status');
      return list(
        ctx,
        ctx.data.memberships.all().filter((m) => (!customerIds || customerIds.has(m.customerId)) && (status === null || m.status === status)),
      );
    },
  },
  { module: 'memberships', operationId: 'Export_Memberships', handle: (ctx) => exportFeed(ctx, ctx.data.memberships) },
  { module: 'memberships', operationId: 'CustomerMemberships_Create', write: 'membership', handle: (ctx) => ({ body: sell(ctx) }) },
];
