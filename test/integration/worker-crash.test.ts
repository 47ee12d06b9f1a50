// A worker killed in the middle of a sync pass: another worker process picks the work up (the
// activity heartbeats, so Temporal notices quickly) and finishes it without writing anything to
// ServiceTitan twice.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { signEvent } from '../../api/events';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite } from '../../servicetitan/sandbox/writes';
import { newPartner, onboardToActive } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { sandboxClient } from './servicetitan/support/sandbox-client';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let workers: WorkerProcess[] = [];
let workerEnv: NodeJS.ProcessEnv;
const taskQueue = `crash-${randomUUID()}`;
const tenant = SEED_TENANT_IDS.hvac;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  const env = { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, SYNC_INTERVAL_SECONDS: '2' };
  service = await startTestService(temporal, taskQueue, { env, inProcessWorker: false });
  workerEnv = { ...env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PUBLIC_BASE_URL: service.baseUrl, LOG_LEVEL: 'info' };
  workers.push(await startWorkerProcess(workerEnv));
});
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

it('finishes a sync pass after its worker is killed, writing each balance exactly once', async () => {
  const partner = await newPartner(service, tenant);
  const setup = await onboardToActive(service, partner, { capacity: false });
  const st = sandboxClient(sandbox, tenant);
  const locations = (await st.listLocations({ pageSize: 12 }).page()).data.map((l) => l.id);

  // Each write takes a while, so the pass is surely in flight when the worker dies.
  await fetch(`${sandbox.url}/__sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationId: 'Locations_Update', latencyMs: 600 }),
  });
  for (const [i, locationId] of locations.entries()) {
    const body = JSON.stringify({
      id: randomUUID(),
      type: 'comfort_credits.balance_changed',
      createdAt: new Date().toISOString(),
      partnerId: partner.partnerId,
      data: { locationId, balance: 500 + i, asOf: new Date().toISOString() },
    });
    expect(
      (await http(service.baseUrl, 'POST', '/v1/events', body, { 'smartac-signature': signEvent(body, service.config.secrets.webhookSecret) })).status,
    ).toBe(202);
  }
  const balanceWrites = async () =>
    (await ((await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/writes?kind=location-update`)).json() as Promise<RecordedWrite[]>)).filter((w) =>
      JSON.stringify(w.request).includes(`"typeId":${setup.comfortCreditFieldId}`),
    );

  await waitFor(async () => (await balanceWrites()).length >= 2, 'pass under way', 30_000);
  await workers[0]!.kill();
  const writtenAtCrash = (await balanceWrites()).length;
  expect(writtenAtCrash).toBeLessThan(locations.length);

  workers.push(await startWorkerProcess(workerEnv));
  await waitFor(async () => new Set((await balanceWrites()).map((w) => w.path)).size === locations.length, 'every balance written', 90_000);
  await new Promise((r) => setTimeout(r, 3000));
  const perLocation = new Map<string, number>();
  for (const w of await balanceWrites()) perLocation.set(w.path, (perLocation.get(w.path) ?? 0) + 1);
  expect([...perLocation.values()].every((n) => n === 1)).toBe(true);
  workers = workers.filter((w) => w.child.exitCode === null);
}, 240_000);
