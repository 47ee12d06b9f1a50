// What live-sync tests do around a live integration: post SmartAC events signed as the platform
// signs them, read the sandbox's record of ServiceTitan writes, and pick seeded places to act on.
import { randomUUID } from 'node:crypto';
import { signEvent } from '../../api/events';
import type { RunningSandbox } from '../../servicetitan/sandbox/server';
import type { RecordedWrite, WriteKind } from '../../servicetitan/sandbox/writes';
import { sandboxClient } from '../integration/servicetitan/support/sandbox-client';
import { http, type ApiTarget } from './service';

/** Posts one SmartAC event to our API, signed with the service's webhook secret. */
export async function deliverEvent(service: ApiTarget, partnerId: string, type: string, data: Record<string, unknown>, id: string = randomUUID()) {
  const body = JSON.stringify({ id, type, createdAt: new Date().toISOString(), partnerId, data });
  return http(service.baseUrl, 'POST', '/v1/events', body, { 'smartac-signature': signEvent(body, service.config.secrets.webhookSecret) });
}

/** The writes of one kind the sandbox recorded for a tenant, oldest first. */
export async function sandboxWrites(sandbox: Pick<RunningSandbox, 'url'>, tenantId: number, kind: WriteKind): Promise<RecordedWrite[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/tenants/${tenantId}/writes?kind=${kind}`);
  return (await res.json()) as RecordedWrite[];
}

/** Adds a sandbox fault rule (latency, status, reset) and returns its id. */
export async function addSandboxFault(sandbox: RunningSandbox, rule: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${sandbox.url}/__sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (res.status !== 201) throw new Error(`sandbox refused the fault rule: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

export async function clearSandboxFaults(sandbox: RunningSandbox): Promise<void> {
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
}

/** A homeowner with two properties, and a location with an appointment in the next two days. */
export async function pickLocations(sandbox: RunningSandbox, tenantId: number) {
  const st = sandboxClient(sandbox, tenantId);
  const locations = await st.listLocations({ pageSize: 500 }).all();
  const byCustomer = new Map<number, number[]>();
  for (const l of locations) byCustomer.set(l.customerId, [...(byCustomer.get(l.customerId) ?? []), l.id]);
  const [home, rental] = [...byCustomer.values()].find((ids) => ids.length >= 2)!;
  const now = Date.now();
  const appointments = await st
    .listAppointments({ startsOnOrAfter: new Date(now).toISOString(), startsBefore: new Date(now + 40 * 3600_000).toISOString(), pageSize: 200 })
    .all();
  const upcoming = appointments[0]!;
  const job = await st.getJob(upcoming.jobId);
  return { home: home!, rental: rental!, alertLocation: job.locationId, alertJobId: job.id };
}

/** A visit window tomorrow, 08:00-18:00 UTC, when the sandbox's technicians have capacity. */
export function visitWindowTomorrow(): { windowStart: string; windowEnd: string } {
  const start = new Date(Date.now() + 24 * 3600_000);
  start.setUTCHours(8, 0, 0, 0);
  return { windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + 10 * 3600_000).toISOString() };
}
