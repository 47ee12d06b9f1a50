// The live integration end to end: signed SmartAC events in through our HTTP API, the onboarding's
// sync children on the real Temporal dev server, and their effect in the ServiceTitan sandbox's
// record of writes. Balances per location (newest wins, written once), one note per alert per
// job, tags, a membership, visits booked as jobs (capacity on) or bookings (off); revoked
// credentials put the integration in NEEDS_ATTENTION and rotation resumes it; disconnect stops
// the children.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { WriteKind } from '../../servicetitan/sandbox/writes';
import { SYNC_CHILDREN, syncWorkflowId } from '../../workflows/sync/types';
import { listEmails, waitForEmail } from '../support/inbox';
import { deliverEvent, pickLocations as pickSandboxLocations, sandboxWrites } from '../support/live-events';
import { newPartner, onboardToActive, type LiveSetup, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { sandboxClient } from './servicetitan/support/sandbox-client';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `live-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, SYNC_INTERVAL_SECONDS: '2' },
  });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const deliver = (partnerId: string, type: string, data: Record<string, unknown>, id?: string) => deliverEvent(service, partnerId, type, data, id);
const writes = (tenantId: number, kind: WriteKind) => sandboxWrites(sandbox, tenantId, kind);
const stClient = (tenantId: number) => sandboxClient(sandbox, tenantId);
const pickLocations = (tenantId: number) => pickSandboxLocations(sandbox, tenantId);

describe('live integration', () => {
  let partner: Partner;
  let setup: LiveSetup;
  let places: Awaited<ReturnType<typeof pickLocations>>;
  const tenant = SEED_TENANT_IDS.hvac;

  beforeAll(async () => {
    partner = await newPartner(service, tenant);
    places = await pickLocations(tenant);
    // Events that arrive before the integration is live are kept and applied once it is.
    expect(
      (await deliver(partner.partnerId, 'comfort_credits.balance_changed', { locationId: places.rental, balance: 40, asOf: new Date().toISOString() })).status,
    ).toBe(202);
    setup = await onboardToActive(service, partner, { capacity: true });
  });

  it('keeps each location’s newest Comfort Credit balance in ServiceTitan, written once', async () => {
    const fieldWrites = async (locationId: number) =>
      (await writes(tenant, 'location-update'))
        .filter((w) => w.path.endsWith(`/locations/${locationId}`))
        .map(
          (w) => (w.request as { customFields: { typeId: number; value: string }[] }).customFields.find((f) => f.typeId === setup.comfortCreditFieldId)?.value,
        );
    const newer = new Date().toISOString();
    const older = new Date(Date.now() - 3600_000).toISOString();
    const eventId = randomUUID();
    expect(
      (await deliver(partner.partnerId, 'comfort_credits.balance_changed', { locationId: places.home, balance: 120, asOf: newer }, eventId)).body,
    ).toMatchObject({ duplicate: false });
    expect((await deliver(partner.partnerId, 'comfort_credits.balance_changed', { locationId: places.home, balance: 80, asOf: older })).status).toBe(202);
    expect(
      (await deliver(partner.partnerId, 'comfort_credits.balance_changed', { locationId: places.home, balance: 120, asOf: newer }, eventId)).body,
    ).toMatchObject({ duplicate: true });

    await waitFor(
      async () => (await fieldWrites(places.home)).includes('120') && (await fieldWrites(places.rental)).includes('40'),
      'balances written',
      30_000,
    );
    // Another few passes change nothing: unchanged balances are not written again.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await fieldWrites(places.home)).toEqual(['120']);
    expect(await fieldWrites(places.rental)).toEqual(['40']);
    const location = await stClient(tenant).getLocation(places.home);
    expect(location.customFields?.find((f) => f.typeId === setup.comfortCreditFieldId)?.value).toBe('120');
  });

  it('adds one technician note per alert per job, and one more for a new alert', async () => {
    const notesFor = async () => (await writes(tenant, 'job-note')).filter((w) => w.path.includes(`/jobs/${places.alertJobId}/notes`));
    const raise = (kind: string) =>
      deliver(partner.partnerId, 'hub.alert_raised', { locationId: places.alertLocation, hubId: 'hub-1', kind, detail: `${kind} since 9:00` });
    await raise('hub_offline');
    await waitFor(async () => (await notesFor()).length === 1, 'first note', 30_000);
    await raise('hub_offline'); // the same alert again: no new note
    await new Promise((r) => setTimeout(r, 5000));
    expect(await notesFor()).toHaveLength(1);
    await raise('air_filter');
    await waitFor(async () => (await notesFor()).length === 2, 'second note', 30_000);
    expect(JSON.stringify((await notesFor()).map((w) => w.request))).toMatch(/air filter/i);
  });

  it('enrolls a member once and tags what belongs to them', async () => {
    await deliver(partner.partnerId, 'member.enrolled', { memberId: 'm-1', locationId: places.home, smartacPlanId: setup.planIds[0] });
    await deliver(partner.partnerId, 'member.enrolled', { memberId: 'm-1', locationId: places.home, smartacPlanId: setup.planIds[0] });
    await waitFor(
      async () => (await writes(tenant, 'membership')).length >= 1 && (await writes(tenant, 'customer-tag')).length >= 1,
      'membership and tags',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await writes(tenant, 'membership')).toHaveLength(1);
    expect((await writes(tenant, 'customer-tag')).every((w) => JSON.stringify(w).includes(String(setup.tagTypeId)))).toBe(true);
  });

  it('books a visit into an available slot as a job with the campaign and the tag', async () => {
    const start = new Date(Date.now() + 24 * 3600_000);
    start.setUTCHours(8, 0, 0, 0);
    const end = new Date(start.getTime() + 10 * 3600_000);
    const requestId = randomUUID();
    await deliver(partner.partnerId, 'visit.requested', {
      requestId,
      memberId: 'm-1',
      locationId: places.home,
      trade: 'HVAC',
      condition: 'NOT_COOLING',
      windowStart: start.toISOString(),
      windowEnd: end.toISOString(),
      notes: 'Upstairs warm',
    });
    const outcome = await waitFor(
      async () => {
        const res = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/${requestId}`, undefined, partner.headers);
        return res.body?.status !== 'PENDING' && res.status === 200 && res.body;
      },
      'visit outcome',
      30_000,
    );
    expect(outcome).toMatchObject({ status: 'JOB_BOOKED', jobId: expect.any(Number) });
    const job = (await writes(tenant, 'job')).find((w) => (w.response as { id: number }).id === outcome.jobId)!;
    expect(job.request).toMatchObject({ campaignId: setup.campaignId, tagTypeIds: expect.arrayContaining([setup.tagTypeId]) });
  });

  it('pauses in NEEDS_ATTENTION when the credentials are revoked, emails once, and resumes after rotation', async () => {
    const { clientId } = sandboxCredentials(tenant);
    await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/apps/${clientId}/revoke-credentials`, { method: 'POST' });
    await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/apps/${clientId}/revoke-tokens`, { method: 'POST' });
    await deliver(partner.partnerId, 'comfort_credits.balance_changed', { locationId: places.home, balance: 150, asOf: new Date().toISOString() });
    await waitFor(async () => (await partner.call('GET', '')).body.status === 'NEEDS_ATTENTION', 'needs attention', 60_000);
    const email = await waitForEmail(partner.contactEmail, /action needed/i);
    expect(email).toBeDefined();

    const renewed = (await (await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/apps/${clientId}/new-secret`, { method: 'POST' })).json()) as {
      clientId: string;
      clientSecret: string;
    };
    const rotated = await partner.call('PUT', '/credentials', renewed);
    expect(rotated.body.status).toBe('ACTIVE');
    await waitFor(
      async () =>
        (await writes(tenant, 'location-update')).some((w) => w.path.endsWith(`/locations/${places.home}`) && JSON.stringify(w.request).includes('"150"')),
      'balance written after rotation',
      30_000,
    );
    // The pass writes its child's health to the read model as it ends, a moment after its last write.
    const state = await waitFor(
      async () => {
        const body = (await partner.call('GET', '')).body;
        return body.sync.children.comfortCredits.lastResult === 'ok' && body;
      },
      'the pass after rotation reported',
      10_000,
    );
    expect(state.sync.children.comfortCredits).toMatchObject({ lastResult: 'ok', paused: false });
    const attentionEmails = (await listEmails()).filter((e) => e.to.some((t) => t.address === partner.contactEmail) && /action needed/i.test(e.subject));
    expect(attentionEmails).toHaveLength(1);
  });

  it('stops every child on disconnect, and the state says so', async () => {
    await waitFor(async () => (await partner.call('GET', '')).body.sync?.children.tagging?.lastResult === 'ok', 'tagging reported');
    expect((await partner.call('DELETE', '')).body.status).toBe('DISCONNECTED');
    for (const child of SYNC_CHILDREN) {
      const handle = temporal.client.workflow.getHandle(syncWorkflowId(partner.partnerId, child));
      await waitFor(async () => (await handle.describe()).status.name === 'CANCELLED', `${child} stopped`);
    }
    // Not the children's last healthy reports: every child, and the integration's sync, stopped.
    const state = (await partner.call('GET', '')).body;
    expect(state.sync.health).toBe('stopped');
    for (const child of SYNC_CHILDREN) expect(state.sync.children[child]).toMatchObject({ lastResult: 'stopped' });
  });
});

describe('live integration without capacity scheduling', () => {
  it('turns a visit request into a booking for the office', async () => {
    const tenant = SEED_TENANT_IDS.plumbing;
    const partner = await newPartner(service, tenant);
    await onboardToActive(service, partner, { capacity: false });
    const [location] = await stClient(tenant).listLocations({ pageSize: 1 }).all();
    const requestId = randomUUID();
    const start = new Date(Date.now() + 48 * 3600_000);
    await deliver(partner.partnerId, 'visit.requested', {
      requestId,
      memberId: 'm-9',
      locationId: location!.id,
      trade: 'HVAC',
      condition: 'NOT_HEATING',
      windowStart: start.toISOString(),
      windowEnd: new Date(start.getTime() + 4 * 3600_000).toISOString(),
      notes: 'No heat',
    });
    const outcome = await waitFor(
      async () => {
        const res = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/${requestId}`, undefined, partner.headers);
        return res.status === 200 && res.body.status !== 'PENDING' && res.body;
      },
      'visit outcome',
      30_000,
    );
    expect(outcome).toMatchObject({ status: 'BOOKING_CREATED', bookingId: expect.any(Number), reason: expect.stringMatching(/capacity/i) });
    expect((await writes(tenant, 'booking')).map((w) => (w.request as { externalId: string }).externalId)).toContain(requestId);
    await partner.call('DELETE', '');
  });
});
