// Memberships: an enrolled member's location gets a ServiceTitan membership of the mapped type,
// sold once, with the sale fields ServiceTitan requires.
import type { Location } from '../../../servicetitan/client';
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

const sync = () => h.activities.syncMemberships({ partnerId: partner.partnerId });
const sales = () => h.admin.writes(HVAC, 'membership');
const member = (memberId: string) => h.db.member.findUniqueOrThrow({ where: { partnerId_memberId: { partnerId: partner.partnerId, memberId } } });

async function enroll(memberId: string, locationId: number, planId = partner.goldPlanId): Promise<void> {
  await h.db.member.create({ data: { partnerId: partner.partnerId, memberId, locationId: BigInt(locationId), smartacPlanId: planId, enrolledAt: new Date() } });
}

/** A location whose customer has no membership yet. */
async function locationWithoutMembership(): Promise<Location> {
  const memberships = await h.st.listMemberships({ active: 'Any', pageSize: 500 }).all();
  const taken = new Set(memberships.map((m) => m.customerId));
  const location = (await h.st.listLocations({ pageSize: 500 }).all()).find((l) => !taken.has(l.customerId));
  if (!location) throw new Error('every seeded customer has a membership');
  return location;
}

it('sells the mapped membership once, with the sale task, option and Business Unit it needs', async () => {
  const location = await locationWithoutMembership();
  await enroll('m-1', location.id);
  const saleTask = (await h.st.listServices({ searchText: 'Comfort Club Gold' }).all()).find((s) => s.code === 'MBR-SALE-GOLD');
  const [option] = await h.st.listMembershipDurationBilling(partner.goldMembershipTypeId);

  expect(await sync()).toMatchObject({ checked: 1, writes: 1, backlog: 0, failed: 0 });
  const [sale] = await sales();
  expect(sale?.request).toEqual({
    customerId: location.customerId,
    businessUnitId: partner.maintenanceUnitId,
    saleTaskId: saleTask?.id,
    durationBillingId: option?.id,
    locationId: location.id,
    recurringServiceAction: 'Single',
    recurringLocationId: location.id,
  });
  const membershipId = (sale?.response as { customerMembershipId: number }).customerMembershipId;
  expect(await member('m-1')).toMatchObject({
    customerId: BigInt(location.customerId),
    membershipId: BigInt(membershipId),
    membershipSyncedAt: expect.any(Date),
    lastError: null,
  });

  expect(await sync()).toMatchObject({ checked: 0, writes: 0, backlog: 0, failed: 0 });
  // Sold, then the worker died before recording it: the next pass finds the membership.
  await h.db.member.updateMany({ where: { partnerId: partner.partnerId }, data: { membershipId: null, membershipSyncedAt: null } });
  expect(await sync()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 0 });
  expect(await sales()).toHaveLength(1);
  expect((await member('m-1')).membershipId).toBe(BigInt(membershipId));
});

it('records a membership of that type the customer already has instead of selling one', async () => {
  const [existing] = (await h.st.listMemberships({ status: 'Active', pageSize: 500 }).all()).filter((m) => m.locationId != null);
  if (!existing?.locationId) throw new Error('the seed has no membership at a location');
  await h.db.planMapping.updateMany({ where: { planId: partner.goldPlanId }, data: { membershipTypeId: BigInt(existing.membershipTypeId) } });
  await enroll('m-2', existing.locationId);

  expect(await sync()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 0 });
  expect(await sales()).toHaveLength(0);
  expect((await member('m-2')).membershipId).toBe(BigInt(existing.id));
});

it('records a plan without a mapping, and tries again once the mappings are saved', async () => {
  const location = await locationWithoutMembership();
  await h.db.maintenancePlan.create({ data: { id: `${partner.partnerId}-silver`, partnerId: partner.partnerId, name: 'Smart Maintenance Silver' } });
  await enroll('m-3', location.id, `${partner.partnerId}-silver`);

  expect(await sync()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 1 });
  expect((await member('m-3')).lastError).toBe(`membership: the SmartAC plan ${partner.partnerId}-silver is not mapped to a ServiceTitan membership type`);
  expect(await sync()).toMatchObject({ checked: 0, writes: 0, backlog: 0, failed: 0 });

  // The partner maps the plan (saving the step stamps every mapping).
  const integration = await h.db.integration.findUniqueOrThrow({ where: { partnerId: partner.partnerId } });
  const savedAt = new Date();
  await h.db.planMapping.updateMany({ where: { integrationId: integration.id }, data: { verifiedAt: savedAt } });
  await h.db.planMapping.create({
    data: { integrationId: integration.id, planId: `${partner.partnerId}-silver`, membershipTypeId: BigInt(partner.goldMembershipTypeId), verifiedAt: savedAt },
  });
  expect(await sync()).toMatchObject({ checked: 1, writes: 1, backlog: 0, failed: 0 });
  expect(await member('m-3')).toMatchObject({ membershipId: expect.any(BigInt), lastError: null });
});

it('keeps ServiceTitan’s answer for a member whose location it does not have, counts it as refused, and retries it after six hours', async () => {
  await enroll('m-gone', 999_999_999);
  expect(await sync()).toMatchObject({
    checked: 1,
    failed: 1,
    failing: 1,
    succeeded: 0,
    lastItemError: {
      item: 'member m-gone (location 999999999)',
      message: expect.stringMatching(/GET \/crm\/v2\/tenant\/\d+\/locations\/999999999 answered 404/),
    },
  });
  expect(await member('m-gone')).toMatchObject({
    lastError: expect.stringMatching(/^membership: ServiceTitan GET .* answered 404/),
    failedAt: expect.any(Date),
  });
  // Not tried at every pass, yet still reported as refused.
  expect(await sync()).toMatchObject({ checked: 0, failed: 0, failing: 1 });
  await h.db.member.update({
    where: { partnerId_memberId: { partnerId: partner.partnerId, memberId: 'm-gone' } },
    data: { membershipSyncedAt: new Date(Date.now() - 6 * 3600_000 - 1000) },
  });
  expect(await sync()).toMatchObject({ checked: 1, failed: 1, failing: 1 });
});
