import { loadCatalog } from '../../../servicetitan/openapi/documents';
import { OpenApiValidator } from '../../../servicetitan/openapi/validator';

const catalog = loadCatalog();
const validator = new OpenApiValidator(catalog);

describe('OpenAPI catalog', () => {
  it('matches a literal segment before a path parameter', () => {
    expect(catalog.match('GET', '/crm/v2/tenant/42/locations/custom-fields')?.operation.operationId).toBe('Locations_GetCustomFieldTypes');
    expect(catalog.match('GET', '/crm/v2/tenant/42/locations/7')).toMatchObject({
      operation: { operationId: 'Locations_Get' },
      pathParams: { tenant: '42', id: '7' },
    });
  });

  it('tells modules apart when their paths are the same', () => {
    expect(catalog.match('GET', '/marketing/v2/tenant/1/categories')?.operation.module).toBe('marketing');
    expect(catalog.match('GET', '/pricebook/v2/tenant/1/categories')?.operation.module).toBe('pricebook');
  });

  it('knows unknown paths and methods', () => {
    expect(catalog.match('GET', '/crm/v2/tenant/1/nope')).toBeUndefined();
    expect(catalog.match('PUT', '/crm/v2/tenant/1/locations/7')).toBeUndefined();
    expect(catalog.hasPath('/crm/v2/tenant/1/locations/7')).toBe(true);
  });

  it('reads each operation’s scopes from the document', () => {
    expect(catalog.operation('crm', 'Locations_Update').scopes).toEqual(['tn.crm.locations:w']);
    expect(catalog.operation('dispatch', 'Capacity_GetList').scopes).toEqual(['tn.dis.capacity:w']);
  });
});

describe('OpenAPI validator', () => {
  const getLocation = catalog.operation('crm', 'Locations_Get');
  const location = {
    id: 1,
    customerId: 2,
    active: true,
    name: 'Home',
    address: { street: '1 Main St', city: 'Phoenix', state: 'AZ', zip: '85016', country: 'USA' },
    customFields: [],
    createdOn: '2024-01-01T00:00:00Z',
    createdById: 3,
    modifiedOn: '2024-01-01T00:00:00Z',
    taxExempt: false,
    tagTypeIds: [],
    externalData: [],
  };

  it('accepts a response that follows the schema', () => {
    expect(validator.response(getLocation, 200, location)).toEqual([]);
  });

  it('rejects a renamed field (the contract test depends on this)', () => {
    const { tagTypeIds, ...rest } = location;
    const issues = validator.response(getLocation, 200, { ...rest, tagIds: tagTypeIds });
    expect(issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringContaining('tagIds'), expect.stringContaining('tagTypeIds')]));
  });

  it('holds undocumented error statuses to the RFC 7807 error schema', () => {
    const good = { type: 't', title: 'Forbidden', status: 403, traceId: 'x', errors: {}, data: {} };
    expect(validator.response(getLocation, 403, good)).toEqual([]);
    expect(validator.response(getLocation, 403, { message: 'Forbidden' })).not.toEqual([]);
  });

  it('checks request bodies and typed, known query parameters', () => {
    const update = catalog.operation('crm', 'Locations_Update');
    expect(validator.requestBody(update, { customFields: [{ typeId: 1, value: '5' }] })).toEqual([]);
    expect(validator.requestBody(update, { customFields: [{ typeId: 1 }] })[0]?.where).toBe('body/customFields/0');
    const list = catalog.operation('crm', 'Locations_GetList');
    const issues = validator.parameters(list, new URLSearchParams('page=two&active=Any&colour=red'), { tenant: '1' }, { rejectUnknown: true });
    expect(issues.map((i) => i.where).sort()).toEqual(['query/colour', 'query/page']);
  });
});
