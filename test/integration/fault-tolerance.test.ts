// One live integration through what a real deployment meets, all in one run: ServiceTitan slow,
// throttling (429) and failing (503) at random, the worker killed in the middle of a pass, and the
// database frozen for 20 s while events keep arriving. Every event is applied exactly once, nothing
// is written to ServiceTitan twice, no workflow is wedged (the integration still answers and can
// be disconnected), and the histories these workflows wrote replay against today's code.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite } from '../../servicetitan/sandbox/writes';
import { onboardingWorkflowId } from '../../workflows/onboarding/types';
import { SYNC_CHILDREN, syncWorkflowId } from '../../workflows/sync/types';
import { addSandboxFault, clearSandboxFaults, deliverEvent, sandboxWrites, visitWindowTomorrow } from '../support/live-events';
import { newPartner, onboardToActive, type LiveSetup, type Partner } from '../support/partners';
import { startPausableProxy, type PausableProxy } from '../support/pausable-proxy';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { workflowBundle } from '../support/workflow-bundle';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { sandboxClient } from './servicetitan/support/sandbox-client';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let database: PausableProxy;
let service: TestService;
let workers: WorkerProcess[] = [];
let workerEnv: NodeJS.ProcessEnv;
const tenant = SEED_TENANT_IDS.hvac;

beforeAll(async () => {
  const direct = new URL(process.env.DATABASE_URL!);
  [temporal, sandbox, database] = await Promise.all([startTestTemporal(), startSandbox(), startPausableProxy(direct.hostname, Number(direct.port))]);
  const env = {
    SERVICETITAN_AUTH_URL: sandbox.url,
    SERVICETITAN_API_URL: sandbox.url,
    SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
    SYNC_INTERVAL_SECONDS: '2',
    DATABASE_URL: database.urlFor(process.env.DATABASE_URL!),
  };
  const taskQueue = `faults-${randomUUID()}`;
  service = await startTestService(temporal, taskQueue, { env, inProcessWorker: false });
  workerEnv = { ...env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PUBLIC_BASE_URL: service.baseUrl, LOG_LEVEL: 'info' };
  workers.push(await startWorkerProcess(workerEnv));
});
afterAll(async () => {
  database?.resume();
  for (const worker of workers) await worker.stop();
  await service?.stop();
  await database?.close();
  await sandbox?.close();
  await temporal?.teardown();
});

/** Delivers an event the way the platform does: again after a 5xx or no answer, same id. */
async function deliverUntilAccepted(partner: Partner, type: string, data: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const res = await deliverEvent(service, partner.partnerId, type, data, id).catch(() => undefined);
    if (res && res.status < 500) {
      expect(res.status).toBe(202);
      return id;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`event ${id} was never accepted`);
}

it('applies every event once and writes nothing twice through faults, a worker crash and a frozen database', async () => {
  const partner = await newPartner(service, tenant);
  const setup: LiveSetup = await onboardToActive(service, partner, { capacity: true });
  const locations = (await sandboxClient(sandbox, tenant).listLocations({ pageSize: 24 }).page()).data.map((l) => l.id);
  expect(locations).toHaveLength(24);
  const balanceOf = (i: number) => 300 + i;
  const balanceEvent = (i: number) =>
    deliverUntilAccepted(partner, 'comfort_credits.balance_changed', { locationId: locations[i], balance: balanceOf(i), asOf: new Date().toISOString() });

  // ServiceTitan from now on: every call 150 ms slower, one in six answered 503, balances throttled.
  await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorRate: 0.17, errorStatus: 503, latencyMs: 150 }),
  });
  await addSandboxFault(sandbox, { operationId: 'Locations_Update', status: 429, retryAfterSeconds: 1, times: 6 });
  await addSandboxFault(sandbox, { operationId: 'Locations_Update', latencyMs: 500 });

  // Phase 1: events while a worker runs; it is killed while balances are being written.
  const visitId = randomUUID();
  await deliverUntilAccepted(partner, 'member.enrolled', { memberId: 'm-faults', locationId: locations[0], smartacPlanId: setup.planIds[0] });
  await deliverUntilAccepted(partner, 'visit.requested', {
    requestId: visitId,
    memberId: 'm-faults',
    locationId: locations[0],
    trade: 'HVAC',
    condition: 'NOT_COOLING',
    ...visitWindowTomorrow(),
    notes: 'Faults',
  });
  for (let i = 0; i < 8; i += 1) await balanceEvent(i);
  const balanceWrites = async (): Promise<RecordedWrite[]> =>
    (await sandboxWrites(sandbox, tenant, 'location-update')).filter((w) => JSON.stringify(w.request).includes(`"typeId":${setup.comfortCreditFieldId}`));
  await waitFor(async () => (await balanceWrites()).length >= 1, 'a balance written', 60_000);
  await workers[0]!.kill();
  workers.push(await startWorkerProcess(workerEnv));

  // Phase 2: the database freezes for 20 s while events keep arriving.
  database.pause();
  let answeredDuringFreeze = false;
  const duringFreeze = Promise.all([8, 9, 10, 11, 12, 13, 14, 15].map(balanceEvent)).finally(() => (answeredDuringFreeze = true));
  await new Promise((r) => setTimeout(r, 20_000));
  expect(answeredDuringFreeze).toBe(false); // the freeze is real: accepting an event needs the database
  database.resume();
  await duringFreeze;

  // Phase 3: more events after it.
  for (let i = 16; i < locations.length; i += 1) await balanceEvent(i);

  await waitFor(async () => new Set((await balanceWrites()).map((w) => w.path)).size === locations.length, 'every balance written', 180_000);
  await waitFor(
    async () => (await sandboxWrites(sandbox, tenant, 'job')).some((w) => JSON.stringify(w.request).includes(visitId)),
    'the visit booked',
    120_000,
  );
  await clearSandboxFaults(sandbox);
  await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorRate: 0, latencyMs: 0 }),
  });
  await new Promise((r) => setTimeout(r, 5_000));

  // Exactly once: one write per location with its own balance, one membership, one job.
  const perLocation = new Map<string, string[]>();
  for (const w of await balanceWrites()) {
    const value = (w.request as { customFields: { typeId: number; value: string }[] }).customFields.find((f) => f.typeId === setup.comfortCreditFieldId)?.value;
    perLocation.set(w.path, [...(perLocation.get(w.path) ?? []), String(value)]);
  }
  expect(Object.fromEntries(perLocation)).toEqual(
    Object.fromEntries(locations.map((id, i) => [`/crm/v2/tenant/${tenant}/locations/${id}`, [String(balanceOf(i))]])),
  );
  expect(await sandboxWrites(sandbox, tenant, 'membership')).toHaveLength(1);
  expect((await sandboxWrites(sandbox, tenant, 'job')).filter((w) => JSON.stringify(w.request).includes(visitId))).toHaveLength(1);
  const visit = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/visits/${visitId}`, undefined, partner.headers);
  expect(visit.body).toMatchObject({ status: 'JOB_BOOKED' });

  // Nothing wedged: the integration answers, and a disconnect goes through.
  expect((await partner.call('GET', '')).body.status).toBe('ACTIVE');
  expect((await partner.call('DELETE', '')).body.status).toBe('DISCONNECTED');

  // What these workflows wrote through all of it replays against today's code.
  const ids = [onboardingWorkflowId(partner.partnerId), ...SYNC_CHILDREN.map((child) => syncWorkflowId(partner.partnerId, child))];
  const histories = await Promise.all(
    ids.map(async (workflowId) => ({ workflowId, history: await temporal.client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    expect({ workflowId: result.workflowId, error: result.error?.message }).toEqual({ workflowId: result.workflowId, error: undefined });
  }
  workers = workers.filter((w) => w.child.exitCode === null);
}, 600_000);
