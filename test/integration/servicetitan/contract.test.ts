// The contract test: every endpoint the sandbox serves is called through our client, then every
// exchange is checked against ServiceTitan's OpenAPI documents — our requests (path, query and
// body) against the request schemas, the sandbox's answers (successes and errors) against the
// response schemas. A field renamed on either side fails here.
import { NotFoundError, ServiceTitanError, ValidationError, type ServiceTitanClient } from '../../../servicetitan/client';
import { loadCatalog } from '../../../servicetitan/openapi/documents';
import { OpenApiValidator, type ValidationIssue } from '../../../servicetitan/openapi/validator';
import { HANDLERS, handlerKey } from '../../../servicetitan/sandbox/handlers';
import { startSandbox, type RunningSandbox } from '../../../servicetitan/sandbox/server';
import { LIMITED_APP, SEED_TENANT_IDS, sandboxCredentials } from '../../../servicetitan/sandbox/seed/credentials';
import { recordingFetch, type Exchange } from './support/recording-fetch';
import { admin, sandboxClient } from './support/sandbox-client';

const HVAC = SEED_TENANT_IDS.hvac;
const DAY = 86_400_000;

async function expectFailure(call: Promise<unknown>, type: new (...args: never[]) => ServiceTitanError): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(type);
}

/** Calls every operation the sandbox serves at least once, plus the error answers. */
async function exerciseEveryCall(client: ServiceTitanClient, limited: ServiceTitanClient, sandbox: RunningSandbox): Promise<void> {
  await client.verifyAccess();
  const [businessUnit] = await client.listBusinessUnits({ includeTotal: true }).all();
  const tags = await client.listTagTypes().all();
  const technicians = await client.listTechnicians().all();
  const fieldTypes = await client.listLocationCustomFieldTypes().all();
  await client.listCustomerCustomFieldTypes().all();
  const jobType = (await client.listJobTypes({ active: 'True' }).all())[0];
  const campaign = (await client.listCampaigns().all())[0];
  const services = await client.listServices({ searchText: 'MBR-SALE' }).all();
  const membershipType = (await client.listMembershipTypes({ includeDurationBilling: true, includeRecurringServices: true }).all())[0];
  await client.listRecurringServiceTypes({ membershipTypeId: membershipType?.id }).all();
  const option = (await client.listMembershipDurationBilling(membershipType?.id ?? 0))[0];
  const customer = (await client.listCustomers({ pageSize: 5 }).page()).data[1];
  const location = (await client.listLocations({ customerId: customer?.id }).all())[0];
  if (!businessUnit || !jobType || !campaign || !customer || !location || !membershipType || !option || !services[0] || !tags[0])
    throw new Error('seed is missing data');
  await client.getCustomer(customer.id);
  await client.getLocation(location.id);

  const credits = fieldTypes.find((f) => f.name === 'Comfort Credits');
  await client.setLocationCustomFields(location.id, [{ typeId: credits?.id ?? 0, value: '40' }]);
  await expectFailure(client.setLocationCustomFields(location.id, [{ typeId: credits?.id ?? 0, value: 'forty' }]), ValidationError);
  await client.tagLocation(location.id, tags[0].id);
  await client.tagLocation(location.id, tags[0].id); // 409, which the client counts as done
  await client.untagLocation(location.id, tags[0].id);
  await client.tagCustomer(customer.id, tags[0].id);
  await client.tagCustomer(customer.id, tags[0].id);
  await client.untagCustomer(customer.id, tags[0].id);

  const start = new Date(Math.ceil((Date.now() + 2 * DAY) / 3_600_000) * 3_600_000);
  const job = await client.createJob({
    customerId: customer.id,
    locationId: location.id,
    businessUnitId: jobType.businessUnitIds[0] ?? businessUnit.id,
    jobTypeId: jobType.id,
    priority: 'Normal',
    campaignId: campaign.id,
    appointments: [
      { start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString(), technicianIds: technicians[0] ? [technicians[0].id] : [] },
    ],
    tagTypeIds: [tags[0].id],
    summary: 'Contract test job',
  });
  await client.getJob(job.id);
  await expectFailure(client.getJob(1), NotFoundError);
  await client.listJobs({ locationId: location.id, jobStatus: 'Scheduled', appointmentStartsOnOrAfter: new Date().toISOString() }).all();
  await client.tagJob(job.id, tags[1]?.id ?? tags[0].id);
  await client.addJobNote(job.id, 'Contract test note');
  await client.listJobNotes(job.id).all();
  await client.listAppointments({ startsOnOrAfter: new Date().toISOString(), startsBefore: new Date(Date.now() + 14 * DAY).toISOString() }).all();
  await client.getCapacity({
    startsOnOrAfter: start.toISOString(),
    endsOnOrBefore: new Date(start.getTime() + DAY).toISOString(),
    jobTypeId: jobType.id,
    skillBasedAvailability: true,
  });

  const provider = (await client.listBookingProviderTags().all())[0];
  const booking = await client.createBooking(provider?.id ?? 0, {
    source: 'SmartAC.com',
    name: 'Contract Test',
    summary: 'Booked by the contract test',
    isFirstTimeClient: true,
    externalId: 'contract-1',
    address: { street: '1 Test St', unit: null, city: 'Phoenix', state: 'AZ', zip: '85016', country: 'USA' },
    contacts: [{ type: 'Phone', value: '6025550100', memo: null }],
    campaignId: campaign.id,
    priority: 'Normal',
  });
  await client.listProviderBookings(provider?.id ?? 0).all();
  await client.listBookings({ externalId: 'contract-1' }).all();
  await client.getBooking(booking.id);

  await client.sellMembership({
    customerId: customer.id,
    businessUnitId: businessUnit.id,
    saleTaskId: services[0].id,
    durationBillingId: option.id,
    recurringServiceAction: 'None',
  });
  await client.listMemberships({ status: 'Active' }).all();

  for (const feed of [client.exportCustomers(), client.exportLocations(), client.exportJobs(), client.exportAppointments(), client.exportMemberships()]) {
    for await (const batch of feed.batches()) void batch;
  }

  // Error answers: 401 (revoked token, then refreshed), 403 (missing scope), 429 (throttled once).
  await admin(sandbox).revokeTokens(HVAC, sandboxCredentials(HVAC).clientId);
  await admin(sandbox).addFault({ operationId: 'TagTypes_GetList', status: 429, retryAfterSeconds: 0, times: 1 });
  await client.listTagTypes().page();
  await limited.verifyAccess();
}

function check(validator: OpenApiValidator, exchange: Exchange): ValidationIssue[] {
  const match = loadCatalog().match(exchange.method, exchange.url.pathname);
  if (!match) return [{ where: exchange.url.pathname, message: 'is not a documented operation' }];
  return [
    ...validator.parameters(match.operation, exchange.url.searchParams, match.pathParams, { rejectUnknown: true }),
    ...validator.requestBody(match.operation, exchange.requestBody),
    ...validator.response(match.operation, exchange.status, exchange.responseBody),
  ].map((issue) => ({ where: `${exchange.method} ${exchange.url.pathname} → ${exchange.status}: ${issue.where}`, message: issue.message }));
}

describe('contract with ServiceTitan’s OpenAPI documents', () => {
  it('holds for every endpoint the sandbox serves, in both directions', async () => {
    const sandbox = await startSandbox({ exportBatchSize: 60 });
    try {
      const recorder = recordingFetch();
      const client = sandboxClient(sandbox, HVAC, { fetch: recorder.fetch });
      const limited = sandboxClient(sandbox, HVAC, { fetch: recorder.fetch, appKey: LIMITED_APP.appKey });
      await exerciseEveryCall(client, limited, sandbox);

      const catalog = loadCatalog();
      const validator = new OpenApiValidator(catalog);
      const api = recorder.exchanges.filter((e) => e.url.pathname !== '/connect/token');
      expect(api.flatMap((e) => check(validator, e))).toEqual([]);

      const answered = new Map<number, number>();
      for (const e of api) answered.set(e.status, (answered.get(e.status) ?? 0) + 1);
      expect([...answered.keys()].sort()).toEqual([200, 400, 401, 403, 404, 409, 429]);

      const succeeded = new Set(
        api
          .filter((e) => e.status < 300)
          .map((e) => {
            const op = catalog.match(e.method, e.url.pathname)?.operation;
            return op ? handlerKey(op.module, op.operationId) : '';
          }),
      );
      const served = HANDLERS.map((h) => handlerKey(h.module, h.operationId));
      expect(served.filter((key) => !succeeded.has(key))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
