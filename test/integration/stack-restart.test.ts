// The local stack as `npm start` runs it (compiled launcher in dist/, built by `npm test`'s
// bootstrap): it refuses a second start on the same data, stops cleanly on Ctrl-C (SIGINT),
// survives a killed launcher, and every restart resumes the workflows and data of the last one.
// A part killed outright is restarted while the rest keep running, and the sandbox keeps its records.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueToken } from '../../api/auth';
import { loadConfig } from '../../lib/config';
import { isRunning, freePort } from '../../scripts/stack/processes';
import type { StackLockContent } from '../../scripts/stack/lock';
import { PROJECT_ROOT } from '../../scripts/stack/tools';
import { http } from '../support/service';

const LAUNCHER = path.join(PROJECT_ROOT, 'dist', 'scripts', 'start.js');

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(env: NodeJS.ProcessEnv): Launch {
  const child = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(run: Launch, what: RegExp, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`launcher exited:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} in time:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function untilReady(api: string, timeoutMs = 30000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const ready = await fetch(`${api}/readyz`).catch((err: Error) => err);
    if (!(ready instanceof Error) && ready.status === 200) {
      expect(await ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', database: 'ok', worker: 'ok' } });
      return;
    }
    if (Date.now() > deadline) throw new Error(`not ready: ${ready instanceof Error ? ready.message : await ready.text()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function untilUp(run: Launch, timeoutMs = 90000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes('integration is up')) {
    if (run.child.exitCode !== null) throw new Error(`launcher exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`stack not up in time:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('local stack (npm start)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let current: Launch | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'smartac-stack-'));
    const [api, temporal, ui, pg, smtp, inbox, sandbox] = await Promise.all(Array.from({ length: 7 }, () => freePort()));
    // Only the stack's own variables: none of the integration test stack's URLs leak in.
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      API_PORT: String(api),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(ui),
      POSTGRES_PORT: String(pg),
      SMTP_PORT: String(smtp),
      INBOX_PORT: String(inbox),
      SANDBOX_PORT: String(sandbox),
      // Two worker processes on the task queue, whatever this machine's core count.
      WORKER_PROCESSES: '2',
    };
  });
  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill('SIGINT');
      await current.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a started workflow and its data across Ctrl-C, a refused second start and a killed launcher', async () => {
    const api = `http://127.0.0.1:${env.API_PORT}`;
    // The stack runs with the development JWT secret (no AUTH_JWT_SECRET given).
    const auth = { authorization: `Bearer ${await issueToken({ sub: 'ops@smartac.com', role: 'staff' }, loadConfig({}).auth.jwtSecret)}` };
    const path_ = '/v1/partners/durable-1/integrations/servicetitan';

    current = launch(env);
    await untilUp(current);
    expect(current.output()).toContain(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    expect(current.output()).toContain(`http://127.0.0.1:${env.INBOX_PORT}`);
    const started = await http(
      api,
      'POST',
      path_,
      {
        tenantId: '4242',
        contactEmail: 'ops@durable.example',
        prerequisites: { maintenancePlansInDashboard: true, maintenancePlansInServiceTitan: true, comfortCreditCustomField: true, tagType: true },
      },
      auth,
    );
    expect(started.status).toBe(201);
    expect((await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${env.INBOX_PORT}/`, { headers: { accept: 'text/html' } })).status).toBe(200);

    // A second start on the same data says so and changes nothing.
    const second = launch(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already running \(launcher pid \d+/);
    expect((await http(api, 'GET', path_, undefined, auth)).status).toBe(200);

    // Ctrl-C: every part stops and the launcher exits 0.
    current.child.kill('SIGINT');
    expect(await current.exited).toBe(0);
    expect(current.output()).toMatch(/temporal stopped/);

    // Restart: the workflow and its state are back.
    current = launch(env);
    await untilUp(current);
    const resumed = await http(api, 'GET', path_, undefined, auth);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ partnerId: 'durable-1', tenantId: '4242', status: 'AWAITING_REVIEW', startedAt: started.body.startedAt });

    // A launcher killed outright leaves a stale lock and orphans; the next start cleans up and resumes.
    current.child.kill('SIGKILL');
    await current.exited;
    current = launch(env);
    await untilUp(current);
    expect((await http(api, 'GET', path_, undefined, auth)).body).toMatchObject({ startedAt: started.body.startedAt });
    expect(
      (
        await http(
          api,
          'POST',
          path_,
          {
            tenantId: '1',
            contactEmail: 'x@y.example',
            prerequisites: { maintenancePlansInDashboard: true, maintenancePlansInServiceTitan: true, comfortCreditCustomField: true, tagType: true },
          },
          auth,
        )
      ).status,
    ).toBe(200);

    current.child.kill('SIGINT');
    expect(await current.exited).toBe(0);
  }, 300000);
  it('restarts a killed worker, API, sandbox, Postgres or Temporal while the rest keep running, and the sandbox keeps its records', async () => {
    const api = `http://127.0.0.1:${env.API_PORT}`;
    const sandbox = `http://127.0.0.1:${env.SANDBOX_PORT}`;
    const parts = () => (JSON.parse(readFileSync(path.join(dataDir, 'stack.lock.json'), 'utf8')) as StackLockContent).parts;
    current = launch(env);
    await untilUp(current);
    const run = current;

    // A record only the sandbox knows, saved to DATA_DIR shortly after it is made.
    const added = await fetch(`${sandbox}/__sandbox/tenants/5550101/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    const [locationId] = ((await added.json()) as { locationIds: number[] }).locationIds;
    const stateFile = path.join(dataDir, 'sandbox', 'state.json');
    for (const deadline = Date.now() + 10000; !(existsSync(stateFile) && readFileSync(stateFile, 'utf8').includes(`"id":${locationId},`));) {
      if (Date.now() > deadline) throw new Error('the sandbox did not save its state');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = parts();

    // The worker dies: the API keeps answering throughout, and the worker comes back.
    process.kill(before.worker!, 'SIGKILL');
    const answers: number[] = [];
    while (!/worker restarted \(pid \d+/.test(run.output())) {
      if (run.child.exitCode !== null) throw new Error(`launcher exited:\n${run.output()}`);
      answers.push((await fetch(`${api}/healthz`)).status);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.output()).toMatch(new RegExp(`worker \\(pid ${before.worker}\\) died: signal SIGKILL, after .*; restarting in 1 s`));
    expect(answers.length).toBeGreaterThan(3);
    expect(answers.every((status) => status === 200)).toBe(true);

    // The API dies: it comes back on its port.
    process.kill(before.api!, 'SIGKILL');
    await until(run, /api restarted \(pid \d+/);
    expect(run.output()).toMatch(new RegExp(`api \\(pid ${before.api}\\) died: signal SIGKILL`));
    expect((await fetch(`${api}/healthz`)).status).toBe(200);

    // The sandbox dies: it comes back with the record it had.
    process.kill(before.sandbox!, 'SIGKILL');
    await until(run, /sandbox restarted \(pid \d+/);
    expect((await fetch(`${sandbox}/__sandbox/tenants/5550101/records/locations/${locationId}`)).status).toBe(200);

    const after = parts();
    // The second worker kept running while the first was restarted.
    for (const name of ['temporal', 'postgres', 'maildev', 'worker-2']) {
      expect(after[name]).toBe(before[name]);
      expect(isRunning(after[name]!)).toBe(true);
    }
    for (const name of ['worker', 'api', 'sandbox']) {
      expect(after[name]).not.toBe(before[name]);
      expect(isRunning(after[name]!)).toBe(true);
    }
    // Ready again, with a worker polling.
    await untilReady(api);

    // Infrastructure too: the Postgres server dying under its wrapper, and Temporal.
    const [postgresServer] = readFileSync(`/proc/${after.postgres}/task/${after.postgres}/children`, 'utf8').trim().split(/\s+/).map(Number);
    process.kill(postgresServer!, 'SIGKILL');
    await until(run, /postgres restarted \(pid \d+/);
    process.kill(after.temporal!, 'SIGKILL');
    await until(run, /temporal restarted \(pid \d+/);
    await untilReady(api);
    expect(parts().sandbox).toBe(after.sandbox);

    // Ctrl-C still stops everything, and the next start has the sandbox's records.
    const last = parts();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    for (const pid of [...Object.values(after), ...Object.values(last), postgresServer!]) expect(isRunning(pid)).toBe(false);
    current = launch(env);
    await untilUp(current);
    expect((await fetch(`${sandbox}/__sandbox/tenants/5550101/records/locations/${locationId}`)).status).toBe(200);
    current.child.kill('SIGINT');
    expect(await current.exited).toBe(0);
  }, 300000);
});
