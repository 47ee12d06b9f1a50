// The API never waits on Temporal without a deadline: with no worker to answer, an update (and
// the one read that asks Temporal: a state not in the read model yet) answers 503 with Retry-After
// in about its configured time, while a stored state is read from the database as usual. Repeating the update
// (or the start) with the same Idempotency-Key once a worker is back applies it exactly once.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createMailer, type Mailer } from '../../activities/onboarding/email/mailer';
import { createLogger } from '../../lib/logger';
import { createServices, type Services } from '../../lib/services';
import { activityDeps, createWorker } from '../../workers/worker';
import { integrationPath, newPartner, prerequisites, startAndApprove } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { workflowBundle } from '../support/workflow-bundle';

const QUERY_MS = 1500;
const UPDATE_MS = 2500;
const taskQueue = `deadline-${randomUUID()}`;

let env: TestWorkflowEnvironment;
let service: TestService;
let services: Services;
let mailer: Mailer;
let worker: { instance: Worker; running: Promise<void> } | undefined;

async function startWorker(): Promise<void> {
  const instance = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: activityDeps(service.config, services, mailer),
    workflowBundle: await workflowBundle(),
  });
  worker = { instance, running: instance.run() };
}
async function stopWorker(): Promise<void> {
  worker?.instance.shutdown();
  await worker?.running;
  worker = undefined;
}

beforeAll(async () => {
  env = await startTestTemporal();
  service = await startTestService(env, taskQueue, {
    inProcessWorker: false,
    env: { API_TEMPORAL_QUERY_TIMEOUT_MS: String(QUERY_MS), API_TEMPORAL_UPDATE_TIMEOUT_MS: String(UPDATE_MS) },
  });
  services = createServices(service.config, createLogger('deadline-test', 'silent'));
  mailer = createMailer({ smtpUrl: service.config.smtp.url, from: service.config.smtp.from });
  await startWorker();
});
afterAll(async () => {
  await stopWorker();
  await service?.stop();
  mailer?.close();
  await services?.close();
  await env?.teardown();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await fn();
  return { result, ms: Date.now() - started };
}

it('answers 503 with Retry-After when no worker answers, and a repeated update with the same Idempotency-Key applies once', async () => {
  const partner = await newPartner(service, 5550101);
  await startAndApprove(service, partner);
  await stopWorker();

  // The state is read from the read model (api/read-model.ts): no worker needed.
  const stored = await timed(() => partner.call('GET', ''));
  expect([stored.result.status, stored.result.body.status]).toEqual([200, 'AWAITING_CREDENTIALS']);
  expect(stored.ms).toBeLessThan(QUERY_MS);

  // A start reaches Temporal (the run begins) but nobody answers its update: 503 as a read.
  const newcomer = await newPartner(service, 5550102);
  const startKey = `start-${randomUUID()}`;
  const start = () =>
    http(
      service.baseUrl,
      'POST',
      integrationPath(newcomer.partnerId),
      { tenantId: newcomer.tenantId, contactEmail: newcomer.contactEmail, prerequisites },
      { ...newcomer.headers, 'idempotency-key': startKey },
    );
  const firstStart = await timed(start);
  expect(firstStart.result.status).toBe(503);
  expect(firstStart.result.headers.get('retry-after')).toBe('2');
  expect(firstStart.ms).toBeLessThan(QUERY_MS + 3000);
  // Its run has recorded nothing yet, so its state is the one read that asks Temporal: 503 too.
  const read = await timed(() => newcomer.call('GET', ''));
  expect(read.result.status).toBe(503);
  expect(read.result.headers.get('retry-after')).toBe('2');
  expect(read.result.body.error).toMatchObject({ code: 'temporal_timeout', retryAfterSeconds: 2 });
  expect(read.ms).toBeGreaterThanOrEqual(QUERY_MS - 100);
  expect(read.ms).toBeLessThan(QUERY_MS + 3000);

  const key = `disconnect-${randomUUID()}`;
  const disconnect = () => fetchDelete(partner, key);
  const first = await timed(disconnect);
  expect(first.result.status).toBe(503);
  expect(first.result.headers.get('retry-after')).toBe('5');
  expect(first.result.body.error.code).toBe('temporal_timeout');
  expect(first.ms).toBeLessThan(UPDATE_MS + 3000);

  await startWorker();
  // Repeated with its Idempotency-Key, the start that began the run is answered as its starter.
  const repeatedStart = await start();
  expect([repeatedStart.status, repeatedStart.body.status]).toEqual([201, 'AWAITING_REVIEW']);
  const repeated = await fetchDelete(partner, key);
  expect([repeated.status, repeated.body.status]).toEqual([200, 'DISCONNECTED']);
  // Once more, after the onboarding has finished: still the same outcome, not a second disconnect.
  const again = await fetchDelete(partner, key);
  expect([again.status, again.body.status]).toEqual([200, 'DISCONNECTED']);

  const audit = await service.db.auditEvent.findMany({ where: { partnerId: partner.partnerId, action: 'integration.disconnected' } });
  expect(audit).toHaveLength(1);
  expect((await partner.call('GET', '')).body.status).toBe('DISCONNECTED');
  expect(await service.db.auditEvent.count({ where: { partnerId: newcomer.partnerId, action: 'onboarding.started' } })).toBe(1);
});

async function fetchDelete(partner: Awaited<ReturnType<typeof newPartner>>, key: string) {
  const res = await fetch(`${service.baseUrl}/v1/partners/${partner.partnerId}/integrations/servicetitan`, {
    method: 'DELETE',
    headers: { ...partner.headers, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ reason: 'switching systems' }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
