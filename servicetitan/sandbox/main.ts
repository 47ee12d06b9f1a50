// `npm run sandbox`: the ServiceTitan sandbox as its own process. SANDBOX_HOST (default
// 127.0.0.1) and SANDBOX_PORT (default 4010); the admin API is on unless NODE_ENV=production,
// where SANDBOX_ADMIN_API=true turns it on. SANDBOX_STATE_FILE (unset or empty: memory only; the
// local stack sets it under DATA_DIR) keeps its records across restarts.
import { stopWhenParentDies } from '../../lib/parent-watch';
import { startSandbox } from './server';
import { SEED_TENANTS } from './seed/credentials';

async function main(): Promise<void> {
  const port = Number(process.env['SANDBOX_PORT'] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env['SANDBOX_PORT']}`);
  const adminApi = process.env['SANDBOX_ADMIN_API'] === undefined ? process.env['NODE_ENV'] !== 'production' : process.env['SANDBOX_ADMIN_API'] === 'true';
  const stateFile = process.env['SANDBOX_STATE_FILE'] || undefined;
  const sandbox = await startSandbox({ host: process.env['SANDBOX_HOST'] ?? '127.0.0.1', port, adminApi, stateFile });

  console.log(`ServiceTitan sandbox listening on ${sandbox.url} (auth and API)`);
  console.log(adminApi ? `Tenants and credentials: GET ${sandbox.url}/__sandbox/tenants` : 'Admin API off (SANDBOX_ADMIN_API=true to enable)');
  const loaded = sandbox.persistence?.loaded;
  if (loaded?.kind === 'loaded') console.log(`State loaded from ${sandbox.persistence?.file} (saved ${loaded.savedAt})`);
  if (loaded?.kind === 'fresh') console.log(`State starts from the seed; kept in ${sandbox.persistence?.file}`);
  if (loaded?.kind === 'set-aside')
    console.warn(`WARNING: ${sandbox.persistence?.file} could not be read (${loaded.reason}); moved to ${loaded.movedTo}, starting from the seed`);
  for (const tenant of SEED_TENANTS) {
    console.log(`  tenant ${tenant.id}  ${tenant.name}  [${tenant.connections.map((c) => c.accessMode).join(', ')}]`);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the ServiceTitan sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  stopWhenParentDies(() => stop('launcher gone'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
