// Saving a configuration step replaces what the step stored before, row for row, in Postgres:
// the mappings, services and capacity settings written as plain SQL with their rows as arrays
// (activities/onboarding/step-row-writes.ts) read back through Prisma exactly as saved.
import { createConfigurationActivities } from '../../activities/onboarding/configuration';
import { configurePartner, startSyncHarness, type SyncHarness } from './sync/support';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());

const saveStep = (...args: Parameters<ReturnType<typeof createConfigurationActivities>['saveStep']>) =>
  createConfigurationActivities({ db: h.db, credentials: h.credentials }).saveStep(...args);

async function integrationOf(partnerId: string) {
  return h.db.integration.findUniqueOrThrow({
    where: { partnerId },
    include: { planMappings: true, jobTypeMappings: true, eligibleServices: true, capacity: true },
  });
}

it('plan mappings: the new set replaces the old one', async () => {
  const setup = await configurePartner(h);
  const { partnerId } = setup;
  await h.db.maintenancePlan.create({ data: { id: `${partnerId}-silver`, partnerId, name: "Silver 'Plus' \u2014 \u00e9t\u00e9" } });
  const mappings = [
    { planId: setup.goldPlanId, membershipTypeId: 9_007_199_254_740 },
    { planId: `${partnerId}-silver`, membershipTypeId: 12 },
  ];
  await saveStep({ partnerId, request: { step: 'planMappings', input: { mappings } }, resolved: {} });

  const saved = await integrationOf(partnerId);
  expect(saved.planMappings.map((m) => [m.planId, m.membershipTypeId]).sort()).toEqual([
    [setup.goldPlanId, 9_007_199_254_740n],
    [`${partnerId}-silver`, 12n],
  ]);
  expect(new Set(saved.planMappings.map((m) => m.id)).size).toBe(2);

  await saveStep({ partnerId, request: { step: 'planMappings', input: { mappings: [mappings[1]!] } }, resolved: {} });
  expect((await integrationOf(partnerId)).planMappings.map((m) => m.planId)).toEqual([`${partnerId}-silver`]);
});

it('job type mappings: one row per trade condition, replaced on the next save', async () => {
  const setup = await configurePartner(h);
  const { partnerId } = setup;
  const conditions = await h.db.tradeCondition.findMany({ orderBy: { id: 'asc' } });
  const mappings = conditions.map((tc, i) => ({ tradeConditionId: tc.id, businessUnitId: setup.serviceUnitId, jobTypeId: 1000 + i }));
  const before = Date.now();
  await saveStep({ partnerId, request: { step: 'jobTypeMappings', input: { mappings } }, resolved: {} });
  const after = Date.now();

  const saved = (await integrationOf(partnerId)).jobTypeMappings.sort((a, b) => a.tradeConditionId.localeCompare(b.tradeConditionId));
  expect(saved.map((m) => [m.tradeConditionId, Number(m.businessUnitId), Number(m.jobTypeId)])).toEqual(
    mappings.map((m) => [m.tradeConditionId, m.businessUnitId, m.jobTypeId]),
  );
  // The save's own time, as the instant it was (timestamptz, not shifted by a time zone).
  for (const { verifiedAt } of saved) expect(verifiedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
  for (const { verifiedAt } of saved) expect(verifiedAt.getTime()).toBeLessThanOrEqual(after);
});

it('eligible services: what ServiceTitan resolved, names and codes as they are', async () => {
  const { partnerId } = await configurePartner(h);
  const services = [
    { serviceId: 101, code: 'AC-TUNE', name: 'A/C "Tune-Up" \\ 50% off' },
    { serviceId: 102, code: 'FLT', name: 'Filtre \u00e0 air, {1,2}' },
  ];
  await saveStep({ partnerId, request: { step: 'eligibleServices', input: { serviceIds: [101, 102] } }, resolved: { services } });

  const saved = (await integrationOf(partnerId)).eligibleServices.sort((a, b) => Number(a.serviceId - b.serviceId));
  expect(saved.map((s) => ({ serviceId: Number(s.serviceId), code: s.code, name: s.name }))).toEqual(services);
});

it('capacity scheduling: enabled with its Business Units, then disabled with none', async () => {
  const setup = await configurePartner(h);
  const { partnerId } = setup;
  const units = [setup.serviceUnitId, setup.maintenanceUnitId];
  await saveStep({ partnerId, request: { step: 'capacityScheduling', input: { enabled: true, businessUnitIds: units } }, resolved: {} });
  expect((await integrationOf(partnerId)).capacity).toMatchObject({ enabled: true, businessUnitIds: units.map(BigInt) });

  await saveStep({ partnerId, request: { step: 'capacityScheduling', input: { enabled: false } }, resolved: {} });
  expect((await integrationOf(partnerId)).capacity).toMatchObject({ enabled: false, businessUnitIds: [] });
});
