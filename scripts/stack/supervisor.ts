// Keeps a part of the local stack running the way a process manager would: when it dies on its
// own (any exit or signal while the stack is not stopping), whatever it left in its process group
// is stopped, and it is started again after a backoff that doubles from 1 s to 30 s and resets
// once the part has stayed up for a minute. Every death and restart is one log line.
import { sleep, type ManagedProcess } from './processes';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A part that ran at least this long before dying starts again from initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The delay before the next start, given the previous delay (undefined: none yet) and how long the part ran. */
export function nextDelay(policy: BackoffPolicy, previousMs: number | undefined, uptimeMs: number): number {
  if (previousMs === undefined || uptimeMs >= policy.resetAfterMs) return policy.initialMs;
  return Math.min(policy.maxMs, previousMs * 2);
}

export function describeExit(code: number | string): string {
  return typeof code === 'number' ? `exit code ${code}` : `signal ${code}`;
}

export interface SupervisedPart {
  name: string;
  /**
   * Starts the part and resolves once it is usable. `spawned` must be called with the process as
   * soon as it exists, so that a stop arriving during a (re)start can stop it.
   */
  start(spawned: (proc: ManagedProcess) => void): Promise<ManagedProcess>;
}

export interface SupervisorEvents {
  log(message: string): void;
  /** The part runs as a new process (first start and every restart). */
  onProcess?(proc: ManagedProcess): void;
}

export class Supervisor {
  private current?: ManagedProcess;
  private stopping = false;
  private delayMs?: number;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  /** Restarts so far, for the log and for tests. */
  restarts = 0;

  constructor(
    private readonly part: SupervisedPart,
    private readonly events: SupervisorEvents,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  get name(): string {
    return this.part.name;
  }

  get process(): ManagedProcess | undefined {
    return this.current;
  }

  /** First start: a part that cannot start makes the caller fail (no restart loop on a broken setup). */
  async start(): Promise<ManagedProcess> {
    const proc = await this.part.start((p) => this.track(p));
    this.watch(proc);
    return proc;
  }

  /** No restart from now on; a pending one is cancelled. The stack calls it on every part before stopping any. */
  halt(): void {
    this.stopping = true;
    this.wakeUp?.();
  }

  /** Stops the part for good (halt, then stop its process and any restart under way). */
  async stop(stopProcess: (proc: ManagedProcess) => Promise<void>): Promise<void> {
    this.halt();
    if (this.current) await stopProcess(this.current);
    await this.loop;
    // A restart that was spawning when the stop arrived has ended by now; stop what it left.
    if (this.current) await stopProcess(this.current);
  }

  private track(proc: ManagedProcess): void {
    this.current = proc;
    this.events.onProcess?.(proc);
  }

  private watch(proc: ManagedProcess): void {
    const startedAt = Date.now();
    void proc.exited.then((code) => {
      if (this.stopping || this.current !== proc) return;
      this.loop = this.restartAfter(proc, code, Date.now() - startedAt);
    });
  }

  private async restartAfter(dead: ManagedProcess, code: number | string, uptimeMs: number): Promise<void> {
    let reason = `${this.part.name} (pid ${dead.child.pid}) died: ${describeExit(code)}, after ${formatDuration(uptimeMs)}`;
    let ranMs = uptimeMs;
    for (;;) {
      this.delayMs = nextDelay(this.policy, this.delayMs, ranMs);
      this.events.log(`${reason}; restarting in ${formatDuration(this.delayMs)} (log: ${dead.logFile})`);
      await stopGroup(dead);
      await this.pause(this.delayMs);
      if (this.stopping) return;
      const attemptAt = Date.now();
      try {
        const proc = await this.part.start((p) => this.track(p));
        if (this.stopping) return;
        this.restarts += 1;
        this.events.log(`${this.part.name} restarted (pid ${proc.child.pid}, restart #${this.restarts})`);
        this.watch(proc);
        return;
      } catch (err) {
        if (this.stopping) return;
        const failed = this.current;
        if (failed) {
          dead = failed;
          await stopGroup(failed);
        }
        reason = `${this.part.name} failed to restart: ${(err as Error).message}`;
        ranMs = Date.now() - attemptAt;
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopping) return resolve(); // halted while the dead part's group was being stopped
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/**
 * A part leads its own process group; when its leader dies outright, what it started (Postgres'
 * server under its node wrapper) may still hold the port. Asks them to stop, then insists.
 * SIGINT rather than SIGTERM: it is Postgres' fast shutdown (SIGTERM would wait for every client
 * to disconnect), and our node parts and the Temporal CLI treat both alike.
 */
export async function stopGroup(proc: ManagedProcess, graceMs = 10_000): Promise<void> {
  const pgid = proc.child.pid;
  if (!pgid) return;
  const signal = (sig: NodeJS.Signals | 0) => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // no such group left
    }
  };
  if (!signal('SIGINT')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!signal(0)) return;
    await sleep(100);
  }
  signal('SIGKILL');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 60_000)} min`;
}
