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

/**
 * The defaults keep any one-second window at or below burst + rate = 48 requests, so requests
 * may bunch up by ~250 ms on the way (network jitter, a busy event loop or machine) and a strict
 * sliding-window limit of 60 on ServiceTitan's side still never trips. (At 50 + 5, a loaded CI
 * machine bunched enough requests to draw a 429.)
 */
export const DEFAULT_RATE_PER_SECOND = 45;
export const DEFAULT_BURST = 3;

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
