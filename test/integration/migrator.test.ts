import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, readMigrations } from '../../lib/db/migrator';
import { MIGRATIONS_DIR } from '../../scripts/migrate';

let dbCounter = 0;
async function freshDatabase(): Promise<string> {
  const name = `migrator_${process.pid}_${++dbCounter}`;
  const admin = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return process.env.TEST_POSTGRES_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('SQL migrator', () => {
  it('records migrations the way Prisma does and applies each once', async () => {
    const url = await freshDatabase();
    const first = await migrate(url, MIGRATIONS_DIR);
    const expected = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.name);
    expect(first.applied).toEqual(expected);
    const second = await migrate(url, MIGRATIONS_DIR);
    expect(second).toEqual({ applied: [], alreadyApplied: expected });

    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished: boolean }>(
      url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const files = await readMigrations(MIGRATIONS_DIR);
    expect(rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum, applied_steps_count: 1, finished: true })));
  });

  it('lets two runners start at once and applies everything exactly once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrate(url, MIGRATIONS_DIR), migrate(url, MIGRATIONS_DIR)]);
    const all = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.name);
    expect([...a.applied, ...b.applied].sort()).toEqual(all.sort());
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(all.length);
  });

  it('rolls a failing migration back whole, leaving nothing half-applied', async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({
      '001_ok': 'CREATE TABLE a (id int);',
      '002_bad': 'CREATE TABLE b (id int); INSERT INTO missing_table VALUES (1);',
    });
    await expect(migrate(url, dir)).rejects.toThrow(/002_bad failed and was rolled back/);
    const tables = await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1");
    expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', 'a']);
    const recorded = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.migration_name)).toEqual(['001_ok']);
  });

  it('refuses a migration edited after it was applied', async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({ '001_ok': 'CREATE TABLE a (id int);' });
    await migrate(url, dir);
    writeFileSync(path.join(dir, '001_ok', 'migration.sql'), 'CREATE TABLE a (id bigint);');
    await expect(migrate(url, dir)).rejects.toThrow(/001_ok was changed after it was applied/);
  });
});
