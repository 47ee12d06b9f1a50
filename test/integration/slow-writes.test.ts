// Exactly one write in ServiceTitan when ServiceTitan is slow. A write that takes 25 s (under the
// client's 30 s request timeout, over the pass's 20 s heartbeat timeout) used to be written twice:
// the pass heartbeated only between items, Temporal timed the attempt out while the call was in
// flight, and the retry found nothing yet and wrote again. Now a pass heartbeats while its calls
// are in flight. A write that gets no answer at all (40 s, beyond the request timeout) is looked
// for again no sooner than 30 s later, when a write that landed late is visible: still one.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { WriteKind } from '../../servicetitan/sandbox/writes';
import { addSandboxFault, clearSandboxFaults, deliverEvent, pickLocations, sandboxWrites, visitWindowTomorrow } from '../support/live-events';
import { newPartner, onboardToActive, type LiveSetup, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { sandboxClient } from './servicetitan/support/sandbox-client';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
const withCapacity = SEED_TENANT_IDS.hvac;
const withoutCapacity = SEED_TENANT_IDS.plumbing;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `slow-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, SYNC_INTERVAL_SECONDS: '2' },
  });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

async function visitOutcome(partner: Partner, requestId: string, timeoutMs: number) {
  return waitFor(
    async () => {
      const res = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/${requestId}`, undefined, partner.headers);
      return res.status === 200 && res.body.status !== 'PENDING' && res.body;
    },
    `visit ${requestId} outcome`,
    timeoutMs,
  );
}

describe('a slow ServiceTitan', () => {
  let hvac: Partner;
  let hvacSetup: LiveSetup;
  let plumbing: Partner;
  let places: Awaited<ReturnType<typeof pickLocations>>;

  beforeAll(async () => {
    [hvac, plumbing] = [await newPartner(service, withCapacity), await newPartner(service, withoutCapacity)];
    places = await pickLocations(sandbox, withCapacity);
    [hvacSetup] = await Promise.all([onboardToActive(service, hvac, { capacity: true }), onboardToActive(service, plumbing, { capacity: false })]);
  }, 120_000);
  afterEach(() => clearSandboxFaults(sandbox));

  it('writes each job, booking, note, membership and balance once when every write takes 25 s', async () => {
    for (const operationId of ['Jobs_Create', 'Bookings_Create', 'Jobs_CreateNote', 'CustomerMemberships_Create', 'Locations_Update']) {
      await addSandboxFault(sandbox, { operationId, latencyMs: 25_000 });
    }
    const jobVisit = randomUUID();
    const bookingVisit = randomUUID();
    const [plumbingLocation] = await sandboxClient(sandbox, withoutCapacity).listLocations({ pageSize: 1 }).all();
    const events = [
      deliverEvent(service, hvac.partnerId, 'comfort_credits.balance_changed', { locationId: places.rental, balance: 77, asOf: new Date().toISOString() }),
      deliverEvent(service, hvac.partnerId, 'hub.alert_raised', {
        locationId: places.alertLocation,
        hubId: 'hub-1',
        kind: 'hub_offline',
        detail: 'offline since 9:00',
      }),
      deliverEvent(service, hvac.partnerId, 'member.enrolled', { memberId: 'm-slow', locationId: places.home, smartacPlanId: hvacSetup.planIds[0] }),
      deliverEvent(service, hvac.partnerId, 'visit.requested', {
        requestId: jobVisit,
        memberId: 'm-slow',
        locationId: places.home,
        trade: 'HVAC',
        condition: 'NOT_COOLING',
        ...visitWindowTomorrow(),
        notes: 'Upstairs warm',
      }),
      deliverEvent(service, plumbing.partnerId, 'visit.requested', {
        requestId: bookingVisit,
        memberId: 'm-9',
        locationId: plumbingLocation!.id,
        trade: 'HVAC',
        condition: 'NOT_HEATING',
        ...visitWindowTomorrow(),
        notes: 'No heat',
      }),
    ];
    for (const delivered of await Promise.all(events)) expect(delivered.status).toBe(202);

    const counts = async () => {
      const count = async (tenant: number, kind: WriteKind, match: (path: string, request: string) => boolean) =>
        (await sandboxWrites(sandbox, tenant, kind)).filter((w) => match(w.path, JSON.stringify(w.request))).length;
      return {
        job: await count(withCapacity, 'job', (_, request) => request.includes(jobVisit)),
        booking: await count(withoutCapacity, 'booking', (_, request) => request.includes(bookingVisit)),
        note: await count(withCapacity, 'job-note', (path) => path.includes(`/jobs/${places.alertJobId}/notes`)),
        membership: await count(withCapacity, 'membership', () => true),
        balance: await count(withCapacity, 'location-update', (path, request) => path.endsWith(`/locations/${places.rental}`) && request.includes('"77"')),
      };
    };
    const once = { job: 1, booking: 1, note: 1, membership: 1, balance: 1 };
    await waitFor(async () => Object.values(await counts()).every((n) => n >= 1), 'every slow write landed', 120_000);
    expect(await visitOutcome(hvac, jobVisit, 60_000)).toMatchObject({ status: 'JOB_BOOKED' });
    expect(await visitOutcome(plumbing, bookingVisit, 60_000)).toMatchObject({ status: 'BOOKING_CREATED' });
    // A second attempt would have started 22 s into the first and written 25 s later.
    await new Promise((r) => setTimeout(r, 30_000));
    expect(await counts()).toEqual(once);
  }, 300_000);

  it('finds a job create that got no answer instead of creating it again', async () => {
    // 40 s: the client gives up after 30 s, ServiceTitan creates the job 10 s later.
    await addSandboxFault(sandbox, { operationId: 'Jobs_Create', latencyMs: 40_000, times: 1 });
    const requestId = randomUUID();
    const sentAt = Date.now();
    const delivered = await deliverEvent(service, hvac.partnerId, 'visit.requested', {
      requestId,
      memberId: 'm-late',
      locationId: places.home,
      trade: 'HVAC',
      condition: 'NOT_COOLING',
      ...visitWindowTomorrow(),
      notes: 'Late answer',
    });
    expect(delivered.status).toBe(202);
    const outcome = await visitOutcome(hvac, requestId, 150_000);
    // Until the slow create has landed, a second job could not be seen yet.
    await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 45_000 - Date.now())));
    const jobs = (await sandboxWrites(sandbox, withCapacity, 'job')).filter((w) => JSON.stringify(w.request).includes(requestId));
    expect(jobs).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'JOB_BOOKED', jobId: (jobs[0]!.response as { id: number }).id });
  }, 240_000);
});
