// API process entry (`npm run api`, and one of the parts `npm start` runs).
import type { Server } from 'node:http';
import { loadConfig } from '../lib/config';
import { createServices } from '../lib/services';
import { createLogger } from '../lib/logger';
import { stopWhenParentDies } from '../lib/parent-watch';
import { connectTemporalClient } from '../lib/temporal';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const services = createServices(config, logger);
  const { db, credentials } = services;
  const temporal = await connectTemporalClient(config.temporal);
  const app = createApp({ temporal, db, logger, credentials, config });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.api.port, config.api.host, () => resolve(s));
  });
  logger.info({ url: `http://${config.api.host}:${config.api.port}` }, 'api listening');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('api stopping');
    // Finish requests in flight, then release clients.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await temporal.connection.close();
    await services.close();
    process.exit(0);
  };
  // A close that fails must still end the process, logged and non-zero, not as an unhandled rejection.
  const stopOrFail = (): void => {
    stop().catch((err: unknown) => {
      logger.error({ err }, 'api stop failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stopOrFail);
  process.on('SIGTERM', stopOrFail);
  stopWhenParentDies(stopOrFail);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
