// The launcher's supervision with real child processes (tiny node scripts), on a short backoff.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRunning, sleep, startProcess, stopProcess, type ManagedProcess } from '../../../scripts/stack/processes';
import { DEFAULT_BACKOFF, nextDelay, Supervisor, type BackoffPolicy } from '../../../scripts/stack/supervisor';

const FAST: BackoffPolicy = { initialMs: 100, maxMs: 400, resetAfterMs: 5000 };

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('backoff', () => {
  it('doubles from 1 s to 30 s and starts over after a minute up', () => {
    const delays: number[] = [];
    let previous: number | undefined;
    for (let i = 0; i < 7; i++) delays.push((previous = nextDelay(DEFAULT_BACKOFF, previous, 500)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(nextDelay(DEFAULT_BACKOFF, 30000, 60_000)).toBe(1000);
  });
});

describe('Supervisor', () => {
  let logDir: string;
  let lines: string[];
  let supervisor: Supervisor | undefined;

  beforeEach(() => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'supervisor-'));
    lines = [];
  });
  afterEach(async () => {
    await supervisor?.stop((p) => stopProcess(p, 2000));
    supervisor = undefined;
    rmSync(logDir, { recursive: true, force: true });
  });

  const nodePart = (name: string, script: string) => ({
    name,
    start: async (spawned: (proc: ManagedProcess) => void) => {
      const proc = startProcess(name, process.execPath, ['-e', script], { logDir });
      spawned(proc);
      return proc;
    },
  });
  const supervise = (part: ReturnType<typeof nodePart>, policy = FAST) => (supervisor = new Supervisor(part, { log: (line) => lines.push(line) }, policy));

  it('restarts a part killed with SIGKILL, saying what died and when it comes back', async () => {
    const first = await supervise(nodePart('worker', 'setInterval(() => {}, 1000)')).start();
    first.child.kill('SIGKILL');
    const second = await until(() => supervisor!.process !== first && supervisor!.process, 'a new process');
    await until(() => lines.some((l) => l.startsWith('worker restarted')), 'the restart line');
    expect(lines[0]).toMatch(
      new RegExp(`^worker \\(pid ${first.child.pid}\\) died: signal SIGKILL, after .*; restarting in 100 ms \\(log: .*worker\\.log\\)$`),
    );
    expect(lines[1]).toBe(`worker restarted (pid ${second.child.pid}, restart #1)`);
    expect(isRunning(second.child.pid!)).toBe(true);
  });

  it('backs off more each time a part keeps crashing', async () => {
    const started = Date.now();
    await supervise(nodePart('api', 'process.exit(3)')).start();
    const deaths = () => lines.filter((l) => /^api \(pid \d+\) died: exit code 3, after .*; restarting in/.test(l));
    await until(() => deaths().length >= 4, 'four crashes');
    expect(
      deaths()
        .slice(0, 4)
        .map((l) => /restarting in (\d+) ms/.exec(l)?.[1]),
    ).toEqual(['100', '200', '400', '400']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it('does not restart a part that is stopped, even while it waits to restart', async () => {
    const first = await supervise(nodePart('sandbox', 'setInterval(() => {}, 1000)'), { ...FAST, initialMs: 2000 }).start();
    first.child.kill('SIGKILL');
    await until(() => lines.some((l) => l.includes('restarting in 2 s')), 'the death line');
    await supervisor!.stop((p) => stopProcess(p, 2000));
    await sleep(2500);
    expect(supervisor!.process).toBe(first);
    expect(lines.some((l) => l.includes('restarted'))).toBe(false);

    // A stop of a running part: it goes down and stays down.
    const other = new Supervisor(nodePart('maildev', 'setInterval(() => {}, 1000)'), { log: (line) => lines.push(line) }, FAST);
    const running = await other.start();
    await other.stop((p) => stopProcess(p, 2000));
    await sleep(300);
    expect(running.child.exitCode !== null || running.child.signalCode !== null).toBe(true);
    expect(other.process).toBe(running);
  });

  it('stops a part caught in the middle of a restart', async () => {
    let starts = 0;
    const slowToStart = {
      name: 'api',
      start: async (spawned: (proc: ManagedProcess) => void) => {
        const proc = startProcess('api', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { logDir });
        spawned(proc);
        // A restart waits for its port; the stop arrives meanwhile.
        if (starts++ > 0) await Promise.race([sleep(3000), proc.exited]);
        return proc;
      },
    };
    const first = await supervise(slowToStart).start();
    first.child.kill('SIGKILL');
    const second = await until(() => supervisor!.process !== first && supervisor!.process, 'the restart to spawn');
    await supervisor!.stop((p) => stopProcess(p, 2000));
    expect(second.child.exitCode !== null || second.child.signalCode !== null).toBe(true);
    expect(lines.some((l) => l.includes('restarted'))).toBe(false);
  });

  it('stops what a dead part left in its process group before starting it again', async () => {
    // Like Postgres under its node wrapper: the wrapper dies, its server keeps the port.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('grandchild ' + child.pid);
      setInterval(() => {}, 1000);`;
    const first = await supervise(nodePart('postgres', script)).start();
    const log = () => (existsSync(first.logFile) ? readFileSync(first.logFile, 'utf8') : '');
    const grandchild = Number(await until(() => /grandchild (\d+)/.exec(log())?.[1], 'the grandchild pid'));
    expect(isRunning(grandchild)).toBe(true);
    first.child.kill('SIGKILL');
    await until(() => lines.some((l) => l.startsWith('postgres restarted')), 'the restart');
    expect(isRunning(grandchild)).toBe(false);
  });
});
