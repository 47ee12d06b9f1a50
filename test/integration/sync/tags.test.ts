// Tagging: members' locations and customers, and the open jobs at member locations, carry the
// SmartAC tag type; nothing is tagged twice.
import type { Job } from '../../../servicetitan/client';
import { configurePartner, HVAC, startSyncHarness, type PartnerSetup, type SyncHarness } from './support';

let h: SyncHarness;
let partner: PartnerSetup;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.sandbox.state.reset();
  partner = await configurePartner(h);
});

const sync = () => h.activities.syncTags({ partnerId: partner.partnerId });
const isOpen = (job: Job) => job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled';

async function enroll(memberId: string, locationId: number): Promise<void> {
  await h.db.member.create({
    data: { partnerId: partner.partnerId, memberId, locationId: BigInt(locationId), smartacPlanId: partner.goldPlanId, enrolledAt: new Date() },
  });
}

/** Two locations of different customers, the first with jobs still to do. */
async function memberLocations() {
  const jobs = await h.st.listJobs({ jobStatus: 'Scheduled', pageSize: 500 }).all();
  const withWork = jobs[0];
  if (!withWork) throw new Error('the seed has no scheduled jobs');
  const other = (await h.st.listLocations({ pageSize: 500 }).all()).find((l) => l.customerId !== withWork.customerId);
  if (!other) throw new Error('the seed has one customer only');
  return { busy: await h.st.getLocation(withWork.locationId), quiet: other };
}

async function openJobsAt(locationIds: number[]): Promise<number[]> {
  const jobs = await h.st.listJobs({ pageSize: 500 }).all();
  return jobs
    .filter((j) => locationIds.includes(j.locationId) && isOpen(j))
    .map((j) => j.id)
    .sort();
}

it('tags members’ locations, customers and open jobs once', async () => {
  const { busy, quiet } = await memberLocations();
  await enroll('m-busy', busy.id);
  await enroll('m-quiet', quiet.id);
  const expectedJobs = await openJobsAt([busy.id, quiet.id]);
  expect(expectedJobs.length).toBeGreaterThan(0);

  const first = await sync();
  expect(first).toMatchObject({ writes: 2 + 2 + expectedJobs.length, backlog: 0, failed: 0 });
  expect((await h.admin.writes(HVAC, 'location-tag')).map((w) => w.path).sort()).toEqual(
    [busy.id, quiet.id].map((id) => `/crm/v2/tenant/${HVAC}/locations/${id}/tags/${partner.tagTypeId}`).sort(),
  );
  expect((await h.admin.writes(HVAC, 'customer-tag')).map((w) => w.path).sort()).toEqual(
    [busy.customerId, quiet.customerId].map((id) => `/crm/v2/tenant/${HVAC}/customers/${id}/tags/${partner.tagTypeId}`).sort(),
  );
  const jobUpdates = await h.admin.writes(HVAC, 'job-update');
  expect(jobUpdates.map((w) => Number(w.path.split('/').pop())).sort()).toEqual(expectedJobs);
  for (const id of expectedJobs) expect((await h.st.getJob(id)).tagTypeIds).toContain(partner.tagTypeId);
  const members = await h.db.member.findMany({ where: { partnerId: partner.partnerId }, orderBy: { memberId: 'asc' } });
  expect(members).toEqual([
    expect.objectContaining({ memberId: 'm-busy', taggedAt: expect.any(Date), customerId: BigInt(busy.customerId) }),
    expect.objectContaining({ memberId: 'm-quiet', taggedAt: expect.any(Date), customerId: BigInt(quiet.customerId) }),
  ]);

  // Again, and again after "crashing" before recording: ServiceTitan already has every tag.
  expect(await sync()).toMatchObject({ writes: 0 });
  await h.db.member.updateMany({ where: { partnerId: partner.partnerId }, data: { taggedAt: null } });
  expect(await sync()).toMatchObject({ writes: 0 });
  const allWrites = await h.admin.writes(HVAC);
  expect(allWrites).toHaveLength(4 + expectedJobs.length);
});

it('tags a job booked later at a member’s location, from the jobs feed', async () => {
  const { quiet } = await memberLocations();
  await enroll('m-1', quiet.id);
  await sync();
  const jobType = (await h.st.listJobTypes({ name: 'AC Tune-Up' }).all())[0];
  if (!jobType) throw new Error('seed is missing data');
  const start = new Date(Math.ceil((Date.now() + 5 * 86_400_000) / 3_600_000) * 3_600_000);
  const job = await h.st.createJob({
    customerId: quiet.customerId,
    locationId: quiet.id,
    businessUnitId: jobType.businessUnitIds[0] ?? 0,
    jobTypeId: jobType.id,
    priority: 'Normal',
    campaignId: partner.defaultCampaignId,
    appointments: [{ start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() }],
  });

  expect(await sync()).toMatchObject({ writes: 1, backlog: 0 });
  expect((await h.st.getJob(job.id)).tagTypeIds).toEqual([partner.tagTypeId]);
});

it('records ServiceTitan’s answer for a member whose location it does not have, and retries it only after six hours', async () => {
  await enroll('m-gone', 999_999_999);
  const where = { partnerId_memberId: { partnerId: partner.partnerId, memberId: 'm-gone' } };
  expect(await sync()).toMatchObject({
    writes: 0,
    failed: 1,
    backlog: 0,
    failing: 1,
    lastItemError: {
      item: 'member m-gone (location 999999999)',
      message: expect.stringMatching(/GET \/crm\/v2\/tenant\/\d+\/locations\/999999999 answered 404/),
    },
  });
  expect(await h.db.member.findUniqueOrThrow({ where })).toMatchObject({
    taggedAt: null,
    lastError: expect.stringMatching(/^tagging: ServiceTitan GET .*locations\/999999999 answered 404/),
    failedAt: expect.any(Date),
  });
  // Still refused, not tried again: the child stays partial/failed meanwhile.
  expect(await sync()).toMatchObject({ failed: 0, failing: 1 });
  await h.db.member.update({ where, data: { failedAt: new Date(Date.now() - 6 * 3600_000 - 1000) } });
  expect(await sync()).toMatchObject({ failed: 1, failing: 1 });
});
