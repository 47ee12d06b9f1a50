// The worker process's one metrics endpoint (WORKER_METRICS_PORT, lib/metrics/worker-exporter.ts):
// the SDK's runtime series and ours, scraped and parsed after an onboarding reached the live sync
// (ServiceTitan calls, one of them throttled, and sync passes); the API's /metrics beside it counts
// the onboarding as ACTIVE. The worker's ServiceTitan log lines name the workflow they ran for.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { newPartner, onboardToActive } from '../support/partners';
import { parsePrometheusText, samplesOf, type Sample } from '../support/prometheus-text';
import { startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let worker: WorkerProcess;
let metricsUrl: string;
const taskQueue = `metrics-${randomUUID()}`;
const tenant = SEED_TENANT_IDS.hvac;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  const env = { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, SYNC_INTERVAL_SECONDS: '2' };
  service = await startTestService(temporal, taskQueue, { env, inProcessWorker: false });
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  worker = await startWorkerProcess({
    ...env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PUBLIC_BASE_URL: service.baseUrl,
    WORKER_METRICS_PORT: String(port),
    LOG_LEVEL: 'debug',
  });
});
afterAll(async () => {
  await worker?.stop();
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

it('serves the SDK runtime metrics and ours on one port, and the API counts onboardings by status', async () => {
  // The tenant's first API call is throttled once: a 429 to count.
  await fetch(`${sandbox.url}/__sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: tenant, status: 429, retryAfterSeconds: 1, times: 1 }),
  });
  const partner = await newPartner(service, tenant);
  await onboardToActive(service, partner, { capacity: false });

  let samples: Sample[] = [];
  await waitFor(
    async () => {
      samples = await scrape(metricsUrl);
      return samplesOf(samples, 'smartac_sync_passes').length > 0;
    },
    'a sync pass counted',
    30_000,
  );
  const tenantId = String(tenant);
  // The SDK's own series (core's Prometheus exporter, prefixed temporal_).
  expect(samplesOf(samples, 'temporal_worker_task_slots_available', { task_queue: taskQueue }).length).toBeGreaterThan(0);
  expect(samplesOf(samples, 'temporal_request').length).toBeGreaterThan(0);
  // Ours, on the same endpoint.
  expect(samplesOf(samples, 'smartac_servicetitan_requests', { tenant_id: tenantId, status_class: '2xx' })[0]?.value).toBeGreaterThan(0);
  expect(samplesOf(samples, 'smartac_servicetitan_requests', { tenant_id: tenantId, status_class: '4xx' })[0]?.value).toBeGreaterThanOrEqual(1);
  expect(samplesOf(samples, 'smartac_servicetitan_throttled', { tenant_id: tenantId })[0]?.value).toBe(1);
  expect(samplesOf(samples, 'smartac_servicetitan_limiter_wait_ms_count', { tenant_id: tenantId })[0]?.value).toBeGreaterThan(0);
  expect(samplesOf(samples, 'smartac_sync_passes').every((s) => typeof s.labels.child === 'string' && typeof s.labels.outcome === 'string')).toBe(true);

  // The API's endpoint, on the real read model.
  const api = await scrape(`${service.baseUrl}/metrics`);
  expect(samplesOf(api, 'smartac_onboardings', { status: 'ACTIVE' })[0]?.value).toBeGreaterThanOrEqual(1);
  expect(
    samplesOf(api, 'smartac_api_http_requests_total', { route: '/v1/partners/:partnerId/integrations/servicetitan', method: 'POST' }).length,
  ).toBeGreaterThan(0);

  // The worker's ServiceTitan lines carry the workflow they were made for.
  const lines = worker
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { component?: string; workflowId?: string });
  expect(lines.some((l) => l.component === 'servicetitan' && l.workflowId === `onboarding-${partner.partnerId}`)).toBe(true);
}, 180_000);
