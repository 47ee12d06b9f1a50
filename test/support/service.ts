// Runs the real API and worker in-process against the integration test stack: the Temporal dev
// server of the calling test file, the shared Postgres and SMTP. HTTP goes over a real socket.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../lib/config';
import type { DestinationStream } from 'pino';
import { createMailer } from '../../activities/onboarding/email/mailer';
import type { Db } from '../../lib/db/client';
import { createLogger } from '../../lib/logger';
import { createServices } from '../../lib/services';
import { activityDeps, createWorker } from '../../workers/worker';
import { undocumentedAnswer } from './documented-answers';

export interface TestService {
  baseUrl: string;
  config: Config;
  db: Db;
  /** Absent with `inProcessWorker: false` (a test runs worker processes itself). */
  worker?: Worker;
  stop(): Promise<void>;
}

/** What the request helpers need of a service: its address and its config (secrets for tokens and signatures). */
export type ApiTarget = Pick<TestService, 'baseUrl' | 'config'>;

/**
 * `env` overrides variables for this service (e.g. SERVICETITAN_API_URL of a test's sandbox,
 * ONBOARDING_* timings); `logStream` captures the JSON logs for assertions.
 */
export async function startTestService(
  temporal: TestWorkflowEnvironment,
  taskQueue: string,
  options: { env?: NodeJS.ProcessEnv; logStream?: DestinationStream; inProcessWorker?: boolean } = {},
): Promise<TestService> {
  // Listen first: links in emails need the service's real address as PUBLIC_BASE_URL, and the
  // Continue Setup link lands on the pages this service serves (DASHBOARD_BASE_URL).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ...process.env, PUBLIC_BASE_URL: baseUrl, DASHBOARD_BASE_URL: baseUrl, ...options.env, TEMPORAL_TASK_QUEUE: taskQueue });
  const logger = createLogger('test', options.logStream ? 'debug' : (process.env.LOG_LEVEL ?? 'silent'), options.logStream);
  const services = createServices(config, logger);
  const { db } = services;
  const mailer = createMailer({ smtpUrl: config.smtp.url, from: config.smtp.from });
  const worker =
    options.inProcessWorker === false
      ? undefined
      : await createWorker({
          connection: temporal.nativeConnection,
          namespace: temporal.namespace ?? 'default',
          taskQueue,
          deps: activityDeps(config, services, mailer),
        });
  const running = worker?.run();
  server.on('request', createApp({ temporal: temporal.client, db, logger, credentials: services.credentials, config }));
  return {
    baseUrl,
    config,
    db,
    worker,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker?.shutdown();
      await running;
      mailer.close();
      await services.close();
    },
  };
}

/**
 * A request to the API; its answer must be one the OpenAPI document lists, with a body matching
 * the documented schema (./documented-answers.ts), else the call throws.
 */
export async function http(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  const problem = undocumentedAnswer(method, path, res.status, parsed);
  if (problem) throw new Error(problem);
  return { status: res.status, headers: res.headers, body: parsed };
}
