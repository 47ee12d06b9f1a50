// What both long-running processes (API and worker) build from the configuration, built once
// here so they cannot drift apart.
import { Pool } from 'pg';
import type { Config } from './config';
import { createDb, type Db } from './db/client';
import type { Logger } from './logger';
import type { WorkerMetrics } from './metrics/worker-metrics';
import { PartnerCredentials } from './partner-credentials';
import { PgRateLimiter } from './pg-rate-limiter';
import { serviceTitanClientFactory } from './servicetitan-clients';

export interface Services {
  db: Db;
  credentials: PartnerCredentials;
  /** Releases the database connections. */
  close(): Promise<void>;
}

/** `metrics`: the worker's (lib/metrics/worker-metrics.ts), counting its ServiceTitan calls; other processes pass none. */
export function createServices(config: Config, logger: Logger, metrics?: WorkerMetrics): Services {
  const db = createDb(config.database.url);
  // ServiceTitan's limit is per app and tenant across all our processes: one bucket in Postgres.
  const limiterPool = new Pool({ connectionString: config.database.url, max: 4 });
  const clients = serviceTitanClientFactory(config.serviceTitan, logger, new PgRateLimiter(limiterPool), metrics?.serviceTitan);
  const credentials = new PartnerCredentials(db, config.secrets.encryptionKeys, clients);
  return {
    db,
    credentials,
    async close() {
      await Promise.all([db.$disconnect(), limiterPool.end()]);
    },
  };
}
