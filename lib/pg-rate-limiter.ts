// ServiceTitan's limit (60 requests per second per app per tenant) holds across every worker
// process, so the token bucket of each app + tenant key lives in Postgres (rate_limit_buckets) and
// every process reserves its requests' turns in the same one. Same rate and burst as the client's in-process bucket
// (servicetitan/client/rate-limiter.ts), so a strict sliding window of 60 on ServiceTitan's side
// never trips whatever the number of workers. Refill is timed by the database clock, so the
// workers' clocks do not matter. Keys are independent rows: tenants never wait for each other.
//
// When the database cannot be reached, acquire() fails and so does the ServiceTitan call; the
// activity retries it like any other failure (sync work needs the database anyway).
import type { Pool } from 'pg';
import { ARRIVAL_JITTER_MS, DEFAULT_BURST, DEFAULT_RATE_PER_SECOND, type RateLimiter } from '../servicetitan/client/rate-limiter';

export interface PgRateLimiterOptions {
  /** Sustained requests per second per key, across all processes. */
  ratePerSecond?: number;
  /** Requests that may go at once after a quiet spell. */
  burst?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, for lateness only (the bucket runs on the database clock). */
  now?: () => number;
}

/** A quarter of the limiter's allowance for jitter (ARRIVAL_JITTER_MS): the rest is the network's and ServiceTitan's. */
const LATE_RESERVATION_MS = ARRIVAL_JITTER_MS / 4;

/** Parameters of every statement: $1 key, $2 rate per second, $3 burst. */
function refilled(at: string): string {
  return `LEAST($3::float8, bucket.tokens + $2::float8 * GREATEST(0, EXTRACT(EPOCH FROM ${at} - bucket.updated_at)::float8))`;
}

/**
 * Reserves the next token, atomically (the upsert holds the row lock): the bucket may go below
 * zero, one token per reservation waiting its turn, and the answer is how long until this one's
 * token has refilled. One statement per request: nobody polls the database for a token, and no
 * round trip to it is lost between two sends (asking again after each wait capped one process at
 * about 1 / (interval + round trip), 40/s of 45/s in bench:comfort-credits).
 */
const RESERVE_SQL = `
  INSERT INTO rate_limit_buckets AS bucket (key, tokens, updated_at)
  VALUES ($1, $3::float8 - 1, clock_timestamp())
  ON CONFLICT (key) DO UPDATE
    SET tokens = ${refilled('excluded.updated_at')} - 1,
        updated_at = GREATEST(bucket.updated_at, excluded.updated_at)
  RETURNING GREATEST(0, -bucket.tokens) * 1000 / $2::float8 AS wait_ms`;

/**
 * Debt of $4 tokens: nobody sends until it is paid back, i.e. for the Retry-After. LEAST, so
 * several processes reporting the same 429 do not stack their penalties.
 */
const PENALIZE_SQL = `
  INSERT INTO rate_limit_buckets AS bucket (key, tokens, updated_at)
  VALUES ($1, -$4::float8, clock_timestamp())
  ON CONFLICT (key) DO UPDATE
    SET tokens = LEAST(${refilled('excluded.updated_at')}, excluded.tokens),
        updated_at = GREATEST(bucket.updated_at, excluded.updated_at)`;

export class PgRateLimiter implements RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  /** `pool`: the process's connection pool to the service's database (owned by the caller). */
  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    options: PgRateLimiterOptions = {},
  ) {
    this.rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => performance.now());
    if (!(this.rate > 0) || !(this.burst >= 1)) throw new Error('rate must be > 0 and burst >= 1');
  }

  /**
   * Waits out the reservation's time (measured from the database's answer, so never early). A
   * reservation this process wakes up for more than LATE_RESERVATION_MS late (its event loop or
   * machine stalled) is given up and a new one taken: sent now, it would bunch with the requests
   * reserved after it, which a bucket that never refills beyond its burst cannot do.
   */
  async acquire(key: string): Promise<void> {
    for (;;) {
      const { rows } = await this.pool.query<{ wait_ms: number }>(RESERVE_SQL, [key, this.rate, this.burst]);
      const waitMs = Number(rows[0]?.wait_ms ?? 0);
      if (waitMs <= 0) return;
      const due = this.now() + waitMs;
      await this.sleep(waitMs);
      if (this.now() - due <= LATE_RESERVATION_MS) return;
    }
  }

  /**
   * Reservations already made keep their times; every later one waits for the debt to be paid.
   */
  async penalize(key: string, retryAfterMs: number): Promise<void> {
    await this.pool.query(PENALIZE_SQL, [key, this.rate, this.burst, (Math.max(0, retryAfterMs) * this.rate) / 1000]);
  }
}
