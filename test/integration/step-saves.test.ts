// Saving a configuration step replaces what the step stored before, row for row, in Postgres:
// each step's rows, written with its audit event and snapshot in one statement
// (activities/onboarding/step-row-writes.ts), read back through Prisma exactly as saved.
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createConfigurationActivities } from '../../activities/onboarding/configuration';
import type { AuditEvent } from '../../workflows/onboarding/types';
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
    include: { planMappings: true, jobTypeMappings: true, eligibleServices: true, capacity: true, comfortCredit: true, tag: true, campaign: true },
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

it('a new set sharing keys with the old one: kept keys take their new values, left-out keys go', async () => {
  const setup = await configurePartner(h);
  const { partnerId } = setup;
  await h.db.maintenancePlan.create({ data: { id: `${partnerId}-silver`, partnerId, name: 'Silver' } });
  const plans = (gold: number, silver: number) => [
    { planId: setup.goldPlanId, membershipTypeId: gold },
    { planId: `${partnerId}-silver`, membershipTypeId: silver },
  ];
  await saveStep({ partnerId, request: { step: 'planMappings', input: { mappings: plans(1, 2) } }, resolved: {} });
  await saveStep({ partnerId, request: { step: 'planMappings', input: { mappings: plans(3, 4) } }, resolved: {} });
  const planRows = (await integrationOf(partnerId)).planMappings.map((m) => [m.planId, m.membershipTypeId]).sort();
  expect(planRows).toEqual([
    [setup.goldPlanId, 3n],
    [`${partnerId}-silver`, 4n],
  ]);

  const conditions = await h.db.tradeCondition.findMany({ orderBy: { id: 'asc' } });
  const jobTypes = (offset: number) => conditions.map((tc, i) => ({ tradeConditionId: tc.id, businessUnitId: setup.serviceUnitId, jobTypeId: offset + i }));
  await saveStep({ partnerId, request: { step: 'jobTypeMappings', input: { mappings: jobTypes(2000) } }, resolved: {} });
  const jobTypeRows = (await integrationOf(partnerId)).jobTypeMappings.sort((a, b) => a.tradeConditionId.localeCompare(b.tradeConditionId));
  expect(jobTypeRows.map((m) => Number(m.jobTypeId))).toEqual(conditions.map((_, i) => 2000 + i));

  const service = (serviceId: number, name: string) => ({ serviceId, code: `S${serviceId}`, name });
  await saveStep({
    partnerId,
    request: { step: 'eligibleServices', input: { serviceIds: [101, 102] } },
    resolved: { services: [service(101, 'a'), service(102, 'b')] },
  });
  await saveStep({
    partnerId,
    request: { step: 'eligibleServices', input: { serviceIds: [102, 103] } },
    resolved: { services: [service(102, 'b2'), service(103, 'c')] },
  });
  const serviceRows = (await integrationOf(partnerId)).eligibleServices.map((s) => [Number(s.serviceId), s.name]).sort();
  expect(serviceRows).toEqual([
    [102, 'b2'],
    [103, 'c'],
  ]);
});

it('Comfort Credit field, tag and campaign: each replaces its one row; no campaign removes it', async () => {
  const setup = await configurePartner(h);
  const { partnerId } = setup;
  await saveStep({
    partnerId,
    request: { step: 'comfortCreditField', input: { customFieldName: 'Credits 2' } },
    resolved: { customFieldName: 'Credits 2', customFieldTypeId: 777 },
  });
  await saveStep({ partnerId, request: { step: 'tag', input: { tagName: 'SmartAC 2' } }, resolved: { tagName: 'SmartAC 2', tagTypeId: 888 } });
  await saveStep({ partnerId, request: { step: 'campaign', input: { campaignId: 999 } }, resolved: { campaignName: 'Radio' } });
  const saved = await integrationOf(partnerId);
  expect(saved.comfortCredit).toMatchObject({ customFieldName: 'Credits 2', customFieldTypeId: 777n });
  expect(saved.tag).toMatchObject({ tagName: 'SmartAC 2', tagTypeId: 888n });
  expect(saved.campaign).toMatchObject({ campaignId: 999n, name: 'Radio' });

  await saveStep({ partnerId, request: { step: 'campaign', input: { campaignId: null } }, resolved: {} });
  expect((await integrationOf(partnerId)).campaign).toBeNull();
});

describe('with its audit event', () => {
  const event = (partnerId: string): AuditEvent => ({
    partnerId,
    tenantId: '5550101',
    contactEmail: 'office@coolair.example',
    prerequisites: {} as AuditEvent['prerequisites'],
    actor: { type: 'PARTNER', id: 'admin@coolair.example' },
    action: 'configuration.step_verified',
    from: 'CONFIGURING',
    at: new Date().toISOString(),
    detail: { step: 'tag' },
    snapshot: { state: { partnerId, marker: 'after the tag step' } as never, versionAt: new Date().toISOString(), versionSeq: 42 },
  });
  const inActivity = (runId: string, work: () => Promise<void>) =>
    new MockActivityEnvironment({ workflowExecution: { workflowId: 'onboarding-test', runId }, activityId: '3', activityType: 'verifyAndSaveStep' }).run(work);

  it('saves the step, its event and the snapshot together, and a retried save records the event once', async () => {
    const { partnerId } = await configurePartner(h);
    const save = () =>
      saveStep({
        partnerId,
        request: { step: 'tag', input: { tagName: 'Saved With Event' } },
        resolved: { tagName: 'Saved With Event', tagTypeId: 5 },
        event: event(partnerId),
      });
    await inActivity('run-1', save);
    await inActivity('run-1', save);

    const events = await h.db.auditEvent.findMany({ where: { partnerId, action: 'configuration.step_verified' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fromStatus: 'CONFIGURING', detail: { step: 'tag' } });
    expect((await integrationOf(partnerId)).tag).toMatchObject({ tagName: 'Saved With Event', tagTypeId: 5n });
    expect((await integrationOf(partnerId)).workflowRunId).toBe('run-1');
    const snapshot = await h.db.$queryRaw<
      { state: unknown; version_seq: number }[]
    >`SELECT "state", "version_seq" FROM "integration_states" WHERE "partner_id" = ${partnerId}`;
    expect(snapshot).toEqual([{ state: { partnerId, marker: 'after the tag step' }, version_seq: 42 }]);
  });

  it('a partner with no integration: the save fails, to be retried, and writes nothing', async () => {
    const partnerId = `nobody-${randomUUID().slice(0, 8)}`;
    const save = () =>
      saveStep({ partnerId, request: { step: 'tag', input: { tagName: 'x' } }, resolved: { tagName: 'x', tagTypeId: 1 }, event: event(partnerId) });
    await expect(inActivity('run-1', save)).rejects.toThrow(`${partnerId} has no integration`);
    expect(await h.db.auditEvent.count({ where: { partnerId } })).toBe(0);
    expect(await h.db.$queryRaw<unknown[]>`SELECT 1 FROM "integration_states" WHERE "partner_id" = ${partnerId}`).toEqual([]);
  });
});
