// The onboarding's lock (workflows/onboarding/exclusive.ts): a free lock is taken synchronously,
// a held one is waited for through the workflow's condition (woken in registration order, each
// waiter re-checking), and it is released however its holder ends. `conditions` stands in for
// the SDK: it checks blocked conditions only when told, as the SDK does after an activation's
// jobs and microtasks.
import { Exclusive } from '../../../workflows/onboarding/exclusive';

function fakeConditions() {
  const blocked = new Map<number, { fn: () => boolean; resolve: () => void }>();
  let seq = 0;
  const waitUntil = (fn: () => boolean) => new Promise<void>((resolve) => blocked.set(seq++, { fn, resolve }));
  /** The SDK's tryUnblockConditions, after the microtasks have run. */
  const unblock = async () => {
    await flush();
    for (const [key, cond] of blocked) {
      if (cond.fn()) {
        cond.resolve();
        blocked.delete(key);
      }
    }
    await flush();
  };
  return { waitUntil, unblock, waiting: () => blocked.size };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('Exclusive', () => {
  it('runs at once, synchronously, when free', () => {
    const lock = new Exclusive(fakeConditions().waitUntil);
    let started = false;
    void lock.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
  });

  it('holds the lock until the holder settles, then wakes the waiters in the order they came', async () => {
    const conditions = fakeConditions();
    const lock = new Exclusive(conditions.waitUntil);
    const order: string[] = [];
    const first = gate();
    const a = lock.run(async () => {
      order.push('a start');
      await first.opened;
      order.push('a end');
    });
    const b = lock.run(async () => {
      order.push('b');
    });
    const c = lock.run(async () => {
      order.push('c');
    });
    await conditions.unblock();
    expect(order).toEqual(['a start']);
    expect(conditions.waiting()).toBe(2);

    first.open();
    // Released, but the waiters wake only when the conditions are checked (not in the release's microtask).
    await flush();
    expect(order).toEqual(['a start', 'a end']);
    expect(lock.isFree).toBe(true);

    // b and c are both woken by the same check; b takes the lock, c re-checks and waits again.
    while (conditions.waiting() > 0) await conditions.unblock();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
    expect(lock.isFree).toBe(true);
  });

  it('is released when its holder throws', async () => {
    const lock = new Exclusive(fakeConditions().waitUntil);
    await expect(
      lock.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.isFree).toBe(true);
  });

  it('hold() takes a free lock synchronously; its release is idempotent; a held lock cannot be held again', () => {
    const lock = new Exclusive(fakeConditions().waitUntil);
    const release = lock.hold();
    expect(lock.isFree).toBe(false);
    expect(() => lock.hold()).toThrow('already held');
    release();
    release();
    expect(lock.isFree).toBe(true);
    const again = lock.hold();
    expect(lock.isFree).toBe(false);
    again();
  });

  it('makes a caller that comes while the start holds it wait for the start', async () => {
    const conditions = fakeConditions();
    const lock = new Exclusive(conditions.waitUntil);
    const releaseStart = lock.hold();
    let ran = false;
    const decision = lock.run(async () => {
      ran = true;
    });
    await conditions.unblock();
    expect(ran).toBe(false);
    releaseStart();
    await conditions.unblock();
    await decision;
    expect(ran).toBe(true);
  });
});
