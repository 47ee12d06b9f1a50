// What both long-running processes (API and worker) build from the configuration, built once
// here so they cannot drift apart.
import type { Config } from './config';
import { createDb, type Db } from './db/client';
import type { Logger } from './logger';
import { PartnerCredentials } from './partner-credentials';
import { serviceTitanClientFactory } from './servicetitan';

export interface Services {
  db: Db;
  credentials: PartnerCredentials;
}

export function createServices(config: Config, logger: Logger): Services {
  const db = createDb(config.database.url);
  const credentials = new PartnerCredentials(db, config.secrets.encryptionKeys, serviceTitanClientFactory(config.serviceTitan, logger));
  return { db, credentials };
}
