// Every call the product makes, from the client to the sandbox over real HTTP.
import { NotFoundError, type ServiceTitanClient } from '../../../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS } from '../../../servicetitan/sandbox/seed/credentials';
import { admin, sandboxClient } from './support/sandbox-client';

const HVAC = SEED_TENANT_IDS.hvac;
const DAY = 86_400_000;

describe('ServiceTitan client against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: ServiceTitanClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ exportBatchSize: 25 });
    client = sandboxClient(sandbox, HVAC);
  });
  afterAll(() => sandbox.close());

  it('reads the catalogs onboarding maps', async () => {
    const businessUnits = await client.listBusinessUnits().all();
    expect(businessUnits.map((b) => b.name)).toEqual(['HVAC - Service', 'HVAC - Install', 'HVAC - Maintenance', 'Plumbing - Service']);
    expect((await client.listBusinessUnits({ active: 'Any' }).all()).map((b) => b.active)).toContain(false);

    const jobTypes = await client.listJobTypes().all();
    const buIds = new Set(businessUnits.map((b) => b.id));
    expect(jobTypes.length).toBeGreaterThan(5);
    expect(jobTypes.every((jt) => jt.businessUnitIds.every((id) => buIds.has(id)) && jt.duration > 0)).toBe(true);

    const membershipTypes = await client.listMembershipTypes().all();
    expect(membershipTypes.map((m) => m.name)).toEqual(['Comfort Club Silver', 'Comfort Club Gold']);
    const billing = await client.listMembershipDurationBilling(membershipTypes[0]?.id ?? 0);
    expect(billing.map((b) => b.billingFrequency)).toEqual(['Annual', 'Monthly']);
    expect((await client.listRecurringServiceTypes().all()).map((r) => r.name)).toEqual(['Spring AC Tune-Up', 'Fall Furnace Tune-Up']);

    expect((await client.listTagTypes().all()).map((t) => t.name)).toContain('SmartAC.com');
    const fieldTypes = await client.listLocationCustomFieldTypes().all();
    expect(fieldTypes.find((f) => f.name === 'Comfort Credits')?.dataType).toBe('Numeric');
    expect((await client.listCustomerCustomFieldTypes().all()).map((f) => f.name)).toEqual(['Preferred Contact', 'Referred By']);

    const services = await client.listServices().all();
    const allServices = await client.listServices({ active: 'Any' }).all();
    expect(services.every((s) => s.active)).toBe(true);
    expect(allServices.length).toBe(services.length + 1);
    expect((await client.listCampaigns().all()).map((c) => c.name)).toEqual(['SmartAC.com', 'Google Ads', 'Yard Signs', 'Customer Referral']);
    expect((await client.listTechnicians().all()).length).toBe(7);
  });

  it('pages through customers and locations', async () => {
    const first = await client.listCustomers({ pageSize: 7, includeTotal: true }).page();
    const customers = await client.listCustomers({ pageSize: 7 }).all();
    expect(customers).toHaveLength(first.totalCount ?? -1);
    const customer = customers[5];
    expect(await client.getCustomer(customer?.id ?? 0)).toEqual(customer);
    const locations = await client.listLocations({ customerId: customer?.id }).all();
    expect(locations.length).toBeGreaterThanOrEqual(1);
    expect(locations.every((l) => l.customerId === customer?.id)).toBe(true);
  });

  it('sets a location’s Comfort Credits without clearing its other custom fields', async () => {
    const types = await client.listLocationCustomFieldTypes().all();
    const credits = types.find((t) => t.name === 'Comfort Credits');
    const filter = types.find((t) => t.name === 'Filter Size');
    const location = (await client.listLocations({ pageSize: 200 }).all()).find((l) => l.customFields.some((f) => f.typeId === filter?.id));
    if (!credits || !filter || !location) throw new Error('seed has no location with a filter size');
    const filterValue = location.customFields.find((f) => f.typeId === filter.id)?.value;

    const updated = await client.setLocationCustomFields(location.id, [{ typeId: credits.id, value: '150' }]);
    expect(updated.customFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ typeId: credits.id, value: '150' }),
        expect.objectContaining({ typeId: filter.id, value: filterValue }),
      ]),
    );
    const stored = await admin(sandbox).record<{ customFields: { typeId: number; value: string }[] }>(HVAC, 'locations', location.id);
    expect(stored.customFields.find((f) => f.typeId === filter.id)?.value).toBe(filterValue);
    const [write] = await admin(sandbox).writes(HVAC, 'location-update');
    expect(write?.request).toEqual({
      customFields: expect.arrayContaining([
        { typeId: credits.id, value: '150' },
        { typeId: filter.id, value: filterValue },
      ]),
    });
  });

  it('tags and untags locations, customers and jobs', async () => {
    const smartac = (await client.listTagTypes().all()).find((t) => t.name === 'SmartAC.com');
    const location = (await client.listLocations({ pageSize: 1 }).page()).data[0];
    const job = (await client.listJobs({ pageSize: 1, jobStatus: 'Scheduled' }).page()).data[0];
    if (!smartac || !location || !job) throw new Error('seed is missing a tag, location or job');

    await client.tagLocation(location.id, smartac.id);
    await client.tagLocation(location.id, smartac.id);
    expect((await client.getLocation(location.id)).tagTypeIds).toEqual([smartac.id]);
    await client.untagLocation(location.id, smartac.id);
    expect((await client.getLocation(location.id)).tagTypeIds).toEqual([]);

    await client.tagCustomer(location.customerId, smartac.id);
    expect((await client.getCustomer(location.customerId)).tagTypeIds).toContain(smartac.id);
    await client.untagCustomer(location.customerId, smartac.id);
    expect((await client.getCustomer(location.customerId)).tagTypeIds).not.toContain(smartac.id);

    const tagged = await client.tagJob(job.id, smartac.id);
    expect(tagged.tagTypeIds).toEqual([...job.tagTypeIds, smartac.id]);
    expect((await client.untagJob(job.id, smartac.id)).tagTypeIds).toEqual(job.tagTypeIds);

    const writes = await admin(sandbox).writes(HVAC);
    expect(writes.filter((w) => w.kind === 'location-tag').map((w) => w.method)).toEqual(['POST', 'DELETE']);
    expect(writes.filter((w) => w.kind === 'customer-tag').map((w) => w.method)).toEqual(['POST', 'DELETE']);
    expect(writes.filter((w) => w.kind === 'job-update')).toHaveLength(2);
  });

  it('creates a job with an appointment, finds it by date range, location and status, and notes it', async () => {
    const location = (await client.listLocations({ pageSize: 3 }).page()).data[2];
    const jobType = (await client.listJobTypes({ name: 'AC Tune-Up' }).all())[0];
    const campaign = (await client.listCampaigns({ name: 'SmartAC.com' }).all())[0];
    const technician = (await client.listTechnicians().all()).find((t) => t.businessUnitId === jobType?.businessUnitIds[0]);
    if (!location || !jobType || !campaign || !technician) throw new Error('seed is missing data');
    const start = new Date(Math.ceil((Date.now() + 3 * DAY) / 3_600_000) * 3_600_000);
    const end = new Date(start.getTime() + jobType.duration * 1000);

    const job = await client.createJob({
      customerId: location.customerId,
      locationId: location.id,
      businessUnitId: jobType.businessUnitIds[0] ?? 0,
      jobTypeId: jobType.id,
      priority: 'Normal',
      campaignId: campaign.id,
      appointments: [{ start: start.toISOString(), end: end.toISOString(), technicianIds: [technician.id] }],
      summary: 'SmartAC.com maintenance visit',
    });
    expect(job).toMatchObject({ jobStatus: 'Scheduled', appointmentCount: 1, locationId: location.id });

    const found = await client
      .listJobs({
        appointmentStartsOnOrAfter: new Date(start.getTime() - 60_000).toISOString(),
        appointmentStartsBefore: new Date(start.getTime() + 60_000).toISOString(),
        locationId: location.id,
        jobStatus: 'Scheduled',
      })
      .all();
    expect(found.map((j) => j.id)).toEqual([job.id]);
    const appointments = await client.listAppointments({ jobId: job.id }).all();
    expect(appointments).toEqual([expect.objectContaining({ id: job.firstAppointmentId, start: start.toISOString(), status: 'Scheduled' })]);
    expect(await client.getJob(job.id)).toEqual(job);

    await client.addJobNote(job.id, 'Booked through SmartAC.com', { pinToTop: true });
    const notes = await client.listJobNotes(job.id).all();
    expect(notes).toEqual([expect.objectContaining({ text: 'Booked through SmartAC.com', isPinned: true })]);
    expect((await admin(sandbox).writes(HVAC, 'job-note'))[0]).toMatchObject({ path: `/jpm/v2/tenant/${HVAC}/jobs/${job.id}/notes` });
    expect(await admin(sandbox).writes(HVAC, 'job')).toHaveLength(1);
  });

  it('sees capacity shrink when a technician is booked', async () => {
    const jobType = (await client.listJobTypes({ name: 'AC Repair' }).all())[0];
    const campaign = (await client.listCampaigns().all())[0];
    const location = (await client.listLocations({ pageSize: 1 }).page()).data[0];
    if (!jobType || !campaign || !location) throw new Error('seed is missing data');
    const from = new Date(Date.now() + 20 * DAY);
    const window = {
      startsOnOrAfter: from.toISOString(),
      endsOnOrBefore: new Date(from.getTime() + DAY).toISOString(),
      businessUnitIds: jobType.businessUnitIds,
      skillBasedAvailability: false,
    };
    const before = await client.getCapacity(window);
    const slot = before.availabilities[0];
    if (!slot) throw new Error('no capacity window');
    const technician = slot.technicians[0];
    await client.createJob({
      customerId: location.customerId,
      locationId: location.id,
      businessUnitId: jobType.businessUnitIds[0] ?? 0,
      jobTypeId: jobType.id,
      priority: 'High',
      campaignId: campaign.id,
      appointments: [{ start: slot.startUtc, end: slot.endUtc, technicianIds: [technician?.id ?? 0] }],
    });
    const after = (await client.getCapacity(window)).availabilities[0];
    expect(after?.openAvailability).toBe(slot.openAvailability - 2);
    expect(after?.technicians.find((t) => t.id === technician?.id)?.status).toBe('Unavailable');
  });

  it('creates a booking for the SmartAC.com provider and reads it at tenant level', async () => {
    const provider = (await client.listBookingProviderTags({ name: 'SmartAC.com' }).all())[0];
    if (!provider) throw new Error('no SmartAC.com booking provider');
    const booking = await client.createBooking(provider.id, {
      source: 'SmartAC.com',
      name: 'Grace Kim',
      summary: 'Annual AC tune-up (SmartAC.com member)',
      isFirstTimeClient: false,
      externalId: 'smartac-booking-1',
      customerType: 'Residential',
      address: { street: '4410 N 40th St', city: 'Phoenix', state: 'AZ', zip: '85018', country: 'USA' },
      contacts: [{ type: 'Email', value: 'grace@example.com' }],
      start: new Date(Date.now() + 5 * DAY).toISOString(),
    });
    expect(booking).toMatchObject({ status: 'New', bookingProviderId: provider.id, jobId: null });
    expect((await client.listProviderBookings(provider.id, { externalId: 'smartac-booking-1' }).all()).map((b) => b.id)).toEqual([booking.id]);
    expect((await client.listBookings().all()).map((b) => b.id)).toContain(booking.id);
    expect(await client.getBooking(booking.id)).toEqual(booking);
    expect((await admin(sandbox).writes(HVAC, 'booking'))[0]?.request).toMatchObject({ externalId: 'smartac-booking-1' });
  });

  it('sells a membership', async () => {
    const type = (await client.listMembershipTypes({ includeDurationBilling: true }).all())[1];
    const option = (await client.listMembershipDurationBilling(type?.id ?? 0))[0];
    const saleTask = (await client.listServices({ searchText: 'MBR-SALE-GOLD' }).all())[0];
    const location = (await client.listLocations({ pageSize: 1 }).page()).data[0];
    const businessUnit = (await client.listBusinessUnits({ name: 'Maintenance' }).all())[0];
    if (!type || !option || !saleTask || !location || !businessUnit) throw new Error('seed is missing data');
    expect(type.durationBilling).toHaveLength(2);

    const sale = await client.sellMembership({
      customerId: location.customerId,
      businessUnitId: businessUnit.id,
      saleTaskId: saleTask.id,
      durationBillingId: option.id,
      locationId: location.id,
      recurringServiceAction: 'Single',
      recurringLocationId: location.id,
    });
    const memberships = await client.listMemberships({ customerIds: String(location.customerId) }).all();
    expect(memberships.find((m) => m.id === sale.customerMembershipId)).toMatchObject({ membershipTypeId: type.id, status: 'Active', locationId: location.id });
    expect((await admin(sandbox).writes(HVAC, 'membership'))[0]?.response).toEqual(sale);
  });

  it('follows export feeds and resumes with only later changes', async () => {
    const feed = client.exportJobs();
    let batches = 0;
    let jobs = 0;
    for await (const batch of feed.batches()) {
      batches += 1;
      jobs += batch.data.length;
    }
    expect(batches).toBeGreaterThan(3);
    expect(jobs).toBe((await client.listJobs({ pageSize: 500 }).all()).length);

    const job = (await client.listJobs({ pageSize: 1, jobStatus: 'Scheduled' }).page()).data[0];
    await client.addJobNote(job?.id ?? 0, 'note does not change the job');
    await client.tagJob(job?.id ?? 0, (await client.listTagTypes().all())[2]?.id ?? 0);
    const changed = [];
    for await (const j of client.exportJobs(feed.continueFrom)) changed.push(j.id);
    expect(changed).toEqual([job?.id]);

    for (const exportOf of [
      () => client.exportCustomers(),
      () => client.exportLocations(),
      () => client.exportAppointments(),
      () => client.exportMemberships(),
    ]) {
      const first = (await exportOf().batches().next()).value;
      expect(first?.data.length).toBeGreaterThan(0);
    }
  });

  it('keeps tenants apart', async () => {
    const other = sandboxClient(sandbox, SEED_TENANT_IDS.plumbing);
    const hvacLocation = (await client.listLocations({ pageSize: 1 }).page()).data[0];
    await expect(other.getLocation(hvacLocation?.id ?? 0)).rejects.toBeInstanceOf(NotFoundError);
    expect((await other.listBusinessUnits().all()).map((b) => b.name)).toEqual(['Plumbing Service', 'Drain & Sewer', 'Heating & Cooling']);
  });
});
