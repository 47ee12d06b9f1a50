// A worker process stopped (SIGTERM, as a deploy or scale-in does) in the middle of a sync pass:
// it stops polling, lets the running pass finish within WORKER_SHUTDOWN_GRACE_SECONDS, then exits
// 0. No other worker runs, so every balance written proves the drained worker finished the pass.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { signEvent } from '../../api/events';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite } from '../../servicetitan/sandbox/writes';
import { configureForSubmit, newPartner, submitSharingTestTenant } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { sandboxClient } from './servicetitan/support/sandbox-client';

const GRACE_SECONDS = 30;
let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let worker: WorkerProcess | undefined;
const taskQueue = `drain-${randomUUID()}`;
const tenant = SEED_TENANT_IDS.hvac;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  const env = { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, SYNC_INTERVAL_SECONDS: '2' };
  service = await startTestService(temporal, taskQueue, { env, inProcessWorker: false });
  worker = await startWorkerProcess({
    ...env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PUBLIC_BASE_URL: service.baseUrl,
    LOG_LEVEL: 'info',
    WORKER_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
  });
});
afterAll(async () => {
  await worker?.kill();
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

it('finishes the running sync pass after SIGTERM, then exits 0 within the grace period', async () => {
  const partner = await newPartner(service, tenant);
  const setup = await configureForSubmit(service, partner, { capacity: false });
  const st = sandboxClient(sandbox, tenant);
  const locations = (await st.listLocations({ pageSize: 12 }).page()).data.map((l) => l.id);

  // Each write takes a while: the pass (about 7 s) is surely running when the signal comes.
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
      data: { locationId, balance: 700 + i, asOf: new Date().toISOString() },
    });
    expect(
      (await http(service.baseUrl, 'POST', '/v1/events', body, { 'smartac-signature': signEvent(body, service.config.secrets.webhookSecret) })).status,
    ).toBe(202);
  }
  // Sent before the integration is live, the events wait for its first pass, which takes them all:
  // events sent while a pass runs would be the next pass's, which a stopping worker never starts.
  expect((await submitSharingTestTenant(service, partner)).body.status).toBe('ACTIVE');
  const balanceWrites = async () =>
    (await ((await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/writes?kind=location-update`)).json() as Promise<RecordedWrite[]>)).filter((w) =>
      JSON.stringify(w.request).includes(`"typeId":${setup.comfortCreditFieldId}`),
    );

  await waitFor(async () => (await balanceWrites()).length >= 2, 'pass under way', 30_000);
  const signalledAt = Date.now();
  await worker!.stop(); // SIGTERM, then waits for the exit
  const drainMs = Date.now() - signalledAt;

  expect({ exitCode: worker!.child.exitCode, signal: worker!.child.signalCode }).toEqual({ exitCode: 0, signal: null });
  expect(drainMs).toBeLessThan(GRACE_SECONDS * 1000);
  expect(worker!.output()).toContain('worker stopped');
  // The pass ran to its end on the stopping worker: every balance, each once.
  const perLocation = new Map<string, number>();
  for (const w of await balanceWrites()) perLocation.set(w.path, (perLocation.get(w.path) ?? 0) + 1);
  expect(perLocation.size).toBe(locations.length);
  expect([...perLocation.values()].every((n) => n === 1)).toBe(true);
}, 240_000);
