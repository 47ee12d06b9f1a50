// Technician reminders: one Job Note per open hub alert and upcoming job, however often the pass
// runs, retries or crashes; ServiceTitan is looked at only while an alert is open.
import { randomUUID } from 'node:crypto';
import { DEFAULT_SYNC } from '../../../workflows/onboarding/types';
import { configurePartner, HVAC, startSyncHarness, type PartnerSetup, type SyncHarness } from './support';

let h: SyncHarness;
let partner: PartnerSetup;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.sandbox.state.reset();
  partner = await configurePartner(h);
});

const LOOKAHEAD_HOURS = 48;
const remind = () => h.activities.addTechnicianReminders({ partnerId: partner.partnerId, lookaheadHours: LOOKAHEAD_HOURS });
const notesWritten = () => h.admin.writes(HVAC, 'job-note');

/** A location with scheduled visits in the lookahead window, and the jobs of those visits. */
async function locationWithUpcomingVisits(): Promise<{ locationId: number; jobIds: number[] }> {
  const until = new Date(Date.now() + LOOKAHEAD_HOURS * 3_600_000).toISOString();
  const appointments = await h.st.listAppointments({ startsOnOrAfter: new Date().toISOString(), startsBefore: until, status: 'Scheduled' }).all();
  const jobs = await h.st.listJobs({ ids: [...new Set(appointments.map((a) => a.jobId))].join(',') }).all();
  const first = jobs[0];
  if (!first) throw new Error('the seed has no visits in the next two days');
  return {
    locationId: first.locationId,
    jobIds: jobs
      .filter((j) => j.locationId === first.locationId)
      .map((j) => j.id)
      .sort(),
  };
}

async function raise(locationId: number, kind: string, detail: string, cleared = false): Promise<string> {
  const id = `evt-${randomUUID()}`;
  await h.db.hubAlert.create({
    data: {
      id,
      partnerId: partner.partnerId,
      locationId: BigInt(locationId),
      hubId: `hub-${locationId}`,
      kind,
      detail,
      raisedAt: new Date(),
      clearedAt: cleared ? new Date() : null,
    },
  });
  return id;
}

it('adds one note per alert to each upcoming job at the location, once however often it runs', async () => {
  const { locationId, jobIds } = await locationWithUpcomingVisits();
  const offline = await raise(locationId, 'hub_offline', 'No heartbeat since 06:10');

  expect(await remind()).toMatchObject({ checked: jobIds.length, writes: jobIds.length, backlog: 0, failed: 0 });
  const notes = await notesWritten();
  expect(notes.map((n) => n.path).sort()).toEqual(jobIds.map((id) => `/jpm/v2/tenant/${HVAC}/jobs/${id}/notes`).sort());
  const text = (notes[0]?.request as { text: string }).text;
  expect(text).toContain("check the hub's power and its Wi-Fi connection");
  expect(text).toContain('No heartbeat since 06:10');
  expect(text).toContain(`[SmartAC alert ${offline}]`);

  expect(await remind()).toMatchObject({ checked: jobIds.length, writes: 0, backlog: 0, failed: 0 });
  expect(await notesWritten()).toHaveLength(jobIds.length);
  expect(await h.db.technicianNote.count({ where: { alertId: offline } })).toBe(jobIds.length);
});

it('calls ServiceTitan only while an alert is open, and then asks to look again after the interval', async () => {
  const requests = () => [...h.sandbox.state.stats.values()].reduce((sum, s) => sum + s.requests, 0);
  const before = requests();
  const idle = await remind();
  expect(idle).toEqual({ checked: 0, writes: 0, backlog: 0, failed: 0 });
  expect(requests()).toBe(before);

  const { locationId } = await locationWithUpcomingVisits();
  const alert = await raise(locationId, 'hub_offline', 'No heartbeat since 06:10');
  const started = Date.now();
  const watching = await remind();
  // No worker timings given (syncTiming): the default interval.
  expect(Date.parse(watching.nextWakeAt!)).toBeGreaterThanOrEqual(started + DEFAULT_SYNC.intervalMs);
  expect(Date.parse(watching.nextWakeAt!)).toBeLessThanOrEqual(Date.now() + DEFAULT_SYNC.intervalMs);

  await h.db.hubAlert.updateMany({ where: { partnerId: partner.partnerId, id: alert }, data: { clearedAt: new Date() } });
  const afterClear = requests();
  expect((await remind()).nextWakeAt).toBeUndefined();
  expect(requests()).toBe(afterClear);
});

it('finds a note added just before a crash instead of adding it again', async () => {
  const { locationId, jobIds } = await locationWithUpcomingVisits();
  const alert = await raise(locationId, 'air_filter', 'Filter pressure drop 0.4 inWC');
  await remind();
  // The notes reached ServiceTitan, but the worker died before recording them.
  await h.db.technicianNote.deleteMany({ where: { alertId: alert } });

  expect(await remind()).toMatchObject({ writes: 0 });
  expect(await notesWritten()).toHaveLength(jobIds.length);
  expect(await h.db.technicianNote.count({ where: { alertId: alert } })).toBe(jobIds.length);
});

it('adds a second note for a new alert, none for a cleared one or a location without visits', async () => {
  const { locationId, jobIds } = await locationWithUpcomingVisits();
  await raise(locationId, 'hub_offline', 'offline');
  await remind();
  await raise(locationId, 'battery_low', 'Sensor battery at 8%');
  await raise(locationId, 'air_filter', 'cleared already', true);
  await raise(999_999_999, 'hub_offline', 'no such location');

  expect(await remind()).toMatchObject({ writes: jobIds.length, failed: 0 });
  const texts = (await notesWritten()).map((n) => (n.request as { text: string }).text);
  expect(texts.filter((t) => t.includes('battery health'))).toHaveLength(jobIds.length);
  expect(texts.filter((t) => t.includes('air filter'))).toHaveLength(0);
  expect(texts).toHaveLength(2 * jobIds.length);
});

it('does nothing, and calls nothing, without open alerts', async () => {
  const requests = async () => (await h.admin.stats()).reduce((sum, s) => sum + s.requests, 0);
  const before = await requests();
  expect(await remind()).toMatchObject({ checked: 0, writes: 0, backlog: 0, failed: 0 });
  expect(await requests()).toBe(before);
});
