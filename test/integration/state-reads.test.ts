// Reads come from the read model (api/read-model.ts), not from Temporal: the partner's state and
// the staff list answer while no worker runs, and the staff list pages with a cursor.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { SYNC_CHILDREN } from '../../workflows/sync/types';
import { newPartner, onboardToActive, prerequisites, staffToken } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let worker: WorkerProcess | undefined;
const taskQueue = `reads-${randomUUID()}`;
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
  });
});
afterAll(async () => {
  await worker?.stop();
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const staffList = async (query: string) =>
  http(service.baseUrl, 'GET', `/v1/staff/integrations?${query}`, undefined, { authorization: `Bearer ${await staffToken(service)}` });

it('pages the staff list with limit and cursor, each integration once, and refuses a cursor it did not make', async () => {
  const started: string[] = [];
  for (let i = 0; i < 3; i++) {
    const partner = await newPartner(service, tenant);
    expect((await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites })).status).toBe(201);
    started.push(partner.partnerId);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await staffList(`status=AWAITING_REVIEW&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.integrations.length).toBeLessThanOrEqual(2);
    seen.push(...res.body.integrations.map((i: { partnerId: string }) => i.partnerId));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor !== null);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(new Set(seen).size).toBe(seen.length);
  // Oldest first: ours appear in the order they were started.
  expect(seen.filter((id) => started.includes(id))).toEqual(started);

  for (const bad of ['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url'), '%00']) {
    const res = await staffList(`cursor=${bad}`);
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'query.cursor' })]));
  }
  for (const limit of ['0', '201', 'ten']) {
    const res = await staffList(`limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'query.limit' })]);
  }
}, 60_000);

it("answers a live integration's state, its children's health included, while no worker runs", async () => {
  const live = await newPartner(service, tenant);
  await onboardToActive(service, live, { capacity: false });
  // Every child has run a pass: its health is in the read model.
  const state = await waitFor(
    async () => {
      const res = await live.call('GET', '');
      return SYNC_CHILDREN.every((child) => res.body.sync?.children?.[child]?.lastRunAt) && res.body;
    },
    'every child has reported',
    60_000,
  );
  expect(state).toMatchObject({ status: 'ACTIVE', sync: { health: 'ok' } });
  expect(JSON.stringify(state)).not.toContain('clientSecret');

  await worker!.stop();
  worker = undefined;
  const started = Date.now();
  const res = await live.call('GET', '');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ partnerId: live.partnerId, status: 'ACTIVE', steps: state.steps, sync: { health: 'ok' } });
  for (const child of SYNC_CHILDREN) expect(res.body.sync.children[child]).toMatchObject({ lastResult: 'ok', runs: expect.any(Number) });
  // A Temporal query would wait for a worker until its deadline (503): this is a database read.
  expect(Date.now() - started).toBeLessThan(1_000);
  const listed = await staffList('status=ACTIVE&limit=200');
  expect(listed.status).toBe(200);
  const entry = listed.body.integrations.find((i: { partnerId: string }) => i.partnerId === live.partnerId);
  expect(entry?.sync).toMatchObject({ health: 'ok', failedItems: 0, lastError: null });
  expect(Object.keys(entry.sync.children).sort()).toEqual([...SYNC_CHILDREN].sort());
  // A partner without an onboarding is still a 404.
  expect((await (await newPartner(service, tenant)).call('GET', '')).status).toBe(404);
}, 180_000);
