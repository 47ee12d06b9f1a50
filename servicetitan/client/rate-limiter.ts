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
 * (a busy event loop or machine, the network): the limiter treats requests sent within
 * 1000 + this many ms as if ServiceTitan counted them within one second. The allowance is learnt
 * per app and tenant rather than fixed, because the jitter it covers is the machine's:
 * - it starts at `minMs`. Measured by `npm run bench:comfort-credits` (PATCH sent → counted by the
 *   sandbox) on a quiet 2-core machine: p99 4 ms, max 21 ms, so 40 ms fills 94% of the window;
 * - each 429 doubles it (once per second however many requests or workers saw it), up to `maxMs`.
 *   On the same machine at load average 8–12 the most a PATCH arrived later than one sent up to a
 *   second after it was 85–167 ms: 60 ms drew ten 429s in 2,000 writes, 80 ms none, so a loaded
 *   machine pays one or two 429s (each waited out, never lost) to reach 80–160 ms;
 * - after `quietResetMs` without a 429 it returns to `minMs`.
 * (The former fixed allowance was 100 ms, 53.6/s; before that a fixed 25% headroom, 45/s.)
 */
export const JITTER_ALLOWANCE = { minMs: 40, maxMs: 320, quietResetMs: 15 * 60_000, widenAtMostEveryMs: 1000 };

/** The sustained rate that keeps any 1000 + allowance ms within ServiceTitan's 60 (with the burst taken from it). */
export function rateForAllowance(allowanceMs: number, burst: number = DEFAULT_BURST): number {
  return (SERVICETITAN_LIMIT.requests - burst) / ((SERVICETITAN_LIMIT.windowMs + allowanceMs) / SERVICETITAN_LIMIT.windowMs);
}

/**
 * Refuses settings that could not pace anything: a fixed rate must be positive, a burst at least 1,
 * and the learnt rate (no fixed one) takes its burst from ServiceTitan's 60, so it must leave some.
 */
export function checkLimiterSettings(fixedRate: number | undefined, burst: number): void {
  if (fixedRate !== undefined && !(fixedRate > 0)) throw new Error('rate must be > 0');
  if (!(burst >= 1)) throw new Error('burst must be >= 1');
  if (fixedRate === undefined && burst >= SERVICETITAN_LIMIT.requests)
    throw new Error(`burst must be below ${SERVICETITAN_LIMIT.requests} without a fixed rate`);
}

/** The allowance after a 429 seen at `now`, given the one in force and when it last widened. */
export function widenedAllowance(allowance: JitterAllowanceState, now: number): JitterAllowanceState {
  const current = allowanceInForce(allowance, now);
  if (allowance.widenedAt !== undefined && now - allowance.widenedAt < JITTER_ALLOWANCE.widenAtMostEveryMs) return allowance;
  return { ms: Math.min(JITTER_ALLOWANCE.maxMs, current * 2), widenedAt: now };
}

/** The allowance at `now`: back to the minimum after a quiet spell without 429s. */
export function allowanceInForce(allowance: JitterAllowanceState, now: number): number {
  if (allowance.widenedAt === undefined || now - allowance.widenedAt >= JITTER_ALLOWANCE.quietResetMs) return JITTER_ALLOWANCE.minMs;
  return allowance.ms;
}

export interface JitterAllowanceState {
  ms: number;
  /** When a 429 last widened it (the limiter's clock). */
  widenedAt?: number;
}

/**
 * A burst of 1: a burst is taken from the rate. The defaults fill ServiceTitan's window: the
 * requests sent within any 1000 + allowance ms (at most burst + rate × that span) are never more
 * than 60, so a strict sliding window of 60 per second on ServiceTitan's side never trips while
 * requests bunch up by less than the allowance.
 */
export const DEFAULT_BURST = 1;
/** The rate at the minimum allowance: what a key runs at until ServiceTitan answers a 429. */
export const DEFAULT_RATE_PER_SECOND = rateForAllowance(JITTER_ALLOWANCE.minMs);

const TOKEN_EPSILON = 1e-9;

interface Bucket {
  tokens: number;
  allowance: JitterAllowanceState;
  updatedAt: number;
  blockedUntil: number;
  /** Tail of the FIFO queue of waiting acquirers: first come, first served. */
  tail: Promise<void>;
}

export class TokenBucketRateLimiter implements RateLimiter {
  /** A fixed rate when given; otherwise each key's follows its learnt jitter allowance. */
  private readonly fixedRate: number | undefined;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions = {}) {
    this.fixedRate = options.ratePerSecond;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    checkLimiterSettings(this.fixedRate, this.burst);
  }

  /** The key's current rate (requests per second). */
  rateOf(key: string): number {
    return this.rate(this.bucket(key), this.now());
  }

  private rate(bucket: Bucket, now: number): number {
    return this.fixedRate ?? rateForAllowance(allowanceInForce(bucket.allowance, now), this.burst);
  }

  acquire(key: string): Promise<void> {
    const bucket = this.bucket(key);
    const turn = bucket.tail.then(() => this.take(bucket));
    bucket.tail = turn.catch(() => undefined);
    return turn;
  }

  async penalize(key: string, retryAfterMs: number): Promise<void> {
    const bucket = this.bucket(key);
    const now = this.now();
    bucket.allowance = widenedAllowance(bucket.allowance, now);
    bucket.blockedUntil = Math.max(bucket.blockedUntil, now + retryAfterMs);
    // Restart gently after the pause rather than with a full burst.
    bucket.tokens = 0;
    bucket.updatedAt = Math.max(bucket.updatedAt, bucket.blockedUntil);
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, allowance: { ms: JITTER_ALLOWANCE.minMs }, updatedAt: this.now(), blockedUntil: 0, tail: Promise.resolve() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private async take(bucket: Bucket): Promise<void> {
    for (;;) {
      const now = this.now();
      const rate = this.rate(bucket, now);
      if (now > bucket.updatedAt) {
        bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) * rate) / 1000);
        bucket.updatedAt = now;
      }
      // A refill computed from a fractional wait can land a hair under 1 (0.9999999999): count it
      // as a token, or the remaining wait is too small to move any clock and the loop spins.
      const hasToken = bucket.tokens >= 1 - TOKEN_EPSILON;
      const wait = Math.max(bucket.blockedUntil - now, hasToken ? 0 : ((1 - bucket.tokens) * 1000) / rate);
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
