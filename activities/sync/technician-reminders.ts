// Technician reminders: every job with an appointment coming up (now .. now + lookahead) at a
// location with an open hub alert gets one Job Note per alert saying what to check. A TechnicianNote
// row records each note written; before writing, the job's notes are searched for the alert's
// marker, so a note added just before a crash or a lost answer is recorded, not added twice.
// Only an open alert needs ServiceTitan watched (appointments get booked there without an event
// to us): while one is open the pass asks to look again after the interval (nextWakeAt); with
// none it asks for nothing, reads no ServiceTitan, and the child sleeps until an alert event.
import type { HubAlert } from '../../prisma/generated/client';
import type { Appointment, ServiceTitanClient } from '../../servicetitan/client';
import { DEFAULT_SYNC } from '../../workflows/onboarding/types';
import type { SyncPassResult } from '../../workflows/sync/types';
import { forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { isItemProblem, withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { alertMarker, reminderNote } from './reminder-notes';

/** Notes per pass; the rest is the backlog (the next pass starts at once). */
const NOTES_PER_PASS = 200;
const PAGE = 500;
/** Appointments a technician will still go to. */
const UPCOMING: ReadonlySet<Appointment['status']> = new Set(['Scheduled', 'Dispatched', 'Hold']);

interface Reminder {
  alert: HubAlert;
  jobId: number;
}

export function createTechnicianReminderActivities({ db, credentials, syncTiming }: Pick<SyncActivityDeps, 'db' | 'credentials' | 'syncTiming'>) {
  const watchEveryMs = syncTiming?.intervalMs ?? DEFAULT_SYNC.intervalMs;

  /**
   * The (alert, job) pairs due now. Two tenant-wide reads whatever the number of alerts: the
   * live appointments in the window, and the jobs with an appointment in it (for their location).
   */
  async function dueReminders(client: ServiceTitanClient, alerts: HubAlert[], lookaheadHours: number): Promise<Reminder[]> {
    const from = new Date().toISOString();
    const before = new Date(Date.now() + lookaheadHours * 3_600_000).toISOString();
    const appointments = await client.listAppointments({ startsOnOrAfter: from, startsBefore: before, pageSize: PAGE }).all();
    const jobsWithVisits = new Set(appointments.filter((a) => a.active && UPCOMING.has(a.status)).map((a) => a.jobId));
    if (jobsWithVisits.size === 0) return [];
    const jobs = await client.listJobs({ appointmentStartsOnOrAfter: from, appointmentStartsBefore: before, pageSize: PAGE }).all();
    const alertsAt = new Map<number, HubAlert[]>();
    for (const alert of alerts) alertsAt.set(Number(alert.locationId), [...(alertsAt.get(Number(alert.locationId)) ?? []), alert]);
    return jobs.filter((job) => jobsWithVisits.has(job.id)).flatMap((job) => (alertsAt.get(job.locationId) ?? []).map((alert) => ({ alert, jobId: job.id })));
  }

  const record = (partnerId: string, alertId: string, jobId: number, noteText: string): Promise<unknown> =>
    db.technicianNote.createMany({ data: [{ partnerId, alertId, jobId: BigInt(jobId), noteText }], skipDuplicates: true });

  return {
    async addTechnicianReminders({ partnerId, lookaheadHours }: { partnerId: string; lookaheadHours: number }): Promise<SyncPassResult> {
      const alerts = await db.hubAlert.findMany({ where: { partnerId, clearedAt: null }, orderBy: { raisedAt: 'asc' } });
      if (alerts.length === 0) return { checked: 0, writes: 0, backlog: 0, failed: 0 };
      const nextWakeAt = new Date(Date.now() + watchEveryMs).toISOString();
      return withServiceTitan(credentials, partnerId, async (client) => {
        const due = await dueReminders(client, alerts, lookaheadHours);
        const written = await db.technicianNote.findMany({
          where: { partnerId, alertId: { in: alerts.map((a) => a.id) } },
          select: { alertId: true, jobId: true },
        });
        const done = new Set(written.map((n) => `${n.alertId}:${n.jobId}`));
        const todo = due.filter((r) => !done.has(`${r.alert.id}:${r.jobId}`));
        const batch = todo.slice(0, NOTES_PER_PASS);
        const byJob = new Map<number, HubAlert[]>();
        for (const { alert, jobId } of batch) byJob.set(jobId, [...(byJob.get(jobId) ?? []), alert]);

        let writes = 0;
        let failed = 0;
        await forEachConcurrently([...byJob], PARALLEL_ITEMS, async ([jobId, jobAlerts]) => {
          let noted = 0;
          try {
            const existing = (await client.listJobNotes(jobId, { pageSize: PAGE }).all()).map((n) => n.text);
            for (const alert of jobAlerts) {
              const text = reminderNote(alert);
              if (!existing.some((note) => note.includes(alertMarker(alert.id)))) {
                await client.addJobNote(jobId, text);
                writes += 1;
              }
              await record(partnerId, alert.id, jobId, text);
              noted += 1;
            }
          } catch (error) {
            // The job went away (or refuses notes) since it was listed: nothing to remind there.
            if (!isItemProblem(error)) throw error;
            failed += jobAlerts.length - noted;
          }
        });
        return { checked: due.length, writes, backlog: todo.length - batch.length, failed, nextWakeAt };
      });
    },
  };
}
