// The sync activities together, against a ServiceTitan that misbehaves: throttling storms, 5xx,
// answers lost after ServiceTitan acted, and credentials it stops accepting. Work is delayed and
// retried (as Temporal retries a pass), never lost or written twice; refused credentials stop
// every pass as CredentialsRejected. Each kind of work on its own: test/integration/sync/.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createSyncActivities, type SyncActivities } from '../../activities/sync';
import { PartnerCredentials } from '../../lib/partner-credentials';
import { InMemoryTokenCache, ServiceTitanClient, TokenBucketRateLimiter } from '../../servicetitan/client';
import { sandboxCredentials, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { WriteKind } from '../../servicetitan/sandbox/writes';
import { CREDENTIALS_REJECTED, SyncFailure } from '../../workflows/failures';
import { APPLICATION_GUID, configurePartner, drain, HVAC, receiveBalance, startSyncHarness, type PartnerSetup, type SyncHarness } from './sync/support';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.state.reset());

const HOUR = 3_600_000;
const LOOKAHEAD_HOURS = 48;

/** Work for every pass, and the writes each kind should end with, exactly. */
async function pendingWork(partner: PartnerSetup) {
  const { partnerId } = partner;
  const locations = await h.st.listLocations({ pageSize: 500 }).all();
  const memberships = await h.st.listMemberships({ active: 'Any', pageSize: 500 }).all();
  const visitsSoon = await h.st
    .listAppointments({
      startsOnOrAfter: new Date().toISOString(),
      startsBefore: new Date(Date.now() + LOOKAHEAD_HOURS * HOUR).toISOString(),
      status: 'Scheduled',
    })
    .all();
  const jobsSoon = await h.st.listJobs({ ids: [...new Set(visitsSoon.map((a) => a.jobId))].join(',') }).all();
  const alertLocation = jobsSoon[0]?.locationId;
  const allJobs = await h.st.listJobs({ pageSize: 500 }).all();
  const isOpen = (job: (typeof allJobs)[number]) => job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled';
  // A member with jobs still to do, who has no membership yet and no hub alert.
  const memberLocation = locations.find(
    (l) => l.id !== alertLocation && !memberships.some((m) => m.customerId === l.customerId) && allJobs.some((j) => j.locationId === l.id && isOpen(j)),
  );
  if (alertLocation === undefined || !memberLocation) throw new Error('the seed lacks visits or customers without memberships');

  for (const [i, location] of locations.slice(0, 12).entries()) await receiveBalance(h.db, partnerId, location.id, 3000 + i, new Date());
  await h.db.hubAlert.create({
    data: {
      id: `evt-${randomUUID()}`,
      partnerId,
      locationId: BigInt(alertLocation),
      hubId: 'hub-1',
      kind: 'hub_offline',
      detail: 'offline',
      raisedAt: new Date(),
    },
  });
  await h.db.member.create({
    data: { partnerId, memberId: 'm-1', locationId: BigInt(memberLocation.id), smartacPlanId: partner.goldPlanId, enrolledAt: new Date() },
  });
  for (const hours of [48, 1.5]) {
    const windowStart = new Date(Date.now() + 24 * HOUR);
    await h.db.visitRequest.create({
      data: {
        requestId: `visit-${randomUUID()}`,
        partnerId,
        memberId: 'm-1',
        locationId: BigInt(memberLocation.id),
        trade: 'HVAC',
        condition: 'NOT_COOLING',
        windowStart,
        windowEnd: new Date(windowStart.getTime() + hours * HOUR),
        status: 'PENDING',
      },
    });
  }
  const openMemberJobs = allJobs.filter((j) => j.locationId === memberLocation.id && isOpen(j));
  const expected: Partial<Record<WriteKind, number>> = {
    'location-update': 12,
    'job-note': jobsSoon.filter((j) => j.locationId === alertLocation).length,
    'location-tag': 1,
    'customer-tag': 1,
    // The open jobs at the member's location (the visit's job is created with the tag).
    'job-update': openMemberJobs.length,
    membership: 1,
    job: 1,
    booking: 1,
  };
  return expected;
}

/** Every pass until nothing waits, each retried as Temporal would. */
async function syncEverything(activities: SyncActivities, partnerId: string): Promise<void> {
  await drain(() => activities.syncComfortCredits({ partnerId }));
  await drain(() => activities.addTechnicianReminders({ partnerId, lookaheadHours: LOOKAHEAD_HOURS }));
  await drain(() => activities.syncTags({ partnerId }));
  await drain(() => activities.syncMemberships({ partnerId }));
  await drain(() => activities.bookPendingVisits({ partnerId }));
}

async function writesByKind(): Promise<Partial<Record<WriteKind, number>>> {
  const counts: Partial<Record<WriteKind, number>> = {};
  for (const write of await h.admin.writes(HVAC)) counts[write.kind] = (counts[write.kind] ?? 0) + 1;
  return counts;
}

async function faultRules(): Promise<{ applied: number }[]> {
  return ((await (await fetch(`${h.sandbox.url}/__sandbox/faults`)).json()) as { rules: { applied: number }[] }).rules;
}

async function expectAllDone(partnerId: string): Promise<void> {
  const balances = await h.db.comfortCreditBalance.findMany({ where: { partnerId } });
  expect(balances.every((b) => b.syncedBalance === b.balance && b.syncedAt !== null)).toBe(true);
  expect(await h.db.member.findFirstOrThrow({ where: { partnerId } })).toMatchObject({
    taggedAt: expect.any(Date),
    membershipId: expect.any(BigInt),
    lastError: null,
  });
  expect((await h.db.visitRequest.findMany({ where: { partnerId } })).map((v) => v.status).sort()).toEqual(['BOOKING_CREATED', 'JOB_BOOKED']);
}

it('loses and duplicates nothing through 429 storms and 5xx', async () => {
  const partner = await configurePartner(h);
  const expected = await pendingWork(partner);
  // A throttling storm longer than the client's own retries, on top of one call in four failing.
  await h.admin.addFault({ pathPrefix: `/crm/v2/tenant/${HVAC}/locations`, status: 429, retryAfterSeconds: 1, times: 5 });
  await h.admin.setFaults({ errorRate: 0.25, errorStatus: 503 });

  await syncEverything(h.activities, partner.partnerId);
  await h.admin.setFaults({ errorRate: 0 });

  expect(await writesByKind()).toEqual(expected);
  await expectAllDone(partner.partnerId);
  // The storm was weathered, and our own pace never drew a 429 from ServiceTitan's limit.
  expect((await faultRules())[0]?.applied).toBe(5);
  expect((await h.admin.stats()).reduce((sum, s) => sum + s.throttled, 0)).toBe(0);
});

it('finds what ServiceTitan created when its answer was lost, instead of creating it again', async () => {
  const partner = await configurePartner(h);
  const expected = await pendingWork(partner);
  // Our client gives up after 250 ms; ServiceTitan takes 500 ms, then acts all the same.
  const impatient = new PartnerCredentials(
    h.db,
    h.encryptionKeys,
    (credentials) =>
      new ServiceTitanClient({
        environment: 'integration',
        authBaseUrl: h.sandbox.url,
        apiBaseUrl: h.sandbox.url,
        appKey: SMARTAC_APP.appKey,
        credentials,
        timeoutMs: 250,
        tokenCache: new InMemoryTokenCache(),
        rateLimiter: new TokenBucketRateLimiter(),
      }),
  );
  for (const operationId of ['Jobs_CreateNote', 'Jobs_Create', 'Bookings_Create', 'CustomerMemberships_Create'])
    await h.admin.addFault({ operationId, latencyMs: 500, times: 1 });

  await syncEverything(createSyncActivities({ db: h.db, credentials: impatient, applicationGuid: APPLICATION_GUID }), partner.partnerId);

  expect((await faultRules()).map((r) => r.applied)).toEqual([1, 1, 1, 1]);
  expect(await writesByKind()).toEqual(expected);
  await expectAllDone(partner.partnerId);
});

describe('credentials ServiceTitan no longer accepts', () => {
  const passes = (partnerId: string): [string, () => Promise<unknown>][] => [
    ['syncComfortCredits', () => h.activities.syncComfortCredits({ partnerId })],
    ['reconcileComfortCredits', () => h.activities.reconcileComfortCredits({ partnerId })],
    ['addTechnicianReminders', () => h.activities.addTechnicianReminders({ partnerId, lookaheadHours: LOOKAHEAD_HOURS })],
    ['syncTags', () => h.activities.syncTags({ partnerId })],
    ['syncMemberships', () => h.activities.syncMemberships({ partnerId })],
    ['bookPendingVisits', () => h.activities.bookPendingVisits({ partnerId })],
  ];
  const { clientId } = sandboxCredentials(HVAC);

  it.each([
    ['revoked', 'invalid_credentials', () => h.admin.revokeCredentials(HVAC, clientId)],
    [
      'the app disconnected',
      'app_not_connected',
      () =>
        fetch(`${h.sandbox.url}/__sandbox/tenants/${HVAC}/apps/${clientId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accessMode: 'not_connected' }),
        }),
    ],
  ])('stop every pass as %s (%s), non-retryable, and record nothing as failed', async (_what, code, refuse) => {
    const partner = await configurePartner(h);
    await pendingWork(partner);
    await refuse();
    for (const [name, pass] of passes(partner.partnerId)) {
      const error = await pass().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect({ name, error }).toEqual({ name, error: expect.any(ApplicationFailure) });
      expect({
        name,
        type: (error as ApplicationFailure).type,
        nonRetryable: (error as ApplicationFailure).nonRetryable,
        details: (error as ApplicationFailure).details,
      }).toEqual({
        name,
        type: CREDENTIALS_REJECTED,
        nonRetryable: true,
        details: [{ code }],
      });
      expect(String((error as ApplicationFailure).message)).not.toContain(sandboxCredentials(HVAC).clientSecret);
    }
    expect(await h.admin.writes(HVAC)).toEqual([]);
    expect(await h.db.member.findFirstOrThrow({ where: { partnerId: partner.partnerId } })).toMatchObject({ lastError: null, membershipSyncedAt: null });
    expect(await h.db.visitRequest.count({ where: { partnerId: partner.partnerId, status: 'PENDING' } })).toBe(2);
  });
});

it('reports a throttle longer than the client waits out as retryable, and records nothing', async () => {
  const partner = await configurePartner(h);
  await pendingWork(partner);
  await h.admin.addFault({ operationId: 'ExportLocations_Locations', status: 429, retryAfterSeconds: 120, times: 1 });
  const error = (await h.activities.syncComfortCredits({ partnerId: partner.partnerId }).catch((e: unknown) => e)) as ApplicationFailure;
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect({ type: error.type, nonRetryable: error.nonRetryable }).toEqual({ type: SyncFailure.Unavailable, nonRetryable: false });
  expect(await h.db.comfortCreditBalance.count({ where: { partnerId: partner.partnerId, syncedBalance: { not: null } } })).toBe(0);
});
