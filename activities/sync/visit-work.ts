// The ServiceTitan side of a visit request: finding work an earlier attempt created, asking
// capacity for a slot, and the job or booking requests themselves. Jobs carry our application's
// external data (the request id) and bookings our external id, which is how they are found again.
import {
  AccessDeniedError,
  type Booking,
  type CreateBookingRequest,
  type CreateJobRequest,
  type Job,
  type JobType,
  type Location,
  type ServiceTitanClient,
} from '../../servicetitan/client';
import type { VisitRequest } from '../../prisma/generated/client';
import { isItemProblem } from './failures';
import type { JobTypeChoice, SyncConfiguration } from './sync-configuration';

/** The external data key that names the visit request a job was booked for. */
export const VISIT_REQUEST_KEY = 'smartacVisitRequestId';
/** The Booking Provider tag SmartAC bookings go under (the tenant's first one otherwise). */
const BOOKING_PROVIDER_NAME = 'smartac.com';
const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;

export interface Slot {
  start: Date;
  end: Date;
}

/** The tenant's catalog entries a pass needs, each read at most once per pass. */
export function visitLookups(client: ServiceTitanClient) {
  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let loaded: Promise<T> | undefined;
    return () => (loaded ??= load());
  };
  const jobTypes = new Map<number, Promise<JobType | undefined>>();
  return {
    defaultCampaignId: once(async () => (await client.listCampaigns().all()).find((c) => c.isDefaultCampaign)?.id),
    bookingProviderId: once(async () => {
      const tags = (await client.listBookingProviderTags().all()).filter((t) => t.active);
      return (tags.find((t) => t.tagName.trim().toLowerCase() === BOOKING_PROVIDER_NAME) ?? tags[0])?.id;
    }),
    jobType(jobTypeId: number): Promise<JobType | undefined> {
      let jobType = jobTypes.get(jobTypeId);
      if (!jobType) {
        jobType = client
          .listJobTypes({ ids: String(jobTypeId), active: 'Any' })
          .all()
          .then((found) => found[0]);
        jobTypes.set(jobTypeId, jobType);
      }
      return jobType;
    },
  };
}
export type VisitLookups = ReturnType<typeof visitLookups>;

export async function findVisitJob(client: ServiceTitanClient, applicationGuid: string, requestId: string): Promise<Job | undefined> {
  const query = { externalDataApplicationGuid: applicationGuid, externalDataKey: VISIT_REQUEST_KEY, externalDataValues: requestId, pageSize: 1 };
  return (await client.listJobs(query).page()).data[0];
}

export async function findVisitBooking(client: ServiceTitanClient, bookingProviderId: number, requestId: string): Promise<Booking | undefined> {
  return (await client.listProviderBookings(bookingProviderId, { externalId: requestId, pageSize: 1 }).page()).data[0];
}

/**
 * The first available capacity slot in the requested window (what is left of it), or why there is
 * none. Capacity that cannot answer for this request (a window it refuses, no dispatch access)
 * leaves the visit to the office; an outage is thrown, so the pass is retried.
 */
export async function findSlot(
  client: ServiceTitanClient,
  settings: SyncConfiguration,
  mapping: JobTypeChoice,
  visit: VisitRequest,
): Promise<{ slot: Slot } | { reason: string }> {
  if (!settings.capacity.enabled) return { reason: 'capacity scheduling is off' };
  if (!settings.capacity.businessUnitIds.includes(mapping.businessUnitId)) return { reason: 'capacity scheduling is off for this Business Unit' };
  const from = new Date(Math.max(visit.windowStart.getTime(), Date.now()));
  if (from >= visit.windowEnd) return { reason: 'the requested window has passed' };
  let capacity;
  try {
    capacity = await client.getCapacity({
      startsOnOrAfter: from.toISOString(),
      endsOnOrBefore: visit.windowEnd.toISOString(),
      businessUnitIds: [mapping.businessUnitId],
      jobTypeId: mapping.jobTypeId,
      skillBasedAvailability: false,
    });
  } catch (error) {
    if (isItemProblem(error) || (error instanceof AccessDeniedError && error.reason === 'insufficient_scope'))
      return { reason: `no capacity answer from ServiceTitan (${error.code})` };
    throw error;
  }
  const open = capacity.availabilities
    .filter((a) => a.isAvailable)
    .map((a) => ({ start: new Date(a.startUtc ?? a.start), end: new Date(a.endUtc ?? a.end) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  return open[0] ? { slot: open[0] } : { reason: 'no available slot in the requested window' };
}

export function visitSummary(visit: VisitRequest): string {
  const notes = visit.notes?.trim();
  return `SmartAC.com visit request (${visit.trade} ${visit.condition}).${notes ? ` Member's notes: ${notes}` : ''}`;
}

/** Job summaries are HTML in ServiceTitan: the member's text must not become markup. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function jobRequest(input: {
  visit: VisitRequest;
  location: Location;
  mapping: JobTypeChoice;
  jobType: JobType | undefined;
  campaignId: number;
  tagTypeId: number;
  applicationGuid: string;
  slot: Slot;
}): CreateJobRequest {
  const { visit, location, mapping, jobType, slot } = input;
  const priority = PRIORITIES.find((p) => p === jobType?.priority) ?? 'Normal';
  // The slot is the arrival window; the appointment lasts as long as the job type takes.
  const end = jobType && jobType.duration > 0 ? new Date(slot.start.getTime() + jobType.duration * 1000) : slot.end;
  return {
    customerId: location.customerId,
    locationId: location.id,
    businessUnitId: mapping.businessUnitId,
    jobTypeId: mapping.jobTypeId,
    priority,
    campaignId: input.campaignId,
    appointments: [
      { start: slot.start.toISOString(), end: end.toISOString(), arrivalWindowStart: slot.start.toISOString(), arrivalWindowEnd: slot.end.toISOString() },
    ],
    summary: escapeHtml(visitSummary(visit)),
    tagTypeIds: [input.tagTypeId],
    externalData: { applicationGuid: input.applicationGuid, externalData: [{ key: VISIT_REQUEST_KEY, value: visit.requestId }] },
  };
}

export function bookingRequest(input: {
  visit: VisitRequest;
  location: Location;
  mapping: JobTypeChoice;
  campaignId: number | undefined;
}): CreateBookingRequest {
  const { visit, location, mapping } = input;
  const { street, unit, city, state, zip, country } = location.address;
  return {
    source: 'SmartAC.com',
    name: location.name,
    address: { street, unit: unit ?? null, city, state, zip, country },
    summary: visitSummary(visit),
    // The member's home is already a ServiceTitan customer.
    isFirstTimeClient: false,
    externalId: visit.requestId,
    start: new Date(Math.max(visit.windowStart.getTime(), Date.now())).toISOString(),
    campaignId: input.campaignId ?? null,
    businessUnitId: mapping.businessUnitId,
    jobTypeId: mapping.jobTypeId,
  };
}
