// PgRateLimiter without a database: one statement reserves a turn, the caller waits it out, and a
// turn the process wakes up for too late is given up for a new one (test/integration/pg-rate-limiter.test.ts
// runs it against Postgres and the sandbox).
import type { Pool } from 'pg';
import { PgRateLimiter } from '../../lib/pg-rate-limiter';
import { JITTER_ALLOWANCE } from '../../servicetitan/client/rate-limiter';

/** A pool answering each reservation with the next wait, and a clock that sleeping moves (plus any oversleep). */
function fixture(waits: number[], oversleep: number[] = []) {
  const time = { now: 0 };
  const queries: unknown[][] = [];
  const pool = {
    query: async (_sql: string, params: unknown[]) => {
      queries.push(params);
      return { rows: [{ wait_ms: waits.shift() ?? 0 }] };
    },
  } as unknown as Pick<Pool, 'query'>;
  const limiter = new PgRateLimiter(pool, {
    now: () => time.now,
    sleep: async (ms) => {
      time.now += ms + (oversleep.shift() ?? 0);
    },
  });
  return { limiter, queries, time };
}

describe('PgRateLimiter reservations', () => {
  it('sends at once when a token is there, with one statement', async () => {
    const { limiter, queries, time } = fixture([0]);
    await limiter.acquire('k');
    expect(queries).toHaveLength(1);
    expect(time.now).toBe(0);
  });

  it('waits out its reservation without asking again', async () => {
    const { limiter, queries, time } = fixture([40]);
    await limiter.acquire('k');
    expect(queries).toHaveLength(1);
    expect(time.now).toBe(40);
  });

  it('gives up a turn it woke up for too late, and takes a new one', async () => {
    const late = JITTER_ALLOWANCE.minMs; // well past a quarter of the smallest allowance
    const { limiter, queries, time } = fixture([40, 20], [late, 0]);
    await limiter.acquire('k');
    expect(queries).toHaveLength(2);
    expect(time.now).toBe(40 + late + 20);
  });

  it('keeps a turn it woke up for a little late', async () => {
    const { limiter, queries } = fixture([40], [JITTER_ALLOWANCE.minMs / 8]);
    await limiter.acquire('k');
    expect(queries).toHaveLength(1);
  });
});
