// crm/v2: customers, locations (custom fields, tags), booking provider tags and bookings.
import type { components } from '../../openapi/crm-v2';
import { badRequest, notFound, ProblemError, TITLES } from '../problems';
import { withoutKeys, type BookingRow, type CustomerRow, type LocationRow } from '../records';
import type { TenantData } from '../tenant-data';
import { exportFeed, list, pathId, queryNumber, type HandlerContext, type OperationHandler } from './context';

type UpdateLocationRequest = components['schemas']['Crm.V2.Locations.UpdateLocationRequest'];
type CreateBookingRequest = components['schemas']['Crm.V2.CreateBookingRequest'];

const presentBooking = (row: BookingRow): unknown => withoutKeys(row, 'active');

function contains(value: string | undefined, needle: string | null): boolean {
  return needle === null || (value ?? '').toLowerCase().includes(needle.toLowerCase());
}

function customerOr404(ctx: HandlerContext): CustomerRow {
  const customer = ctx.data.customers.get(pathId(ctx));
  if (!customer) throw notFound('Customer', pathId(ctx));
  return customer;
}

function locationOr404(ctx: HandlerContext): LocationRow {
  const location = ctx.data.locations.get(pathId(ctx));
  if (!location) throw notFound('Location', pathId(ctx));
  return location;
}

function activeTagType(data: TenantData, tagTypeId: number, field: string): void {
  if (!data.tagTypes.get(tagTypeId)?.active) throw badRequest(field, `Tag type ${tagTypeId} does not exist or is inactive`);
}

function providerOr404(ctx: HandlerContext): number {
  const id = pathId(ctx, 'booking_provider');
  if (!ctx.data.bookingProviderTags.get(id)?.active) throw notFound('Booking provider', id);
  return id;
}

/** Replaces the location's custom field set, the way ServiceTitan's PATCH does. */
function customFieldsFrom(data: TenantData, fields: NonNullable<UpdateLocationRequest['customFields']>): LocationRow['customFields'] {
  return fields.map(({ typeId, value }, i) => {
    const type = data.locationCustomFieldTypes.get(typeId);
    if (!type) throw badRequest(`customFields[${i}].typeId`, `Custom field type ${typeId} does not exist`);
    if (type.dataType === 'Numeric' && value !== '' && Number.isNaN(Number(value)))
      throw badRequest(`customFields[${i}].value`, `${type.name ?? typeId} must be numeric`);
    if (type.dataType === 'Dropdown' && value !== '' && !(type.dataTypeOptions ?? []).includes(value))
      throw badRequest(`customFields[${i}].value`, `${type.name ?? typeId} must be one of its options`);
    return { typeId, name: type.name ?? null, value };
  });
}

export const crmHandlers: OperationHandler[] = [
  {
    module: 'crm',
    operationId: 'Customers_GetList',
    query: ['name', 'city', 'zip'],
    handle: (ctx) => {
      const [name, city, zip] = [ctx.query.get('name'), ctx.query.get('city'), ctx.query.get('zip')];
      return list(
        ctx,
        ctx.data.customers.all().filter((c) => contains(c.name, name) && contains(c.address.city, city) && contains(c.address.zip, zip)),
      );
    },
  },
  { module: 'crm', operationId: 'Customers_Get', handle: (ctx) => ({ body: customerOr404(ctx) }) },
  { module: 'crm', operationId: 'ExportCustomers_GetCustomers', handle: (ctx) => exportFeed(ctx, ctx.data.customers) },
  { module: 'crm', operationId: 'Customers_GetCustomFieldTypes', handle: (ctx) => list(ctx, ctx.data.customerCustomFieldTypes.all()) },
  {
    module: 'crm',
    operationId: 'Customers_CreateTag',
    write: 'customer-tag',
    handle: (ctx) => {
      const customer = customerOr404(ctx);
      const tagTypeId = pathId(ctx, 'tagTypeId');
      activeTagType(ctx.data, tagTypeId, 'tagTypeId');
      if (customer.tagTypeIds.includes(tagTypeId)) throw new ProblemError(409, TITLES.conflict, { tagTypeId: [`Customer already has tag ${tagTypeId}`] });
      const updated = ctx.data.customers.update(customer.id, (c) => ({
        ...c,
        tagTypeIds: [...c.tagTypeIds, tagTypeId],
        modifiedOn: new Date(ctx.now).toISOString(),
      }));
      return { body: { customerId: customer.id, tagTypeIds: updated?.tagTypeIds ?? [] } };
    },
  },
  {
    module: 'crm',
    operationId: 'Customers_DeleteTag',
    write: 'customer-tag',
    handle: (ctx) => {
      const customer = customerOr404(ctx);
      const tagTypeId = pathId(ctx, 'tagTypeId');
      if (customer.tagTypeIds.includes(tagTypeId)) {
        ctx.data.customers.update(customer.id, (c) => ({
          ...c,
          tagTypeIds: c.tagTypeIds.filter((t) => t !== tagTypeId),
          modifiedOn: new Date(ctx.now).toISOString(),
        }));
      }
      return {};
    },
  },
  {
    module: 'crm',
    operationId: 'Locations_GetList',
    query: ['name', 'customerId', 'street', 'city', 'zip'],
    handle: (ctx) => {
      const customerId = queryNumber(ctx, 'customerId');
      const [name, street, city, zip] = ['name', 'street', 'city', 'zip'].map((p) => ctx.query.get(p));
      return list(
        ctx,
        ctx.data.locations
          .all()
          .filter(
            (l) =>
              (customerId === undefined || l.customerId === customerId) &&
              contains(l.name, name ?? null) &&
              contains(l.address.street, street ?? null) &&
              contains(l.address.city, city ?? null) &&
              contains(l.address.zip, zip ?? null),
          ),
      );
    },
  },
  { module: 'crm', operationId: 'Locations_Get', handle: (ctx) => ({ body: locationOr404(ctx) }) },
  { module: 'crm', operationId: 'ExportLocations_Locations', handle: (ctx) => exportFeed(ctx, ctx.data.locations) },
  { module: 'crm', operationId: 'Locations_GetCustomFieldTypes', handle: (ctx) => list(ctx, ctx.data.locationCustomFieldTypes.all()) },
  {
    module: 'crm',
    operationId: 'Locations_Update',
    write: 'location-update',
    handle: (ctx) => {
      const location = locationOr404(ctx);
      const body = ctx.body as UpdateLocationRequest;
      const unsupported = (['customerId', 'address', 'taxZoneId', 'externalData'] as const).filter((k) => body[k] !== undefined);
      if (unsupported.length > 0) throw new ProblemError(501, TITLES.notImplemented, { body: [`the sandbox does not update ${unsupported.join(', ')}`] });
      const customFields = body.customFields ? customFieldsFrom(ctx.data, body.customFields) : location.customFields;
      (body.tagTypeIds ?? []).forEach((t, i) => activeTagType(ctx.data, t, `tagTypeIds[${i}]`));
      const updated = ctx.data.locations.update(location.id, (l) => ({
        ...l,
        name: body.name ?? l.name,
        active: body.active ?? l.active,
        customFields,
        tagTypeIds: body.tagTypeIds ?? l.tagTypeIds,
        modifiedOn: new Date(ctx.now).toISOString(),
      }));
      return { body: updated };
    },
  },
  {
    module: 'crm',
    operationId: 'Locations_CreateTag',
    write: 'location-tag',
    handle: (ctx) => {
      const location = locationOr404(ctx);
      const tagTypeId = pathId(ctx, 'tagTypeId');
      activeTagType(ctx.data, tagTypeId, 'tagTypeId');
      if (location.tagTypeIds.includes(tagTypeId)) throw new ProblemError(409, TITLES.conflict, { tagTypeId: [`Location already has tag ${tagTypeId}`] });
      const updated = ctx.data.locations.update(location.id, (l) => ({
        ...l,
        tagTypeIds: [...l.tagTypeIds, tagTypeId],
        modifiedOn: new Date(ctx.now).toISOString(),
      }));
      return { body: { locationId: location.id, tagTypeIds: updated?.tagTypeIds ?? [] } };
    },
  },
  {
    module: 'crm',
    operationId: 'Locations_DeleteTag',
    write: 'location-tag',
    handle: (ctx) => {
      const location = locationOr404(ctx);
      const tagTypeId = pathId(ctx, 'tagTypeId');
      if (location.tagTypeIds.includes(tagTypeId)) {
        ctx.data.locations.update(location.id, (l) => ({
          ...l,
          tagTypeIds: l.tagTypeIds.filter((t) => t !== tagTypeId),
          modifiedOn: new Date(ctx.now).toISOString(),
        }));
      }
      return {};
    },
  },
  {
    module: 'crm',
    operationId: 'BookingProviderTags_GetList',
    query: ['name'],
    handle: (ctx) =>
      list(
        ctx,
        ctx.data.bookingProviderTags.all().filter((t) => contains(t.tagName, ctx.query.get('name'))),
        (row) => row,
        { active: false },
      ),
  },
  {
    module: 'crm',
    operationId: 'Bookings_Create',
    write: 'booking',
    handle: (ctx) => {
      const bookingProviderId = providerOr404(ctx);
      const body = ctx.body as CreateBookingRequest;
      if (body.campaignId != null && !ctx.data.campaigns.get(body.campaignId)) throw badRequest('campaignId', `Campaign ${body.campaignId} does not exist`);
      if (body.businessUnitId != null && !ctx.data.businessUnits.get(body.businessUnitId))
        throw badRequest('businessUnitId', `Business unit ${body.businessUnitId} does not exist`);
      if (body.jobTypeId != null && !ctx.data.jobTypes.get(body.jobTypeId)) throw badRequest('jobTypeId', `Job type ${body.jobTypeId} does not exist`);
      if (body.customerType != null && body.customerType !== 'Residential' && body.customerType !== 'Commercial')
        throw badRequest('customerType', 'must be Residential or Commercial');
      const at = new Date(ctx.now).toISOString();
      const row = ctx.data.bookings.insert({
        id: ctx.data.nextId(),
        source: body.source,
        createdOn: at,
        name: body.name,
        address: body.address ?? null,
        customerType: body.customerType ?? null,
        start: body.start ?? at,
        campaignId: body.campaignId ?? null,
        businessUnitId: body.businessUnitId ?? null,
        isFirstTimeClient: body.isFirstTimeClient,
        uploadedImages: body.uploadedImages ?? null,
        isSendConfirmationEmail: body.isSendConfirmationEmail ?? null,
        status: 'New',
        dismissingReasonId: null,
        jobId: null,
        externalId: body.externalId,
        priority: body.priority ?? null,
        jobTypeId: body.jobTypeId ?? null,
        bookingProviderId,
        modifiedOn: at,
        summary: body.summary,
        active: true,
      });
      return { body: presentBooking(row) };
    },
  },
  {
    module: 'crm',
    operationId: 'Bookings_GetList2',
    query: ['externalId'],
    handle: (ctx) => {
      const provider = providerOr404(ctx);
      const externalId = ctx.query.get('externalId');
      return list(
        ctx,
        ctx.data.bookings.all().filter((b) => b.bookingProviderId === provider && (externalId === null || b.externalId === externalId)),
        presentBooking,
        { active: false },
      );
    },
  },
  {
    module: 'crm',
    operationId: 'Bookings_GetList',
    query: ['externalId'],
    handle: (ctx) => {
      const externalId = ctx.query.get('externalId');
      return list(
        ctx,
        ctx.data.bookings.all().filter((b) => externalId === null || b.externalId === externalId),
        presentBooking,
        { active: false },
      );
    },
  },
  {
    module: 'crm',
    operationId: 'Bookings_Get',
    handle: (ctx) => {
      const booking = ctx.data.bookings.get(pathId(ctx));
      if (!booking) throw notFound('Booking', pathId(ctx));
      return { body: presentBooking(booking) };
    },
  },
];
