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
import {
  checkLimiterSettings,
  DEFAULT_BURST,
  JITTER_ALLOWANCE,
  rateForAllowance,
  SERVICETITAN_LIMIT,
  type RateLimiter,
} from '../servicetitan/client/rate-limiter';

export interface PgRateLimiterOptions {
  /** A fixed rate per key, across all processes; by default each key's follows its learnt jitter allowance. */
  ratePerSecond?: number;
  /** Requests that may go at once after a quiet spell. */
  burst?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, for lateness only (the bucket runs on the database clock). */
  now?: () => number;
}

/**
 * A quarter of the smallest jitter allowance: a reservation woken later than this is given up
 * (acquire). The rest of the allowance is the network's and ServiceTitan's.
 */
const LATE_RESERVATION_MS = JITTER_ALLOWANCE.minMs / 4;

// Parameters of every statement: $1 key, $2 fixed rate per second (or null), $3 burst,
// $4 minimum allowance ms, $5 quiet spell ms after which it is back to the minimum, $6 ServiceTitan's
// requests per second. The allowance, its rate and the refill follow servicetitan/client/rate-limiter.ts.
const COMMON = (key: string, fixedRate: number | undefined, burst: number) => [
  key,
  fixedRate ?? null,
  burst,
  JITTER_ALLOWANCE.minMs,
  JITTER_ALLOWANCE.quietResetMs,
  SERVICETITAN_LIMIT.requests,
];

/** The allowance in force for the row `alias` (allowanceInForce). */
const allowance = (alias: string) =>
  `(CASE WHEN ${alias}.widened_at IS NOT NULL AND clock_timestamp() - ${alias}.widened_at < make_interval(secs => $5::float8 / 1000) THEN ${alias}.allowance_ms ELSE $4::float8 END)`;

/** The rate for an allowance (rateForAllowance), unless a fixed one is given. */
const rateFor = (allowanceMs: string) => `COALESCE($2::float8, ($6::float8 - $3::float8) * 1000 / (1000 + ${allowanceMs}))`;

function refilled(at: string): string {
  return `LEAST($3::float8, bucket.tokens + ${rateFor(allowance('bucket'))} * GREATEST(0, EXTRACT(EPOCH FROM ${at} - bucket.updated_at)::float8))`;
}

/**
 * Reserves the next token, atomically (the upsert holds the row lock): the bucket may go below
 * zero, one token per reservation waiting its turn, and the answer is how long until this one's
 * token has refilled. One statement per request: nobody polls the database for a token, and no
 * round trip to it is lost between two sends (asking again after each wait capped one process at
 * about 1 / (interval + round trip), 40/s of 45/s in bench:comfort-credits).
 */
const RESERVE_SQL = `
  INSERT INTO rate_limit_buckets AS bucket (key, tokens, updated_at, allowance_ms)
  VALUES ($1, $3::float8 - 1, clock_timestamp(), $4::float8)
  ON CONFLICT (key) DO UPDATE
    SET tokens = ${refilled('excluded.updated_at')} - 1,
        updated_at = GREATEST(bucket.updated_at, excluded.updated_at)
  RETURNING GREATEST(0, -bucket.tokens) * 1000 / ${rateFor(allowance('bucket'))} AS wait_ms`;

/** Parameters after COMMON: $7 Retry-After ms, $8 largest allowance ms, $9 ms within which a second 429 does not widen it again. */
const widenedRecently = `bucket.widened_at IS NOT NULL AND clock_timestamp() - bucket.widened_at < make_interval(secs => $9::float8 / 1000)`;
const widened = `(CASE WHEN ${widenedRecently} THEN bucket.allowance_ms ELSE LEAST($8::float8, 2 * ${allowance('bucket')}) END)`;

/**
 * A 429: the key's allowance doubles (widenedAllowance), and a debt of the Retry-After's worth of
 * tokens means nobody sends until it is paid back. LEAST, so several processes reporting the same
 * 429 do not stack their penalties.
 */
const PENALIZE_SQL = `
  INSERT INTO rate_limit_buckets AS bucket (key, tokens, updated_at, allowance_ms, widened_at)
  VALUES ($1, -$7::float8 / 1000 * ${rateFor('LEAST($8::float8, 2 * $4::float8)')}, clock_timestamp(), LEAST($8::float8, 2 * $4::float8), clock_timestamp())
  ON CONFLICT (key) DO UPDATE
    SET tokens = LEAST(${refilled('excluded.updated_at')}, -$7::float8 / 1000 * ${rateFor(widened)}),
        updated_at = GREATEST(bucket.updated_at, excluded.updated_at),
        allowance_ms = ${widened},
        widened_at = CASE WHEN ${widenedRecently} THEN bucket.widened_at ELSE excluded.widened_at END`;

/** The key's allowance and rate now (for benchmarks and operators). */
const INSPECT_SQL = `
  SELECT ${allowance('bucket')} AS allowance_ms, ${rateFor(allowance('bucket'))} AS rate
  FROM rate_limit_buckets AS bucket WHERE key = $1`;

export class PgRateLimiter implements RateLimiter {
  private readonly fixedRate: number | undefined;
  private readonly burst: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  /** `pool`: the process's connection pool to the service's database (owned by the caller). */
  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    options: PgRateLimiterOptions = {},
  ) {
    this.fixedRate = options.ratePerSecond;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => performance.now());
    checkLimiterSettings(this.fixedRate, this.burst);
  }

  /**
   * Waits out the reservation's time (measured from the database's answer, so never early). A
   * reservation this process wakes up for more than LATE_RESERVATION_MS late (its event loop or
   * machine stalled) is given up and a new one taken: sent now, it would bunch with the requests
   * reserved after it, which a bucket that never refills beyond its burst cannot do.
   */
  async acquire(key: string): Promise<void> {
    for (;;) {
      const { rows } = await this.pool.query<{ wait_ms: number }>(RESERVE_SQL, COMMON(key, this.fixedRate, this.burst));
      const waitMs = Number(rows[0]?.wait_ms ?? 0);
      if (waitMs <= 0) return;
      const due = this.now() + waitMs;
      await this.sleep(waitMs);
      if (this.now() - due <= LATE_RESERVATION_MS) return;
    }
  }

  /**
   * Reservations already made keep their times; every later one waits for the debt to be paid,
   * and goes at the rate of the widened allowance.
   */
  async penalize(key: string, retryAfterMs: number): Promise<void> {
    await this.pool.query(PENALIZE_SQL, [
      ...COMMON(key, this.fixedRate, this.burst),
      Math.max(0, retryAfterMs),
      JITTER_ALLOWANCE.maxMs,
      JITTER_ALLOWANCE.widenAtMostEveryMs,
    ]);
  }

  /** The key's jitter allowance and rate in force (the minimum's for a key never seen). */
  async inspect(key: string): Promise<{ allowanceMs: number; ratePerSecond: number }> {
    const { rows } = await this.pool.query<{ allowance_ms: number; rate: number }>(INSPECT_SQL, COMMON(key, this.fixedRate, this.burst));
    const allowanceMs = rows[0] ? Number(rows[0].allowance_ms) : JITTER_ALLOWANCE.minMs;
    return { allowanceMs, ratePerSecond: rows[0] ? Number(rows[0].rate) : (this.fixedRate ?? rateForAllowance(allowanceMs, this.burst)) };
  }
}
