// Many more customers for load tests and benchmarks (POST /__sandbox/tenants/:id/locations): each
// new customer has one service location, with the given custom field values. The seeded data
// stays as it is; ids continue the tenant's sequence.
import type { LocationRow } from '../records';
import type { TenantData } from '../tenant-data';
import { iso } from './helpers';

export interface BulkLocationsRequest {
  count: number;
  customFields?: { typeId: number; value: string }[];
}

export class UnknownCustomFieldError extends Error {}

/** Adds `count` customers with one location each; returns the new location ids in order. */
export function addBulkLocations(data: TenantData, request: BulkLocationsRequest, now: number): number[] {
  const customFields: LocationRow['customFields'] = (request.customFields ?? []).map(({ typeId, value }) => {
    const type = data.locationCustomFieldTypes.get(typeId);
    if (!type) throw new UnknownCustomFieldError(`no location custom field type ${typeId}`);
    return { typeId, name: type.name ?? null, value };
  });
  const at = iso(Math.floor(now / 1000) * 1000);
  const ids: number[] = [];
  for (let n = 1; n <= request.count; n += 1) {
    const name = `Load Test Customer ${n}`;
    const address = { street: `${100 + (n % 9800)} Benchmark Way`, unit: null, city: 'Phoenix', state: 'AZ', zip: '85016', country: 'USA' };
    const customer = data.customers.insert({
      id: data.nextId(),
      active: true,
      name,
      type: 'Residential',
      address,
      customFields: [],
      balance: 0,
      taxExempt: false,
      tagTypeIds: [],
      doNotMail: false,
      doNotService: false,
      nationalAccount: false,
      createdOn: at,
      createdById: data.integrationUserId,
      modifiedOn: at,
      externalData: [],
    });
    const location = data.locations.insert({
      id: data.nextId(),
      customerId: customer.id,
      active: true,
      name,
      address,
      customFields: customFields.map((field) => ({ ...field })),
      createdOn: at,
      createdById: data.integrationUserId,
      modifiedOn: at,
      taxExempt: false,
      tagTypeIds: [],
      externalData: [],
      zoneId: null,
      taxZoneId: null,
    });
    ids.push(location.id);
  }
  return ids;
}
