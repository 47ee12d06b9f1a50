// The sandbox with a state file (as the local stack runs it): a restart finds every record, write,
// token, id sequence and admin change again; an unreadable file is set aside and the seed used.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../../../../servicetitan/sandbox/seed/credentials';
import { http, session, type Session } from '../support/sandbox-session';

const HVAC = SEED_TENANT_IDS.hvac;
const admin = (sandbox: RunningSandbox, p: string) => `${sandbox.url}/__sandbox${p}`;

/** Reads the locations export feed to its end; returns the token to continue from. */
async function drainLocationFeed(hvac: Session): Promise<string> {
  let from = '';
  for (;;) {
    const page = (await hvac.call('GET', `/crm/v2/tenant/${HVAC}/export/locations${from ? `?from=${encodeURIComponent(from)}` : ''}`)).body as {
      hasMore: boolean;
      continueFrom: string;
    };
    from = page.continueFrom;
    if (!page.hasMore) return from;
  }
}

describe('sandbox state file', () => {
  let dir: string;
  let file: string;
  let sandbox: RunningSandbox | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
    file = path.join(dir, 'sandbox', 'state.json');
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a restarted sandbox the same records, writes, tokens, sequences and connections', async () => {
    sandbox = await startSandbox({ stateFile: file });
    expect(sandbox.persistence?.loaded).toEqual({ kind: 'fresh' });
    const hvac = await session(sandbox, HVAC);
    const locations = (await hvac.call('GET', `/crm/v2/tenant/${HVAC}/locations`)).body as { data: { id: number }[] };
    const locationId = locations.data[0]!.id;
    expect((await hvac.call('PATCH', `/crm/v2/tenant/${HVAC}/locations/${locationId}`, { body: { name: 'Renamed before restart' } })).status).toBe(200);
    const added = (
      await http(admin(sandbox, `/tenants/${HVAC}/locations`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 2 }),
      })
    ).body as { locationIds: number[] };
    const { clientId } = sandboxCredentials(SEED_TENANT_IDS.plumbing);
    await http(admin(sandbox, `/tenants/${SEED_TENANT_IDS.plumbing}/apps/${clientId}`), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessMode: 'not_connected' }),
    });
    const continueFrom = await drainLocationFeed(hvac);
    const writesBefore = (await http(admin(sandbox, `/tenants/${HVAC}/writes`))).body as unknown[];
    const locationsBefore = (await http(admin(sandbox, `/tenants/${HVAC}/records/locations`))).body;
    expect(writesBefore).toHaveLength(1);
    await sandbox.close();

    sandbox = await startSandbox({ stateFile: file });
    expect(sandbox.persistence?.loaded).toMatchObject({ kind: 'loaded' });
    expect((await http(admin(sandbox, `/tenants/${HVAC}/records/locations`))).body).toEqual(locationsBefore);
    expect((await http(admin(sandbox, `/tenants/${HVAC}/records/locations/${locationId}`))).body).toMatchObject({ name: 'Renamed before restart' });
    expect((await http(admin(sandbox, `/tenants/${HVAC}/writes`))).body).toEqual(writesBefore);
    // The token issued before the restart still works; the export feed resumes where it was.
    const sameToken = await http(`${sandbox.url}/crm/v2/tenant/${HVAC}/export/locations?from=${encodeURIComponent(continueFrom)}`, {
      headers: { authorization: `Bearer ${hvac.token}`, 'st-app-key': SMARTAC_APP.appKey },
    });
    expect(sameToken).toMatchObject({ status: 200, body: { data: [] } });
    // Ids go on from where they were, and the connection change is still there.
    const next = (
      await http(admin(sandbox, `/tenants/${HVAC}/locations`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 1 }),
      })
    ).body as { locationIds: number[] };
    expect(next.locationIds[0]).toBeGreaterThan(Math.max(...added.locationIds));
    const tenants = (await http(admin(sandbox, '/tenants'))).body as { id: number; apps: { clientId: string; accessMode: string }[] }[];
    expect(tenants.find((t) => t.id === SEED_TENANT_IDS.plumbing)?.apps.find((a) => a.clientId === clientId)?.accessMode).toBe('not_connected');
  });

  it('saves shortly after a change, without waiting for a clean stop', async () => {
    sandbox = await startSandbox({ stateFile: file });
    expect(existsSync(file)).toBe(false);
    await http(admin(sandbox, `/tenants/${HVAC}/locations`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    const deadline = Date.now() + 5000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { tenants: { tenantId: number; tables: { locations: unknown[] } }[] };
    const seeded = (await http(admin(sandbox, `/tenants/${HVAC}/records/locations`))).body as unknown[];
    expect(saved.tenants.find((t) => t.tenantId === HVAC)?.tables.locations).toHaveLength(seeded.length);
    // No temporary file is left behind by the atomic write.
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('sets an unreadable file aside and starts from the seed', async () => {
    const seeded = await startSandbox();
    const seedLocations = (await http(admin(seeded, `/tenants/${HVAC}/records/locations`))).body as unknown[];
    await seeded.close();

    for (const content of ['{"version": 1, "tenants": [', JSON.stringify({ version: 999 })]) {
      rmSync(path.dirname(file), { recursive: true, force: true });
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      sandbox = await startSandbox({ stateFile: file });
      const loaded = sandbox.persistence?.loaded;
      expect(loaded).toMatchObject({ kind: 'set-aside', reason: expect.any(String) });
      if (loaded?.kind !== 'set-aside') throw new Error('unreachable');
      expect(readFileSync(loaded.movedTo, 'utf8')).toBe(content);
      expect(existsSync(file)).toBe(false);
      expect(((await http(admin(sandbox, `/tenants/${HVAC}/records/locations`))).body as unknown[]).length).toBe(seedLocations.length);
      await sandbox.close();
      sandbox = undefined;
    }
  });

  it('keeps nothing without a state file', async () => {
    sandbox = await startSandbox();
    expect(sandbox.persistence).toBeUndefined();
  });
});
