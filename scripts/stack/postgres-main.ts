// Runs embedded Postgres as its own process of the local stack, so the launcher can stop it last,
// after the API and worker have let go of their connections.
import { stopWhenParentDies } from '../../lib/parent-watch';
import { startEmbeddedPostgres } from './postgres';

async function main(): Promise<void> {
  const dataDir = process.env.PG_DATA_DIR;
  const port = Number(process.env.PG_PORT);
  if (!dataDir || !Number.isInteger(port)) throw new Error('PG_DATA_DIR and PG_PORT are required');
  // PG_SETTINGS: extra server settings, `name=value` separated by commas (the cluster's max_connections).
  const settings = (process.env.PG_SETTINGS ?? '').split(',').filter(Boolean);
  const postgres = await startEmbeddedPostgres({ dataDir, port, settings, onLog: (line) => process.stdout.write(line) });
  console.log(`postgres ready on 127.0.0.1:${port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await postgres.stop();
    process.exit(0);
  };
  // A stop that fails must still end the process, with its reason, not as an unhandled rejection.
  const stopOrFail = (): void => {
    stop().catch((err: Error) => {
      console.error(`embedded postgres failed to stop: ${err.message}`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', stopOrFail);
  process.on('SIGINT', stopOrFail);
  void postgres.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`postgres server exited on its own (${signal ?? `exit code ${code}`})`);
    process.exit(1);
  });
  stopWhenParentDies(stopOrFail);
}

main().catch((err: Error) => {
  console.error(`embedded postgres failed: ${err.message}`);
  process.exit(1);
});
