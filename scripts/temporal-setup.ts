// `npm run temporal:setup`: registers the search attributes of workflows/search-attributes.ts on
// TEMPORAL_NAMESPACE, connecting as the API and the worker do (lib/temporal.ts: TLS, mTLS, API key).
// Idempotent: it lists what the namespace has and adds only what is missing, so it runs before
// every deploy (compose's temporal-setup service) and a second run changes nothing. A workflow that
// sets an attribute its namespace lacks fails its workflow task, so workers start after this.
import { Connection } from '@temporalio/client';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { temporalConnectionOptions } from '../lib/temporal';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { ensureSearchAttributes } from './stack/search-attributes';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('temporal-setup', config.logLevel);
  const { address, namespace } = config.temporal;
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    logger.info(
      { address, namespace, added, present: SEARCH_ATTRIBUTES.length - added.length },
      added.length > 0 ? `registered ${added.length} search attributes` : `all ${SEARCH_ATTRIBUTES.length} search attributes already registered`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err: Error) => {
  console.error(`temporal:setup failed: ${err.message}`);
  process.exit(1);
});
