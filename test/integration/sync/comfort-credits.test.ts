// Comfort Credit balances written to the configured location custom field, checked against the
// sandbox's record of writes and its locations.
import type { Location } from '../../../servicetitan/client';
import { configurePartner, HVAC, locationsOfOneCustomer, receiveBalance, startSyncHarness, type PartnerSetup, type SyncHarness } from './support';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.state.reset());

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
const fieldOf = (location: Location, typeId: number) => location.customFields.find((f) => f.typeId === typeId)?.value;
const updates = async () => h.admin.writes(HVAC, 'location-update');
const balanceRow = (partnerId: string, locationId: number) =>
  h.db.comfortCreditBalance.findUniqueOrThrow({ where: { partnerId_locationId: { partnerId, locationId: BigInt(locationId) } } });

describe('syncComfortCredits', () => {
  let partner: PartnerSetup;
  beforeEach(async () => {
    partner = await configurePartner(h);
  });
  const sync = () => h.activities.syncComfortCredits({ partnerId: partner.partnerId });

  it('writes each location’s balance once, keeping the location’s other custom fields', async () => {
    // A homeowner with several properties: one balance per location.
    const { several } = await locationsOfOneCustomer(h.st, 2);
    const [home, rental] = several as [Location, Location];
    await h.st.setLocationCustomFields(home.id, [{ typeId: partner.filterSizeFieldId, value: '20x25x1' }]);
    await receiveBalance(h.db, partner.partnerId, home.id, 1210, at(1));
    await receiveBalance(h.db, partner.partnerId, rental.id, 1320, at(1));
    const before = (await updates()).length;

    expect(await sync()).toMatchObject({ checked: 2, writes: 2, backlog: 0, failed: 0 });
    const written = (await updates()).slice(before);
    expect(written.map((w) => w.path).sort()).toEqual([home.id, rental.id].map((id) => `/crm/v2/tenant/${HVAC}/locations/${id}`).sort());
    const [homeNow, rentalNow] = await Promise.all([h.st.getLocation(home.id), h.st.getLocation(rental.id)]);
    expect(fieldOf(homeNow, partner.comfortCreditFieldId)).toBe('1210');
    expect(fieldOf(homeNow, partner.filterSizeFieldId)).toBe('20x25x1');
    expect(fieldOf(rentalNow, partner.comfortCreditFieldId)).toBe('1320');
    expect(await balanceRow(partner.partnerId, home.id)).toMatchObject({ balance: 1210, syncedBalance: 1210, syncedAt: expect.any(Date) });

    // Unchanged balances are not written again, nor is a repeated event.
    await receiveBalance(h.db, partner.partnerId, home.id, 1210, at(1));
    expect(await sync()).toMatchObject({ checked: 0, writes: 0, backlog: 0, failed: 0 });
    expect((await updates()).length).toBe(before + 2);
  });

  it('writes a balance with one call, keeping another custom field changed in ServiceTitan between two passes', async () => {
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const location = several[0] as Location;
    await receiveBalance(h.db, partner.partnerId, location.id, 100, at(1));
    expect(await sync()).toMatchObject({ writes: 1 });

    // Between the passes, the office sets the filter size in ServiceTitan; then a new balance arrives.
    await h.st.setLocationCustomFields(location.id, [{ typeId: partner.filterSizeFieldId, value: '20x20x1' }]);
    await receiveBalance(h.db, partner.partnerId, location.id, 90, at(2));
    const calls = async () => (await h.admin.stats()).reduce((sum, s) => sum + s.requests, 0);
    const before = { calls: await calls(), updates: (await updates()).length };
    expect(await sync()).toMatchObject({ checked: 1, writes: 1, failed: 0 });
    // The export feed (what changed since the last pass) and one PATCH: no read of the location.
    expect((await calls()) - before.calls).toBe(2);
    const [written] = (await updates()).slice(before.updates);
    expect((written?.request as { customFields: unknown[] }).customFields).toEqual(
      expect.arrayContaining([
        { typeId: partner.filterSizeFieldId, value: '20x20x1' },
        { typeId: partner.comfortCreditFieldId, value: '90' },
      ]),
    );
    const now = await h.st.getLocation(location.id);
    expect(fieldOf(now, partner.comfortCreditFieldId)).toBe('90');
    expect(fieldOf(now, partner.filterSizeFieldId)).toBe('20x20x1');
  });

  it('writes the newest balance when events arrive out of order, and only that', async () => {
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const location = several[0] as Location;
    await receiveBalance(h.db, partner.partnerId, location.id, 700, at(30));
    await receiveBalance(h.db, partner.partnerId, location.id, 500, at(20)); // older, arrives late
    expect(await sync()).toMatchObject({ writes: 1 });
    expect(fieldOf(await h.st.getLocation(location.id), partner.comfortCreditFieldId)).toBe('700');

    await receiveBalance(h.db, partner.partnerId, location.id, 300, at(10)); // older still: changes nothing
    expect(await sync()).toMatchObject({ checked: 0, writes: 0 });
    await receiveBalance(h.db, partner.partnerId, location.id, 900, at(40));
    expect(await sync()).toMatchObject({ checked: 1, writes: 1 });
    const values = (await updates()).map(
      (w) => (w.request as { customFields: { typeId: number; value: string }[] }).customFields.find((f) => f.typeId === partner.comfortCreditFieldId)?.value,
    );
    expect(values).toEqual(['700', '900']);
  });

  it('does not write a value ServiceTitan already holds, e.g. written just before a crash', async () => {
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const location = several[0] as Location;
    await receiveBalance(h.db, partner.partnerId, location.id, 4321, at(1));
    await sync();
    // The worker died after the write, before recording it.
    await h.db.comfortCreditBalance.updateMany({ where: { partnerId: partner.partnerId }, data: { syncedBalance: null, syncedAt: null } });
    expect(await sync()).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 0 });
    expect(await updates()).toHaveLength(1);
    expect(await balanceRow(partner.partnerId, location.id)).toMatchObject({ syncedBalance: 4321, syncedAt: expect.any(Date) });
  });

  it('keeps ServiceTitan’s answer for a location it does not have, leaves the balance unsynced and retries it on a doubling schedule', async () => {
    const missing = 999_999_999;
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const known = several[0] as Location;
    await receiveBalance(h.db, partner.partnerId, missing, 50, at(1));
    const first = await sync();
    expect(first).toMatchObject({ checked: 1, writes: 0, backlog: 0, failed: 1, failing: 1, succeeded: 0 });
    expect(first.lastItemError).toMatchObject({
      item: `location ${missing}`,
      status: 404,
      message: expect.stringMatching(new RegExp(`GET /crm/v2/tenant/${HVAC}/locations/${missing} answered 404`)),
    });
    const refused = await balanceRow(partner.partnerId, missing);
    expect(refused).toMatchObject({
      balance: 50,
      syncedBalance: null,
      syncedAt: null,
      lastErrorStatus: 404,
      attempts: 1,
      failedAt: expect.any(Date),
      lastError: first.lastItemError!.message,
    });
    // First retry a minute later, not at the next pass; a newer balance waits for it too.
    expect(refused.retryAt!.getTime() - refused.failedAt!.getTime()).toBeGreaterThanOrEqual(59_000);
    expect(refused.retryAt!.getTime() - refused.failedAt!.getTime()).toBeLessThanOrEqual(61_000);
    // The child sleeps until then (nothing else waits).
    expect(first.nextWakeAt).toBe(refused.retryAt!.toISOString());
    await receiveBalance(h.db, partner.partnerId, missing, 60, at(2));
    expect(await sync()).toMatchObject({ checked: 0, failed: 0, failing: 1 });

    // A location that works meanwhile: the partner's balances are partly through.
    await receiveBalance(h.db, partner.partnerId, known.id, 70, at(1));
    expect(await sync()).toMatchObject({ checked: 1, writes: 1, failed: 0, failing: 1, succeeded: 1 });

    // When its time comes it is tried again, refused again, and waits twice as long.
    await h.db.comfortCreditBalance.updateMany({
      where: { partnerId: partner.partnerId, locationId: BigInt(missing) },
      data: { retryAt: new Date(Date.now() - 1) },
    });
    expect(await sync()).toMatchObject({ checked: 1, failed: 1, failing: 1, succeeded: 1 });
    const again = await balanceRow(partner.partnerId, missing);
    expect(again).toMatchObject({ balance: 60, attempts: 2 });
    expect(again.retryAt!.getTime() - again.failedAt!.getTime()).toBeGreaterThanOrEqual(119_000);
  });

  it('recovers a balance ServiceTitan refused for a while once it takes it, and clears the error', async () => {
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const location = several[0] as Location;
    await h.admin.addFault({ operationId: 'Locations_Update', status: 400, times: 1 });
    await receiveBalance(h.db, partner.partnerId, location.id, 333, at(1));
    expect(await sync()).toMatchObject({ checked: 1, writes: 0, failed: 1, failing: 1, lastItemError: { item: `location ${location.id}`, status: 400 } });
    // Unsynced: its synced balance is what the export feed showed ServiceTitan holding, not ours.
    const refused = await balanceRow(partner.partnerId, location.id);
    expect(refused).toMatchObject({ lastErrorStatus: 400, attempts: 1 });
    expect(refused.syncedBalance).not.toBe(333);

    await h.db.comfortCreditBalance.updateMany({ where: { partnerId: partner.partnerId }, data: { retryAt: new Date(Date.now() - 1) } });
    const recovered = await sync();
    expect(recovered).toMatchObject({ checked: 1, writes: 1, failed: 0, failing: 0, succeeded: 1 });
    expect(recovered.lastItemError).toBeUndefined();
    expect(recovered.nextWakeAt).toBeUndefined();
    expect(await balanceRow(partner.partnerId, location.id)).toMatchObject({
      syncedBalance: 333,
      syncedAt: expect.any(Date),
      lastError: null,
      lastErrorStatus: null,
      failedAt: null,
      attempts: 0,
      retryAt: null,
    });
    expect(fieldOf(await h.st.getLocation(location.id), partner.comfortCreditFieldId)).toBe('333');
  });

  it('works through a large backlog in bounded passes, reporting what is left', async () => {
    const response = await fetch(`${h.sandbox.url}/__sandbox/tenants/${HVAC}/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 240, customFields: [{ typeId: partner.comfortCreditFieldId, value: '7' }] }),
    });
    const { locationIds } = (await response.json()) as { locationIds: number[] };
    // ServiceTitan already holds most of these balances; the last five differ. The first pass's
    // read of the export feed finds the 35 beyond its 200 in place too: five are left.
    await Promise.all(locationIds.map((id, i) => receiveBalance(h.db, partner.partnerId, id, i < 235 ? 7 : 8, at(1))));
    expect(await sync()).toMatchObject({ checked: 200, writes: 0, backlog: 5, failed: 0 });
    expect(await sync()).toMatchObject({ checked: 5, writes: 5, backlog: 0, failed: 0 });
    expect(await updates()).toHaveLength(5);
  });
});

describe('reconcileComfortCredits', () => {
  let partner: PartnerSetup;
  beforeEach(async () => {
    partner = await configurePartner(h);
  });

  it('retries at once a refused balance whose location the export feed shows', async () => {
    const { several } = await locationsOfOneCustomer(h.st, 1);
    const location = several[0] as Location;
    await h.admin.addFault({ operationId: 'Locations_Update', status: 400, times: 1 });
    await receiveBalance(h.db, partner.partnerId, location.id, 444, at(1));
    expect(await h.activities.syncComfortCredits({ partnerId: partner.partnerId })).toMatchObject({ failed: 1, failing: 1 });
    // Someone edits the location in ServiceTitan: the reconciliation reads it in the feed, and does not wait for its retry.
    await h.st.setLocationCustomFields(location.id, [{ typeId: partner.filterSizeFieldId, value: '16x25x1' }]);
    expect(await h.activities.reconcileComfortCredits({ partnerId: partner.partnerId })).toMatchObject({ writes: 1, failed: 0, failing: 0 });
    expect(await balanceRow(partner.partnerId, location.id)).toMatchObject({ syncedBalance: 444, lastError: null, attempts: 0, retryAt: null });
    const now = await h.st.getLocation(location.id);
    expect(fieldOf(now, partner.comfortCreditFieldId)).toBe('444');
    expect(fieldOf(now, partner.filterSizeFieldId)).toBe('16x25x1');
  });

  it('repairs a value changed in ServiceTitan behind our back, and leaves locations without a balance alone', async () => {
    const { several, all } = await locationsOfOneCustomer(h.st, 2);
    const [ours, alsoOurs] = several as [Location, Location];
    const notOurs = all.find((l) => l.customerId !== ours.customerId) as Location;
    await receiveBalance(h.db, partner.partnerId, ours.id, 800, at(1));
    await receiveBalance(h.db, partner.partnerId, alsoOurs.id, 810, at(1));
    await h.activities.syncComfortCredits({ partnerId: partner.partnerId });
    // The sync read every location in the feed before writing; the reconciliation resumes from the
    // same cursor: it reads the sync's own two writes and finds nothing to repair.
    expect(await h.activities.reconcileComfortCredits({ partnerId: partner.partnerId })).toMatchObject({ checked: 2, writes: 0, backlog: 0 });

    // Someone in the office edits the field on our location and on one we know nothing of.
    await h.st.setLocationCustomFields(ours.id, [{ typeId: partner.comfortCreditFieldId, value: '5' }]);
    await h.st.setLocationCustomFields(notOurs.id, [{ typeId: partner.comfortCreditFieldId, value: '6' }]);
    const before = (await updates()).length;

    // Resumed from the stored cursor: only the changed locations are read.
    expect(await h.activities.reconcileComfortCredits({ partnerId: partner.partnerId })).toMatchObject({ checked: 2 + 1, writes: 1, backlog: 0, failed: 0 });
    const repairs = (await updates()).slice(before);
    expect(repairs.map((w) => w.path)).toEqual([`/crm/v2/tenant/${HVAC}/locations/${ours.id}`]);
    expect(fieldOf(await h.st.getLocation(ours.id), partner.comfortCreditFieldId)).toBe('800');
    expect(fieldOf(await h.st.getLocation(notOurs.id), partner.comfortCreditFieldId)).toBe('6');
    expect(await h.db.syncCursor.findUnique({ where: { partnerId_feed: { partnerId: partner.partnerId, feed: 'locations' } } })).toMatchObject({
      cursor: expect.any(String),
    });
  });
});
