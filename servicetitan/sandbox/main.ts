// `npm run sandbox`: the ServiceTitan sandbox as its own process. SANDBOX_HOST (default
// 127.0.0.1) and SANDBOX_PORT (default 4010); the admin API is on unless NODE_ENV=production,
// where SANDBOX_ADMIN_API=true turns it on.
import { stopWhenParentDies } from '../../lib/parent-watch';
import { startSandbox } from './server';
import { SEED_TENANTS } from './seed/credentials';

async function main(): Promise<void> {
  const port = Number(process.env['SANDBOX_PORT'] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env['SANDBOX_PORT']}`);
  const adminApi = process.env['SANDBOX_ADMIN_API'] === undefined ? process.env['NODE_ENV'] !== 'production' : process.env['SANDBOX_ADMIN_API'] === 'true';
  const sandbox = await startSandbox({ host: process.env['SANDBOX_HOST'] ?? '127.0.0.1', port, adminApi });

  console.log(`ServiceTitan sandbox listening on ${sandbox.url} (auth and API)`);
  console.log(adminApi ? `Tenants and credentials: GET ${sandbox.url}/__sandbox/tenants` : 'Admin API off (SANDBOX_ADMIN_API=true to enable)');
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
