// The tenant migrations on a database that already holds data from before them: event ids that
// become per-partner keys, hub alerts and their technician notes, and tenants already live for
// two partners (possible before the tenant check), which must stay valid, not fail the migration.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../lib/db/migrator';
import { MIGRATIONS_DIR } from '../../scripts/migrate';

const TENANT_MIGRATIONS = ['20261202183000_tenant_event_ids', '20261202184000_tenant_conflicts'];

async function freshDatabase(): Promise<string> {
  const name = `tenant_migrations_${process.pid}`;
  const admin = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return process.env.TEST_POSTGRES_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

/** The migrations directory as it was before the tenant migrations. */
function migrationsBefore(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-before-'));
  for (const name of readdirSync(MIGRATIONS_DIR)) {
    if (!TENANT_MIGRATIONS.includes(name)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

it('keeps existing events, alerts, notes and doubly-live tenants valid', async () => {
  const url = await freshDatabase();
  await migrate(url, migrationsBefore());
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`INSERT INTO partners (id, updated_at) VALUES ('first', now()), ('second', now()), ('third', now())`);
    await db.query(`INSERT INTO integrations (id, partner_id, status, tenant_id, contact_email, prerequisites, workflow_id, activated_at, updated_at) VALUES
      ('00000000-0000-0000-0000-000000000001', 'first', 'ACTIVE', '777', 'a@x.example', '{}', 'onboarding-first', '2026-01-01', now()),
      ('00000000-0000-0000-0000-000000000002', 'second', 'NEEDS_ATTENTION', '777', 'b@x.example', '{}', 'onboarding-second', '2026-02-01', now()),
      ('00000000-0000-0000-0000-000000000003', 'third', 'CONFIGURING', '777', 'c@x.example', '{}', 'onboarding-third', NULL, now())`);
    await db.query(
      `INSERT INTO smartac_events (id, partner_id, type, occurred_at, data, status) VALUES ('evt-1', 'first', 'hub.alert_raised', now(), '{}', 'APPLIED')`,
    );
    await db.query(
      `INSERT INTO hub_alerts (id, partner_id, location_id, hub_id, kind, detail, raised_at) VALUES ('evt-1', 'first', 1, 'hub-1', 'hub_offline', 'offline', now())`,
    );
    await db.query(`INSERT INTO technician_notes (alert_id, job_id, note_text) VALUES ('evt-1', 42, 'check the hub')`);

    await migrate(url, MIGRATIONS_DIR);

    expect((await db.query(`SELECT partner_id FROM technician_notes WHERE alert_id = 'evt-1'`)).rows).toEqual([{ partner_id: 'first' }]);
    // The same event id for another partner is now a different event (and alert).
    await db.query(
      `INSERT INTO smartac_events (id, partner_id, type, occurred_at, data, status) VALUES ('evt-1', 'second', 'hub.alert_raised', now(), '{}', 'APPLIED')`,
    );
    await db.query(
      `INSERT INTO hub_alerts (id, partner_id, location_id, hub_id, kind, detail, raised_at) VALUES ('evt-1', 'second', 1, 'hub-1', 'hub_offline', 'offline', now())`,
    );

    // The later of the two live integrations is grandfathered, flagged, and audited; the index holds.
    const rows = (await db.query(`SELECT partner_id, tenant_conflict, shared_tenant_allowed_by FROM integrations ORDER BY partner_id`)).rows;
    expect(rows).toEqual([
      { partner_id: 'first', tenant_conflict: false, shared_tenant_allowed_by: null },
      { partner_id: 'second', tenant_conflict: true, shared_tenant_allowed_by: 'migration:20261202184000_tenant_conflicts' },
      { partner_id: 'third', tenant_conflict: false, shared_tenant_allowed_by: null },
    ]);
    expect((await db.query(`SELECT partner_id, actor_type, action, detail->>'tenantId' AS tenant FROM audit_events`)).rows).toEqual([
      { partner_id: 'second', actor_type: 'SYSTEM', action: 'tenant.shared_tenant_grandfathered', tenant: '777' },
    ]);
    await expect(db.query(`UPDATE integrations SET status = 'ACTIVE' WHERE partner_id = 'third'`)).rejects.toThrow(/integrations_one_live_per_tenant/);
  } finally {
    await db.end();
  }
});
