// Runs the real API and worker in-process against the integration test stack: the Temporal dev
// server of the calling test file, the shared Postgres and SMTP. HTTP goes over a real socket.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../lib/config';
import { createDb, type Db } from '../../lib/db/client';
import { createLogger } from '../../lib/logger';
import { createWorker } from '../../workers/worker';

export interface TestService {
  baseUrl: string;
  config: Config;
  db: Db;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startTestService(env: TestWorkflowEnvironment, taskQueue: string): Promise<TestService> {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: taskQueue });
  const db = createDb(config.database.url);
  const logger = createLogger('test', process.env.LOG_LEVEL ?? 'silent');
  const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, deps: { db } });
  const running = worker.run();
  const app = createApp({ temporal: env.client, db, logger, taskQueue });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    worker,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await db.$disconnect();
    },
  };
}

export async function http(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
