// `npm start`: the whole service on loopback. Starts, in order, the parts nobody configured from
// outside (Temporal dev server, embedded Postgres + migrations, MailDev, the ServiceTitan
// sandbox), then the worker and the API; prints their URLs; stops them in reverse on Ctrl-C.
// Once up, a part that dies is restarted with backoff while the others keep running
// (scripts/stack/supervisor.ts); only Ctrl-C stops everything. Everything persistent lives under
// DATA_DIR (the sandbox's records too), so the next start resumes workflows and data.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig, ConfigError, type Config } from '../lib/config';
import { migrate } from '../lib/db/migrator';
import { temporalConnectionOptions } from '../lib/temporal';
import { MIGRATIONS_DIR } from './migrate';
import { StackAlreadyRunningError, StackLock } from './stack/lock';
import { startMailDev } from './stack/maildev';
import { ensureDatabase, EMBEDDED_PASSWORD, EMBEDDED_USER } from './stack/postgres';
import { canConnect, sleep, startProcess, stopProcess, untilListening, type ManagedProcess } from './stack/processes';
import { Supervisor, type SupervisedPart } from './stack/supervisor';
import { startTemporalDevServer } from './stack/temporal';
import { PROJECT_ROOT } from './stack/tools';

const say = (msg: string) => console.log(`[stack] ${msg}`);

interface Layout {
  dataDir: string;
  logDir: string;
}

/** Ports this start will listen on, with the variable that moves each one. */
function portsToClaim(config: Config): { port: number; what: string; variable: string }[] {
  const ports = [{ port: config.api.port, what: 'API', variable: 'API_PORT' }];
  if (config.temporal.embedded) {
    ports.push(
      { port: config.temporal.embeddedPort, what: 'Temporal', variable: 'TEMPORAL_PORT' },
      { port: config.temporal.uiPort, what: 'Temporal UI', variable: 'TEMPORAL_UI_PORT' },
    );
  }
  if (config.database.embedded) ports.push({ port: config.database.embeddedPort, what: 'PostgreSQL', variable: 'POSTGRES_PORT' });
  if (config.smtp.embedded) {
    ports.push(
      { port: config.smtp.embeddedPort, what: 'SMTP', variable: 'SMTP_PORT' },
      { port: config.smtp.inboxPort, what: 'mail inbox', variable: 'INBOX_PORT' },
    );
  }
  if (config.serviceTitan.useSandbox) ports.push({ port: config.serviceTitan.sandboxPort, what: 'ServiceTitan sandbox', variable: 'SANDBOX_PORT' });
  return ports;
}

async function startPostgres(config: Config, layout: Layout, spawned: (proc: ManagedProcess) => void): Promise<ManagedProcess> {
  const port = config.database.embeddedPort;
  const proc = startProcess('postgres', process.execPath, [path.join(__dirname, 'stack', 'postgres-main.js')], {
    logDir: layout.logDir,
    env: { ...process.env, PG_DATA_DIR: path.join(layout.dataDir, 'postgres'), PG_PORT: String(port) },
  });
  spawned(proc);
  await untilListening(proc, '127.0.0.1', [port], 60000);
  // The port opens a moment before Postgres accepts logins ("the database system is starting up").
  const adminUrl = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const database = new URL(config.database.url).pathname.slice(1);
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureDatabase(adminUrl, database);
      return proc;
    } catch (err) {
      if (attempt >= 50) throw err;
      await sleep(200);
    }
  }
}

async function waitForReady(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited during start; see its log`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (last answer: ${last})`);
}

/** Waits until every worker, started after `since`, polls our task queue. */
async function waitForWorkers(config: Config, procs: ManagedProcess[], since: number, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const exited = procs.find((proc) => proc.child.exitCode !== null);
      if (exited) throw new Error(`${exited.name} exited during start; see its log`);
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name: config.temporal.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      // Pollers of a previous run are remembered for a while; only fresh ones count, one per worker.
      const fresh = new Set(pollers.filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since - 1000).map((p) => p.identity));
      if (fresh.size >= procs.length) return;
      await sleep(250);
    }
    throw new Error(`not every worker polled ${config.temporal.taskQueue} within ${timeoutMs} ms`);
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = path.resolve(PROJECT_ROOT, config.dataDir);
  const layout: Layout = { dataDir, logDir: path.join(dataDir, 'logs') };
  mkdirSync(layout.logDir, { recursive: true });

  const lock = await StackLock.acquire(dataDir);
  const supervisors: Supervisor[] = [];
  let stopping = false;
  let up = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    // No part restarts once stopping began, whichever order they go down in.
    for (const part of supervisors) part.halt();
    for (const part of [...supervisors].reverse()) {
      await part.stop(stopProcess);
      say(`  ${part.name} stopped`);
    }
    lock.release();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  /** Starts a part under supervision: once the stack is up, it is restarted whenever it dies. */
  const run = (part: SupervisedPart): Promise<ManagedProcess> => {
    const supervisor = new Supervisor(part, {
      log: say,
      onProcess: (proc) => {
        lock.record({ parts: { [proc.name]: proc.child.pid ?? -1 } });
        // Until the stack is up, a part that dies fails the start rather than looping on a broken setup.
        void proc.exited.then((code) => {
          if (stopping || up) return;
          say(`${proc.name} exited during start (${code}); see ${proc.logFile}`);
          void stopAll(1);
        });
      },
    });
    supervisors.push(supervisor);
    return supervisor.start();
  };

  try {
    if (lock.staleHolder) say(`the previous launcher (pid ${lock.staleHolder.pid}) was killed; stopped the parts it left running`);
    // Parts of a killed launcher need a moment to let go of their ports.
    const portWaitUntil = Date.now() + (lock.staleHolder ? 15000 : 0);
    for (;;) {
      const busy = [];
      for (const claim of portsToClaim(config)) {
        if (await canConnect('127.0.0.1', claim.port)) busy.push(`${claim.what} port ${claim.port} is in use (set ${claim.variable} to move it)`);
      }
      if (busy.length === 0) break;
      if (Date.now() > portWaitUntil) throw new Error(busy.join('\n'));
      await sleep(250);
    }

    const childEnv: NodeJS.ProcessEnv = { ...process.env, STACK_PARENT_PID: String(process.pid) };
    if (config.temporal.embedded) {
      say(`starting Temporal dev server on 127.0.0.1:${config.temporal.embeddedPort}`);
      await run({
        name: 'temporal',
        start: (spawned) =>
          startTemporalDevServer({
            dataDir: path.join(dataDir, 'temporal'),
            logDir: layout.logDir,
            host: '127.0.0.1',
            port: config.temporal.embeddedPort,
            uiPort: config.temporal.uiPort,
            namespace: config.temporal.namespace,
            spawned,
          }),
      });
    }
    if (config.database.embedded) {
      say(`starting PostgreSQL (embedded) on 127.0.0.1:${config.database.embeddedPort}`);
      await run({ name: 'postgres', start: (spawned) => startPostgres(config, layout, spawned) });
    }
    const migrated = await migrate(config.database.url, MIGRATIONS_DIR, (msg) => say(msg));
    say(`database migrated (${migrated.applied.length} applied, ${migrated.alreadyApplied.length} already applied)`);
    if (config.smtp.embedded) {
      say(`starting MailDev (SMTP ${config.smtp.embeddedPort}, inbox ${config.smtp.inboxPort})`);
      await run({
        name: 'maildev',
        start: (spawned) =>
          startMailDev({
            smtpPort: config.smtp.embeddedPort,
            webPort: config.smtp.inboxPort,
            mailDir: path.join(dataDir, 'mail'),
            logDir: layout.logDir,
            spawned,
          }),
      });
    }
    const sandboxStateFile = process.env.SANDBOX_STATE_FILE ?? path.join(dataDir, 'sandbox', 'state.json');
    if (config.serviceTitan.useSandbox) {
      say(`starting ServiceTitan sandbox on 127.0.0.1:${config.serviceTitan.sandboxPort}`);
      const sandboxEntry = path.join(PROJECT_ROOT, 'dist', 'servicetitan', 'sandbox', 'main.js');
      // Its records survive restarts (ours and its own), as a real ServiceTitan's would; an explicit
      // SANDBOX_STATE_FILE (empty: memory only) wins.
      const sandboxEnv = { ...childEnv, SANDBOX_STATE_FILE: sandboxStateFile };
      await run({
        name: 'sandbox',
        start: async (spawned) => {
          const sandbox = startProcess('sandbox', process.execPath, [sandboxEntry], { logDir: layout.logDir, env: sandboxEnv });
          spawned(sandbox);
          await untilListening(sandbox, '127.0.0.1', [config.serviceTitan.sandboxPort], 30000);
          return sandbox;
        },
      });
    }
    const workerCount = config.worker.processes;
    say(`starting ${workerCount === 1 ? 'worker' : `${workerCount} workers`} and API`);
    const workerSince = Date.now();
    // Each worker serves its metrics on its own port (WORKER_METRICS_PORT, +1, ...); 0 stays off.
    const metricsPorts = Array.from({ length: workerCount }, (_, i) => (config.metrics.workerPort === 0 ? 0 : config.metrics.workerPort + i));
    const workers: ManagedProcess[] = [];
    for (const [i, metricsPort] of metricsPorts.entries()) {
      const name = i === 0 ? 'worker' : `worker-${i + 1}`;
      workers.push(
        await run({
          name,
          start: async (spawned) => {
            const proc = startProcess(name, process.execPath, [path.join(PROJECT_ROOT, 'dist', 'workers', 'main.js')], {
              logDir: layout.logDir,
              env: { ...childEnv, WORKER_METRICS_PORT: String(metricsPort) },
              echo: true,
            });
            spawned(proc);
            return proc;
          },
        }),
      );
    }
    const api = await run({
      name: 'api',
      start: async (spawned) => {
        const proc = startProcess('api', process.execPath, [path.join(PROJECT_ROOT, 'dist', 'api', 'server.js')], {
          logDir: layout.logDir,
          env: childEnv,
          echo: true,
        });
        spawned(proc);
        await untilListening(proc, '127.0.0.1', [config.api.port], 60000);
        return proc;
      },
    });
    const apiUrl = `http://127.0.0.1:${config.api.port}`;
    await Promise.all([waitForReady(`${apiUrl}/readyz`, api, 60000), waitForWorkers(config, workers, workerSince, 60000)]);

    const urls: Record<string, string> = { api: apiUrl };
    const lines = [
      `API                   ${apiUrl}  (GET /healthz, GET /readyz)`,
      `Web pages             ${apiUrl}  (partners: /settings/integrations, staff: /staff${config.env === 'production' ? '' : '; sign in at /sign-in'})`,
    ];
    const metricsUrls = metricsPorts.filter((port) => port !== 0).map((port) => `http://${config.metrics.workerHost}:${port}/metrics`);
    lines.push(
      `Workers               ${workerCount} on task queue ${config.temporal.taskQueue}${metricsUrls.length ? ` (metrics ${metricsUrls.join(', ')})` : ''}  (WORKER_PROCESSES)`,
    );
    if (config.temporal.embedded) {
      urls.temporalUi = `http://127.0.0.1:${config.temporal.uiPort}`;
      lines.push(`Temporal UI           ${urls.temporalUi}`, `Temporal gRPC         ${config.temporal.address}  (namespace ${config.temporal.namespace})`);
    } else lines.push(`Temporal              ${config.temporal.address}  (namespace ${config.temporal.namespace}, external)`);
    if (config.smtp.embedded) {
      urls.inbox = `http://127.0.0.1:${config.smtp.inboxPort}`;
      lines.push(`Mail inbox            ${urls.inbox}  (SMTP 127.0.0.1:${config.smtp.embeddedPort})`);
    } else lines.push('Mail                  SMTP_URL (external)');
    lines.push(
      config.database.embedded
        ? `PostgreSQL            postgresql://${EMBEDDED_USER}:***@127.0.0.1:${config.database.embeddedPort}/smartac`
        : 'PostgreSQL            DATABASE_URL (external)',
    );
    if (config.serviceTitan.useSandbox) {
      urls.sandbox = `http://127.0.0.1:${config.serviceTitan.sandboxPort}`;
      lines.push(
        `ServiceTitan sandbox  ${urls.sandbox}  (credentials: GET ${urls.sandbox}/__sandbox/tenants)${sandboxStateFile ? `, records kept in ${sandboxStateFile}` : ''}`,
      );
    }
    lines.push(`Data                  ${dataDir}  (logs in ${layout.logDir})`);
    lock.record({ urls });
    up = true;
    console.log(
      `\nSmartAC ServiceTitan integration is up:\n  ${lines.join('\n  ')}\nA part that dies is restarted (see [stack] lines). Press Ctrl-C to stop.\n`,
    );
  } catch (err) {
    say(`start failed: ${(err as Error).message}`);
    await stopAll(1);
  }
}

main().catch((err: Error) => {
  if (err instanceof StackAlreadyRunningError) {
    const urls = Object.entries(err.holder.urls)
      .map(([name, url]) => `  ${name}: ${url}`)
      .join('\n');
    console.error(
      `${err.message}.\nNothing was started; stop the running one first (Ctrl-C in its terminal, or kill ${err.holder.pid}).${urls ? `\n${urls}` : ''}`,
    );
  } else if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(`start failed: ${err.message}`);
  }
  process.exit(1);
});
