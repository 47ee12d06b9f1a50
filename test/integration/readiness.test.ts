// GET /readyz tells the truth: ready only with Temporal, the database and a worker polling our task
// queue; otherwise 503 naming what is missing, answered within its deadline even when Temporal and
// Postgres are unreachable.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createServices, type Services } from '../../lib/services';
import { temporalConnectionOptions } from '../../lib/temporal';
import { freePort } from '../../scripts/stack/processes';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

let temporal: TestWorkflowEnvironment;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  temporal = await startTestTemporal();
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await temporal?.teardown();
});

it('is 503 naming the worker until one polls our task queue, then 200', async () => {
  const taskQueue = `readyz-${randomUUID()}`;
  const api: TestService = await startTestService(temporal, taskQueue, { inProcessWorker: false });
  stops.push(() => api.stop());

  const before = await http(api.baseUrl, 'GET', '/readyz');
  expect(before.status).toBe(503);
  expect(before.body).toMatchObject({ status: 'unavailable', missing: ['worker'], checks: { temporal: 'ok', database: 'ok' } });
  expect(before.body.checks.worker).toMatch(new RegExp(`no worker has polled ${taskQueue}`));

  // Another process's worker on the same queue (here: a second service with its worker in-process).
  const worker = await startTestService(temporal, taskQueue);
  stops.push(() => worker.stop());
  const after = await waitFor(
    async () => {
      const answer = await http(api.baseUrl, 'GET', '/readyz');
      return answer.status === 200 && answer;
    },
    'ready once a worker polls',
    20_000,
  );
  expect(after.body).toEqual({ status: 'ready', checks: { temporal: 'ok', database: 'ok', worker: 'ok' } });
});

it('answers within its deadline when Temporal and the database are unreachable', async () => {
  const [deadTemporal, deadPostgres] = await Promise.all([freePort(), freePort()]);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `postgresql://nobody:nothing@127.0.0.1:${deadPostgres}/none`,
    TEMPORAL_ADDRESS: `127.0.0.1:${deadTemporal}`,
  });
  const services: Services = createServices(config, createLogger('test', 'silent'));
  const client = new Client({ connection: Connection.lazy(temporalConnectionOptions(config.temporal)), namespace: 'default' });
  const app = createApp({ temporal: client, db: services.db, logger: createLogger('test', 'silent'), credentials: services.credentials, config });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  stops.push(async () => {
    await new Promise((resolve) => server.close(resolve));
    await services.close();
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const started = Date.now();
  const [first, second] = await Promise.all([http(baseUrl, 'GET', '/readyz'), http(baseUrl, 'GET', '/readyz')]);
  expect(Date.now() - started).toBeLessThan(4000);
  expect(first.status).toBe(503);
  expect(first.body).toMatchObject({ status: 'unavailable', missing: ['temporal', 'database', 'worker'] });
  expect(first.body.checks.temporal).toMatch(/^error: /);
  expect(first.body.checks.database).toMatch(/^error: /);
  // The endpoint is public: whatever the drivers say, the database password stays out.
  expect(JSON.stringify(first.body)).not.toContain('nothing');
  // Probes arriving together share one round of checks.
  expect(second.body).toEqual(first.body);
  // Liveness is unaffected.
  expect((await http(baseUrl, 'GET', '/healthz')).status).toBe(200);
});
