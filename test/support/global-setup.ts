// Integration tests share one embedded Postgres (migrated) and one MailDev, started here and
// described to the test files through environment variables. Each test file starts its own
// Temporal dev server (test/support/temporal.ts).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../lib/db/migrator';
import { startMailDev } from '../../scripts/stack/maildev';
import { startEmbeddedPostgres } from '../../scripts/stack/postgres';
import { freePort } from '../../scripts/stack/processes';
import { PROJECT_ROOT } from '../../scripts/stack/tools';
import { testStack, type TestStackHandles } from './stack-handles';

export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'smartac-test-'));
  const [pgPort, smtpPort, inboxPort] = [await freePort(), await freePort(), await freePort()];
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port: pgPort });
  await postgres.ensureDatabase('smartac_test');
  const databaseUrl = postgres.url('smartac_test');
  await migrate(databaseUrl, path.join(PROJECT_ROOT, 'prisma', 'migrations'));
  const maildev = await startMailDev({ smtpPort, webPort: inboxPort, mailDir: path.join(root, 'mail'), logDir: path.join(root, 'logs') });

  const handles: TestStackHandles = { root, postgres, maildev };
  testStack.set(handles);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    TEST_ROOT: root,
    DATABASE_URL: databaseUrl,
    TEST_POSTGRES_ADMIN_URL: postgres.url('postgres'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    TEST_INBOX_URL: `http://127.0.0.1:${inboxPort}`,
  });
}
