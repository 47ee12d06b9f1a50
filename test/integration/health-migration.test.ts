// The sync health migration on a database the previous release used: balances it had dropped as
// refused (synced_balance = balance, synced_at null) wait again, so their next try records
// ServiceTitan's answer; members refused before get a date, so their retry schedule starts.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../lib/db/migrator';
import { MIGRATIONS_DIR } from '../../scripts/migrate';

const HEALTH_MIGRATION = '20261202183000_health';

async function freshDatabase(): Promise<string> {
  const name = `health_migration_${process.pid}`;
  const admin = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return process.env.TEST_POSTGRES_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

it('makes balances dropped as refused wait again and dates members refused before', async () => {
  const url = await freshDatabase();
  const before = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < HEALTH_MIGRATION))
    cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
  await migrate(url, before);

  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`INSERT INTO comfort_credit_balances (partner_id, location_id, balance, as_of, synced_balance, synced_at, updated_at) VALUES
      ('p', 1001234, 50, now(), 50, NULL, now()),
      ('p', 1001061, 70, now(), 70, now(), now()),
      ('p', 1001063, 80, now(), NULL, NULL, now())`);
    await db.query(`INSERT INTO members (partner_id, member_id, location_id, smartac_plan_id, enrolled_at, last_error) VALUES
      ('p', 'm-gone', 999, 'gold', now(), 'tagging: ServiceTitan has no location 999'),
      ('p', 'm-fine', 1001061, 'gold', now(), NULL)`);

    // Later migrations apply after it; the health migration is the first this database lacked.
    expect((await migrate(url, MIGRATIONS_DIR)).applied[0]).toBe(HEALTH_MIGRATION);

    const balances = await db.query('SELECT location_id::int AS id, synced_balance, attempts, last_error FROM comfort_credit_balances ORDER BY location_id');
    expect(balances.rows).toEqual([
      { id: 1001061, synced_balance: 70, attempts: 0, last_error: null },
      { id: 1001063, synced_balance: null, attempts: 0, last_error: null },
      { id: 1001234, synced_balance: null, attempts: 0, last_error: null },
    ]);
    const members = await db.query('SELECT member_id, failed_at IS NOT NULL AS dated FROM members ORDER BY member_id');
    expect(members.rows).toEqual([
      { member_id: 'm-fine', dated: false },
      { member_id: 'm-gone', dated: true },
    ]);
  } finally {
    await db.end();
  }
});
