// `npm run db:migrate`: applies pending SQL migrations to DATABASE_URL (or the embedded default).
import path from 'node:path';
import { loadConfig } from '../lib/config';
import { migrate } from '../lib/db/migrator';
import { PROJECT_ROOT } from './stack/tools';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await migrate(config.database.url, MIGRATIONS_DIR, (msg) => console.log(msg));
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
