import { AppNotConnectedError } from '../../../servicetitan/client';
import { testClient } from './support/client';
import { json, page, problem, scriptedFetch, type RecordedCall } from './support/scripted-fetch';

const location = (customFields: { typeId: number; name: string; value: string | null }[], tagTypeIds: number[] = []) => ({
  id: 12,
  customerId: 3,
  name: 'Home',
  active: true,
  address: { street: '1 Main St', city: 'Phoenix', state: 'AZ', zip: '85016', country: 'USA' },
  customFields,
  tagTypeIds,
  modifiedOn: '2026-01-01T00:00:00Z',
});

const job = (tagTypeIds: number[]) => ({
  id: 40,
  jobNumber: '10040',
  customerId: 3,
  locationId: 12,
  jobStatus: 'Scheduled',
  businessUnitId: 5,
  jobTypeId: 6,
  campaignId: 7,
  tagTypeIds,
  firstAppointmentId: 41,
  createdOn: '2025-03-01T12:00:00Z',
  modifiedOn: '2025-03-01T12:00:00Z',
});

const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');

describe('ServiceTitan client calls', () => {
  it('sets location custom fields without clearing the others', async () => {
    const scripted = scriptedFetch((call) =>
      call.method === 'GET'
        ? json(
            200,
            location([
              { typeId: 1, name: 'Comfort Credits', value: '25' },
              { typeId: 2, name: 'Filter Size', value: '16x25x1' },
              { typeId: 3, name: 'Member Since', value: '2024-05-01' },
              { typeId: 4, name: 'Empty', value: null },
            ]),
          )
        : json(200, location([])),
    );
    await testClient(scripted).client.setLocationCustomFields(12, [
      { typeId: 1, value: '125' },
      { typeId: 3, value: null },
      { typeId: 9, value: 'new' },
    ]);
    const patch = scripted.apiCalls()[1];
    expect(patch?.method).toBe('PATCH');
    expect(patch?.url.pathname).toBe('/crm/v2/tenant/777/locations/12');
    expect(patch?.headers['content-type']).toBe('application/json');
    expect(bodyOf(patch)).toEqual({
      customFields: [
        { typeId: 1, value: '125' },
        { typeId: 2, value: '16x25x1' },
        { typeId: 9, value: 'new' },
      ],
    });
  });

  it('replaces a location’s custom fields with one PATCH, reading nothing first', async () => {
    const scripted = scriptedFetch(() => json(200, location([])));
    const fields = [
      { typeId: 2, value: '16x25x1' },
      { typeId: 1, value: '125' },
    ];
    await testClient(scripted).client.replaceLocationCustomFields(12, fields);
    expect(scripted.apiCalls().map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['PATCH /crm/v2/tenant/777/locations/12']);
    expect(bodyOf(scripted.apiCalls()[0])).toEqual({ customFields: fields });
  });

  it('reads the locations export feed from a token, asking for recent changes', async () => {
    const scripted = scriptedFetch(() => json(200, { hasMore: false, continueFrom: 'next', data: [location([])] }));
    const feed = testClient(scripted).client.exportLocations('token-1', { includeRecentChanges: true });
    const batches = [];
    for await (const batch of feed.batches()) batches.push(batch);
    expect(batches).toHaveLength(1);
    expect(feed.continueFrom).toBe('next');
    const query = scripted.apiCalls()[0]?.url.searchParams;
    expect(query?.get('from')).toBe('token-1');
    expect(query?.get('includeRecentChanges')).toBe('true');
  });

  it('treats tagging a location that already has the tag as done', async () => {
    const scripted = scriptedFetch(() => problem(409, 'Conflict'));
    await expect(testClient(scripted).client.tagLocation(12, 88)).resolves.toBeUndefined();
    expect(scripted.apiCalls().map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['POST /crm/v2/tenant/777/locations/12/tags/88']);
  });

  it('tags a job by sending its whole tag set, and skips the write when nothing changes', async () => {
    const scripted = scriptedFetch((call) => (call.method === 'GET' ? json(200, job([5])) : json(200, job([5, 8]))));
    const { client } = testClient(scripted);
    await client.tagJob(40, 8);
    expect(bodyOf(scripted.apiCalls()[1])).toEqual({ tagTypeIds: [5, 8] });
    await client.tagJob(40, 5);
    await client.untagJob(40, 9);
    expect(scripted.apiCalls().filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('iterates every page of a list with the page size asked for', async () => {
    const scripted = scriptedFetch((call) => {
      const n = Number(call.url.searchParams.get('page'));
      return page([{ id: n, name: `BU ${n}`, active: true }], n < 3, n);
    });
    const names: string[] = [];
    for await (const bu of testClient(scripted).client.listBusinessUnits({ pageSize: 1, active: 'Any' })) names.push(bu.name);
    expect(names).toEqual(['BU 1', 'BU 2', 'BU 3']);
    expect(scripted.apiCalls().map((c) => c.url.search)).toEqual([
      '?pageSize=1&active=Any&page=1',
      '?pageSize=1&active=Any&page=2',
      '?pageSize=1&active=Any&page=3',
    ]);
  });

  it('follows an export feed and keeps its continuation token', async () => {
    const customer = (id: number) => ({ id, name: `C${id}`, active: true, tagTypeIds: [], customFields: [] });
    const scripted = scriptedFetch((call) =>
      call.url.searchParams.get('from') === null
        ? json(200, { hasMore: true, continueFrom: 'tok-1', data: [customer(1), customer(2)] })
        : json(200, { hasMore: false, continueFrom: 'tok-2', data: [customer(3)] }),
    );
    const feed = testClient(scripted).client.exportCustomers();
    const ids: number[] = [];
    for await (const c of feed) ids.push(c.id);
    expect(ids).toEqual([1, 2, 3]);
    expect(feed.continueFrom).toBe('tok-2');
    expect(scripted.apiCalls()[1]?.url.searchParams.get('from')).toBe('tok-1');
  });

  it('reports which API areas answer 403 when verifying access', async () => {
    const scripted = scriptedFetch((call) => {
      if (call.url.pathname.startsWith('/memberships/')) return problem(403, 'Insufficient scope: tn.mem.membershiptypes:r');
      if (call.url.pathname.startsWith('/dispatch/')) return json(200, { timeStamp: '2025-03-01T12:00:00Z', availabilities: [] });
      return page([]);
    });
    const report = await testClient(scripted).client.verifyAccess();
    expect(report.granted).toEqual(['settings', 'crm', 'jpm', 'dispatch', 'marketing', 'pricebook']);
    expect(report.denied).toEqual([
      { area: 'memberships', reason: 'insufficient_scope', request: { method: 'GET', path: '/memberships/v2/tenant/777/membership-types' } },
    ]);
    expect(scripted.apiCalls().find((c) => c.url.pathname.startsWith('/dispatch/'))?.method).toBe('POST');
  });

  it('stops verifying at a failure that is not about one area', async () => {
    const scripted = scriptedFetch(() => problem(403, 'Application is not connected to this tenant'));
    await expect(testClient(scripted).client.verifyAccess()).rejects.toBeInstanceOf(AppNotConnectedError);
    expect(scripted.apiCalls()).toHaveLength(1);
  });

  it('refuses malformed ids and tenant ids before calling', async () => {
    const scripted = scriptedFetch(() => page([]));
    const { client } = testClient(scripted);
    await expect(client.getLocation(1.5)).rejects.toThrow(TypeError);
    expect(() => testClient(scripted, { credentials: { tenantId: '12a', clientId: 'c', clientSecret: 's' } })).toThrow('tenant ID must be a number');
    expect(scripted.calls).toHaveLength(0);
  });
});
