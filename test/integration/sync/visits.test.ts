// Visit requests: a job with an appointment in a free capacity slot, or a booking for the office,
// created once however the pass is retried.
import { randomUUID } from 'node:crypto';
import type { Location } from '../../../servicetitan/client';
import { APPLICATION_GUID, configurePartner, HVAC, startSyncHarness, type PartnerOptions, type SyncHarness } from './support';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.state.reset());

const HOUR = 3_600_000;
const jobsWritten = () => h.admin.writes(HVAC, 'job');
const bookingsWritten = () => h.admin.writes(HVAC, 'booking');

async function setUp(options: PartnerOptions = {}) {
  const partner = await configurePartner(h, options);
  const location = (await h.st.listLocations({ pageSize: 3 }).page()).data[2] as Location;
  const book = () => h.activities.bookPendingVisits({ partnerId: partner.partnerId });
  const request = async (fields: { condition?: string; startInHours?: number; hours?: number; notes?: string } = {}) => {
    const requestId = `visit-${randomUUID()}`;
    const windowStart = new Date(Date.now() + (fields.startInHours ?? 24) * HOUR);
    await h.db.visitRequest.create({
      data: {
        requestId,
        partnerId: partner.partnerId,
        memberId: 'm-1',
        locationId: BigInt(location.id),
        trade: 'HVAC',
        condition: fields.condition ?? 'NOT_COOLING',
        windowStart,
        windowEnd: new Date(windowStart.getTime() + (fields.hours ?? 48) * HOUR),
        notes: fields.notes ?? 'Upstairs stays at 84°F <since Tuesday>',
        status: 'PENDING',
      },
    });
    return requestId;
  };
  const visit = (requestId: string) => h.db.visitRequest.findUniqueOrThrow({ where: { requestId } });
  return { partner, location, book, request, visit };
}

describe('with realtime capacity scheduling', () => {
  it('books a job with one appointment in a free slot, with campaign, tag and our external data', async () => {
    const { partner, location, book, request, visit } = await setUp();
    const requestId = await request();

    expect(await book()).toMatchObject({ checked: 1, writes: 1, backlog: 0, failed: 0 });
    const [write] = await jobsWritten();
    const job = write?.response as { id: number; firstAppointmentId: number };
    expect(write?.request).toMatchObject({
      customerId: location.customerId,
      locationId: location.id,
      businessUnitId: partner.serviceUnitId,
      jobTypeId: partner.noCoolJobTypeId,
      campaignId: partner.campaignId,
      tagTypeIds: [partner.tagTypeId],
      summary: "SmartAC.com visit request (HVAC NOT_COOLING). Member's notes: Upstairs stays at 84°F &lt;since Tuesday&gt;",
      externalData: { applicationGuid: APPLICATION_GUID, externalData: [{ key: 'smartacVisitRequestId', value: requestId }] },
    });
    const row = await visit(requestId);
    expect(row).toMatchObject({
      status: 'JOB_BOOKED',
      jobId: BigInt(job.id),
      appointmentId: BigInt(job.firstAppointmentId),
      reason: null,
      completedAt: expect.any(Date),
    });
    const [appointment] = await h.st.listAppointments({ jobId: job.id }).all();
    expect(Date.parse(appointment?.start ?? '')).toBeGreaterThanOrEqual(row.windowStart.getTime());
    expect(Date.parse(appointment?.start ?? '')).toBeLessThan(row.windowEnd.getTime());

    expect(await book()).toMatchObject({ checked: 0, writes: 0, backlog: 0, failed: 0 });
    // ServiceTitan finds the job by our external data, for our application only.
    const lookup = (guid: string) =>
      h.st.listJobs({ externalDataApplicationGuid: guid, externalDataKey: 'smartacVisitRequestId', externalDataValues: requestId }).all();
    expect((await lookup(APPLICATION_GUID)).map((j) => [j.id, j.externalData])).toEqual([[job.id, [{ key: 'smartacVisitRequestId', value: requestId }]]]);
    expect(await lookup(randomUUID())).toEqual([]);
  });

  it('finds the job a crashed attempt created instead of creating a second one', async () => {
    const { book, request, visit } = await setUp();
    const requestId = await request();
    await book();
    const booked = await visit(requestId);
    // The job was created, but the worker died before recording the outcome.
    await h.db.visitRequest.update({ where: { requestId }, data: { status: 'PENDING', jobId: null, appointmentId: null, completedAt: null } });

    expect(await book()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 0 });
    expect(await jobsWritten()).toHaveLength(1);
    expect(await visit(requestId)).toMatchObject({ status: 'JOB_BOOKED', jobId: booked.jobId, appointmentId: booked.appointmentId });
  });

  it('uses the tenant’s default campaign when none is configured', async () => {
    const { partner, book, request } = await setUp({ campaign: false });
    await request();
    await book();
    expect((await jobsWritten())[0]?.request).toMatchObject({ campaignId: partner.defaultCampaignId });
  });

  it('creates a booking when the window has no free slot', async () => {
    const { book, request, visit } = await setUp();
    // No two-hour arrival window fits in ninety minutes.
    const requestId = await request({ hours: 1.5 });
    expect(await book()).toMatchObject({ writes: 1, failed: 0 });
    expect(await jobsWritten()).toHaveLength(0);
    expect(await visit(requestId)).toMatchObject({
      status: 'BOOKING_CREATED',
      bookingId: expect.any(BigInt),
      reason: 'no available slot in the requested window',
    });
  });
});

describe('without realtime capacity scheduling', () => {
  it('creates a booking under the SmartAC.com provider for the office to schedule', async () => {
    const { partner, location, book, request, visit } = await setUp({ capacity: false });
    const requestId = await request({ notes: 'Noisy compressor' });

    expect(await book()).toMatchObject({ checked: 1, writes: 1, backlog: 0, failed: 0 });
    const [write] = await bookingsWritten();
    const provider = (await h.st.listBookingProviderTags().all()).find((t) => t.tagName === 'SmartAC.com');
    expect(write?.path).toBe(`/crm/v2/tenant/${HVAC}/booking-provider/${provider?.id}/bookings`);
    expect(write?.request).toEqual({
      source: 'SmartAC.com',
      name: location.name,
      address: {
        street: location.address.street,
        unit: location.address.unit ?? null,
        city: location.address.city,
        state: location.address.state,
        zip: location.address.zip,
        country: location.address.country,
      },
      summary: "SmartAC.com visit request (HVAC NOT_COOLING). Member's notes: Noisy compressor",
      isFirstTimeClient: false,
      externalId: requestId,
      start: expect.any(String),
      campaignId: partner.campaignId,
      businessUnitId: partner.serviceUnitId,
      jobTypeId: partner.noCoolJobTypeId,
    });
    const bookingId = (write?.response as { id: number }).id;
    expect(await visit(requestId)).toMatchObject({
      status: 'BOOKING_CREATED',
      bookingId: BigInt(bookingId),
      reason: 'capacity scheduling is off',
      jobId: null,
    });

    // Created, then the worker died before recording it: found by its external id, reason kept.
    await h.db.visitRequest.update({ where: { requestId }, data: { status: 'PENDING', bookingId: null, completedAt: null } });
    expect(await book()).toMatchObject({ writes: 0 });
    expect(await bookingsWritten()).toHaveLength(1);
    expect(await visit(requestId)).toMatchObject({ status: 'BOOKING_CREATED', bookingId: BigInt(bookingId), reason: 'capacity scheduling is off' });
  });
});

it('fails a request whose trade and condition have no mapping, with the reason', async () => {
  const { book, request, visit } = await setUp();
  const requestId = await request({ condition: 'LEAKING' });
  expect(await book()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 1 });
  expect(await visit(requestId)).toMatchObject({ status: 'FAILED', reason: 'no Business Unit and Job Type are mapped for HVAC / LEAKING' });
  expect(await h.admin.writes(HVAC)).toEqual([]);
});
