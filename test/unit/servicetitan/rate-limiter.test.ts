import {
  DEFAULT_BURST,
  DEFAULT_RATE_PER_SECOND,
  JITTER_ALLOWANCE,
  rateForAllowance,
  rateLimitKey,
  TokenBucketRateLimiter,
} from '../../../servicetitan/client/rate-limiter';

/** Virtual time: sleeping advances the clock, so pacing is checked exactly and instantly. */
function virtualTime() {
  const time = { now: 0 };
  return {
    time,
    now: () => time.now,
    sleep: async (ms: number) => {
      time.now += ms;
    },
  };
}

/** The most acquisitions inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j += 1) {
    while ((times[j] ?? 0) - (times[i] ?? 0) >= windowMs) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('TokenBucketRateLimiter', () => {
  it('keeps 500 back-to-back calls for one tenant well inside 60 in any second', async () => {
    const clock = virtualTime();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 500 }, () =>
        limiter.acquire('app:1').then(() => {
          times.push(clock.time.now);
        }),
      ),
    );
    expect(times).toHaveLength(500);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(DEFAULT_BURST + DEFAULT_RATE_PER_SECOND);
    expect(busiestWindow(times, 1000)).toBeLessThan(60);
    // Leaves no more than the jitter headroom unused: 500 calls in about 9.9 s.
    expect(times[times.length - 1]).toBeCloseTo(((500 - DEFAULT_BURST) / DEFAULT_RATE_PER_SECOND) * 1000, -1);
  });

  it('serves waiting callers in arrival order', async () => {
    const clock = virtualTime();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 1, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire('k').then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('holds a key for the Retry-After ServiceTitan asked for, and only that key', async () => {
    const clock = virtualTime();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('tenant-a');
    await limiter.penalize('tenant-a', 3000);
    await limiter.acquire('tenant-b');
    expect(clock.time.now).toBe(0);
    await limiter.acquire('tenant-a');
    expect(clock.time.now).toBeGreaterThanOrEqual(3000);
  });

  it('fills at least 90% of the window at its starting allowance', () => {
    expect(DEFAULT_RATE_PER_SECOND).toBe(rateForAllowance(JITTER_ALLOWANCE.minMs));
    expect(DEFAULT_RATE_PER_SECOND + DEFAULT_BURST).toBeGreaterThanOrEqual(54);
  });

  it('widens a key’s jitter allowance on each 429 (once a second, up to the most), and narrows it after a quiet spell', async () => {
    const clock = virtualTime();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep });
    const rateAt = (ms: number) => rateForAllowance(ms);
    expect(limiter.rateOf('k')).toBe(rateAt(JITTER_ALLOWANCE.minMs));
    await limiter.penalize('k', 1000);
    // Several requests (or workers) saw the same 429: one widening.
    await limiter.penalize('k', 1000);
    expect(limiter.rateOf('k')).toBe(rateAt(2 * JITTER_ALLOWANCE.minMs));
    expect(limiter.rateOf('other')).toBe(rateAt(JITTER_ALLOWANCE.minMs));
    for (let i = 0; i < 10; i += 1) {
      clock.time.now += JITTER_ALLOWANCE.widenAtMostEveryMs;
      await limiter.penalize('k', 1000);
    }
    expect(limiter.rateOf('k')).toBe(rateAt(JITTER_ALLOWANCE.maxMs));
    clock.time.now += JITTER_ALLOWANCE.quietResetMs;
    expect(limiter.rateOf('k')).toBe(rateAt(JITTER_ALLOWANCE.minMs));
  });

  it('rejects settings that could not pace anything', () => {
    expect(() => new TokenBucketRateLimiter({ ratePerSecond: 0 })).toThrow();
    expect(() => new TokenBucketRateLimiter({ burst: 0.5 })).toThrow();
    // The learnt rate takes its burst from ServiceTitan's 60; a fixed rate may have any burst.
    expect(() => new TokenBucketRateLimiter({ burst: 60 })).toThrow();
    expect(() => new TokenBucketRateLimiter({ ratePerSecond: 1e9, burst: 1e9 })).not.toThrow();
  });

  it('keys by application and tenant without exposing the app key', () => {
    const key = rateLimitKey('ak1.secret-app-key', '5550101');
    expect(key).toMatch(/^[0-9a-f]{16}:5550101$/);
    expect(key).not.toContain('secret');
    expect(rateLimitKey('ak1.other', '5550101')).not.toBe(key);
  });
});
