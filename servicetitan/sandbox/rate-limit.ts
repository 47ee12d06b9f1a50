// ServiceTitan's limit, enforced the strict way: at most `limit` requests in any window of
// `windowMs` (sliding, not per calendar second) per application and tenant. Anything our client
// gets through here it gets through a laxer limiter too. Runs on the sandbox clock.
export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  hit(key: string, now: number): Verdict {
    let times = this.hits.get(key);
    if (!times) {
      times = [];
      this.hits.set(key, times);
    }
    while (times.length > 0 && (times[0] ?? 0) <= now - this.windowMs) times.shift();
    if (times.length >= this.limit) {
      return { allowed: false, retryAfterMs: (times[0] ?? now) + this.windowMs - now };
    }
    times.push(now);
    return { allowed: true };
  }

  clear(): void {
    this.hits.clear();
  }
}
