// One mutation at a time: handlers and the workflow's own timers take turns (async-mutex holds the
// lock). Who goes next is decided exactly as the recorded histories were made, so they replay:
//  - a caller that finds the lock free takes it synchronously and runs at once (no microtask in
//    between), so its first command is issued where it always was;
//  - a caller that finds it held waits on a workflow condition, not in async-mutex's queue. The
//    SDK checks conditions after the activation's jobs and microtasks, in the order they were
//    registered, and every waiter re-checks after waking (two released by the same unlock both
//    see it free; the first takes it, the other waits again). async-mutex's own queue would instead
//    hand the lock over in a microtask at the release, before that check: a waiter's commands
//    could then come before those of code woken by the same activation (the main loop's next
//    timer, for one), which would change the order of commands in a history already recorded.
import { Mutex } from 'async-mutex';

/** Resolves once `fn` is true: the workflow's `condition`, or a test's stand-in for it. */
export type WaitUntil = (fn: () => boolean) => Promise<unknown>;

export class Exclusive {
  private readonly mutex = new Mutex();

  constructor(private readonly waitUntil: WaitUntil) {}

  get isFree(): boolean {
    return !this.mutex.isLocked();
  }

  /** Takes the free lock now (synchronously) and returns its release, which is idempotent. */
  hold(): () => void {
    if (this.mutex.isLocked()) throw new Error('Exclusive.hold: the lock is already held');
    // acquire() of a free mutex takes it before it returns; the releaser it resolves to is not needed.
    void this.mutex.acquire();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.mutex.release();
    };
  }

  /** Runs `fn` once no other holds the lock, holding it until `fn` settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.mutex.isLocked()) await this.waitUntil(() => this.isFree);
    const release = this.hold();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
