// Client-side pacing under ServiceTitan's limit of 60 requests per second per application per
// tenant. One limiter is shared by every client in a worker process (keys are per app and
// tenant), so concurrent activities for one tenant queue here instead of drawing 429s.
// RateLimiter is an interface so a cross-process implementation (shared through Postgres) can
// replace the in-process token bucket when several workers serve the same tenant.
import { createHash } from 'node:crypto';

export interface RateLimiter {
  /** Resolves when one request for `key` may be sent. */
  acquire(key: string): Promise<void>;
  /** ServiceTitan answered 429 with Retry-After: hold every request for `key` that long. */
  penalize(key: string, retryAfterMs: number): Promise<void>;
}

/** Limiter key for one application and tenant. The app key is hashed so keys are safe to log or store. */
export function rateLimitKey(appKey: string, tenantId: string): string {
  return `${createHash('sha256').update(appKey).digest('hex').slice(0, 16)}:${tenantId}`;
}

export interface TokenBucketOptions {
  /** Sustained requests per second. */
  ratePerSecond?: number;
  /** Requests that may go at once after a quiet spell. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** ServiceTitan's limit: at most 60 requests in any one second, per application and tenant. */
export const SERVICETITAN_LIMIT = { requests: 60, windowMs: 1000 };

/**
 * How much later than its neighbours a request may reach ServiceTitan after the limiter let it go
 * (a busy event loop or machine, the network): requests sent within 1000 + this many ms may be
 * counted within one second. Measured by `npm run bench:comfort-credits` (PATCH sent → counted by
 * the sandbox) on a 2-core machine shared with other test runs (load average 8–12): delay p99
 * 29–68 ms, p99.9 73–144 ms; the most a PATCH arrived later than one sent up to a second after it,
 * 85–167 ms. At a 60 ms allowance that drew ten 429s in 2,000 writes, at 80 ms none. 100 ms
 * covers the p99.9; a rarer straggler costs at most a 429, which the client waits out. (The former
 * fixed 25% headroom, 45/s with a burst of 3, allowed 267 ms; it came from 50/s with a burst of 5,
 * an allowance of 100 ms, drawing a 429 on a loaded CI machine.)
 */
export const ARRIVAL_JITTER_MS = 100;

/**
 * The defaults fill ServiceTitan's window: the requests sent within any 1000 + ARRIVAL_JITTER_MS
 * ms (at most burst + rate × that span) are never more than 60, so a strict sliding window of
 * 60 per second on ServiceTitan's side never trips while requests bunch up by less than
 * ARRIVAL_JITTER_MS. A burst of 1: a burst is taken from the rate.
 */
export const DEFAULT_BURST = 1;
export const DEFAULT_RATE_PER_SECOND =
  (SERVICETITAN_LIMIT.requests - DEFAULT_BURST) / ((SERVICETITAN_LIMIT.windowMs + ARRIVAL_JITTER_MS) / SERVICETITAN_LIMIT.windowMs);

const TOKEN_EPSILON = 1e-9;

interface Bucket {
  tokens: number;
  updatedAt: number;
  blockedUntil: number;
  /** Tail of the FIFO queue of waiting acquirers: first come, first served. */
  tail: Promise<void>;
}

export class TokenBucketRateLimiter implements RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions = {}) {
    this.rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    if (!(this.rate > 0) || !(this.burst >= 1)) throw new Error('rate must be > 0 and burst >= 1');
  }

  acquire(key: string): Promise<void> {
    const bucket = this.bucket(key);
    const turn = bucket.tail.then(() => this.take(bucket));
    bucket.tail = turn.catch(() => undefined);
    return turn;
  }

  async penalize(key: string, retryAfterMs: number): Promise<void> {
    const bucket = this.bucket(key);
    bucket.blockedUntil = Math.max(bucket.blockedUntil, this.now() + retryAfterMs);
    // Restart gently after the pause rather than with a full burst.
    bucket.tokens = 0;
    bucket.updatedAt = Math.max(bucket.updatedAt, bucket.blockedUntil);
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: this.now(), blockedUntil: 0, tail: Promise.resolve() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private async take(bucket: Bucket): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now > bucket.updatedAt) {
        bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) * this.rate) / 1000);
        bucket.updatedAt = now;
      }
      // A refill computed from a fractional wait can land a hair under 1 (0.9999999999): count it
      // as a token, or the remaining wait is too small to move any clock and the loop spins.
      const hasToken = bucket.tokens >= 1 - TOKEN_EPSILON;
      const wait = Math.max(bucket.blockedUntil - now, hasToken ? 0 : ((1 - bucket.tokens) * 1000) / this.rate);
      if (wait <= 0) {
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        return;
      }
      await this.sleep(wait);
    }
  }
}

let shared: TokenBucketRateLimiter | undefined;

/** The process-wide limiter clients use unless given another. */
export function sharedRateLimiter(): RateLimiter {
  shared ??= new TokenBucketRateLimiter();
  return shared;
}
