// One running stack per data folder. The lock file names the launcher and the parts it started;
// a second start finds a live launcher and says so, and a lock left by a killed launcher is taken
// over after stopping any part it left behind.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isRunning, sleep } from './processes';

export interface StackLockContent {
  pid: number;
  startedAt: string;
  urls: Record<string, string>;
  parts: Record<string, number>;
}

export class StackAlreadyRunningError extends Error {
  constructor(readonly holder: StackLockContent) {
    super(`the stack is already running (launcher pid ${holder.pid}, started ${holder.startedAt})`);
    this.name = 'StackAlreadyRunningError';
  }
}

export class StackLock {
  private content: StackLockContent;
  /** Set when this start took over the lock of a launcher that had been killed. */
  staleHolder?: StackLockContent;

  private constructor(private readonly file: string) {
    this.content = { pid: process.pid, startedAt: new Date().toISOString(), urls: {}, parts: {} };
  }

  static async acquire(dataDir: string): Promise<StackLock> {
    const lock = new StackLock(path.join(dataDir, 'stack.lock.json'));
    for (;;) {
      try {
        writeFileSync(lock.file, JSON.stringify(lock.content, null, 2), { flag: 'wx' });
        return lock;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(lock.file);
      if (holder && isRunning(holder.pid)) throw new StackAlreadyRunningError(holder);
      // Stale: its launcher is gone. Stop what it left running (gently first: Postgres and
      // Temporal then shut down cleanly), then take the lock over.
      await stopLeftovers(Object.values(holder?.parts ?? {}));
      lock.staleHolder = holder;
      rmSync(lock.file, { force: true });
    }
  }

  record(update: Partial<Pick<StackLockContent, 'urls' | 'parts'>>): void {
    this.content = { ...this.content, urls: { ...this.content.urls, ...update.urls }, parts: { ...this.content.parts, ...update.parts } };
    writeFileSync(this.file, JSON.stringify(this.content, null, 2));
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

async function stopLeftovers(pids: number[]): Promise<void> {
  const signalGroup = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal); // each part leads its own process group
    } catch {
      /* already gone */
    }
  };
  const running = () => pids.filter(isRunning);
  for (const pid of running()) signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 15000;
  while (running().length > 0 && Date.now() < deadline) await sleep(200);
  for (const pid of running()) signalGroup(pid, 'SIGKILL');
}

function readHolder(file: string): StackLockContent | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackLockContent;
  } catch {
    return undefined; // half-written or unreadable: treat as stale
  }
}
