// The contractor's business, seeded at random (deterministically) on top of its catalogs:
// customers with one to three service locations, memberships, bookings already received, and
// jobs with appointments from two weeks ago to two weeks ahead, some with office notes.
import type { AppointmentRow, CustomerRow, JobRow, LocationRow } from '../records';
import type { SeededRandom } from '../random';
import type { TenantData } from '../tenant-data';
import type { SeededCatalogs } from './catalogs';
import { DAY, iso, localDayStart, randomAddress, required } from './helpers';
import type { TenantProfile } from './profiles';

const FIRST_NAMES = [
  'James',
  'Maria',
  'Robert',
  'Linda',
  'Michael',
  'Patricia',
  'David',
  'Jennifer',
  'Carlos',
  'Aisha',
  'Kevin',
  'Nicole',
  'Brian',
  'Mei',
  'Daniel',
  'Sofia',
  'Eric',
  'Rachel',
  'Omar',
  'Hannah',
];
const LAST_NAMES = [
  'Johnson',
  'Garcia',
  'Miller',
  'Nguyen',
  'Davis',
  'Martinez',
  'Anderson',
  'Thompson',
  'Patel',
  'Robinson',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Hernandez',
  'King',
  'Wright',
  'Lopez',
  'Hill',
  'Scott',
];
const NOTES = [
  'Customer has two dogs; use the side gate.',
  'Gate code 2741. Park on the street.',
  'Please call 30 minutes before arrival.',
  'Unit is in the attic; bring the tall ladder.',
  'Customer reports the system short-cycles in the afternoon.',
];
const SLOT_HOURS = [8, 10, 12, 14, 16];

export function seedCustomersAndJobs(data: TenantData, profile: TenantProfile, catalogs: SeededCatalogs, random: SeededRandom, now: number): void {
  const user = data.integrationUserId;
  const { tagIds, locationFieldIds, campaignIds, saleOptions, technicians } = catalogs;
  const jobTypeIds = catalogs.jobTypes;
  // Customers, each with one to three service locations.
  const comfortCredits = locationFieldIds.get('Comfort Credits');
  const filterSize = locationFieldIds.get('Filter Size');
  const customerLocations: { customer: CustomerRow; locations: LocationRow[] }[] = [];
  for (let c = 0; c < profile.customers; c += 1) {
    const createdOn = iso(now - random.int(30, 900) * DAY);
    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    const home = randomAddress(random, profile);
    const customer = data.customers.insert({
      id: data.nextId(),
      active: true,
      name,
      type: c % 12 === 11 ? 'Commercial' : 'Residential',
      address: home,
      customFields: [],
      balance: c % 5 === 0 ? 129 : 0,
      taxExempt: false,
      tagTypeIds: c % 9 === 0 && tagIds.has('VIP') ? [required(tagIds.get('VIP'), 'VIP')] : [],
      doNotMail: false,
      doNotService: false,
      nationalAccount: false,
      createdOn,
      createdById: user,
      modifiedOn: createdOn,
      externalData: [],
    });
    const count = random.chance(0.15) ? 3 : random.chance(0.35) ? 2 : 1;
    const locations: LocationRow[] = [];
    for (let l = 0; l < count; l += 1) {
      const where = l === 0 ? home : randomAddress(random, profile);
      const customFields = [];
      if (comfortCredits && random.chance(0.3))
        customFields.push({ typeId: comfortCredits, name: 'Comfort Credits', value: String(random.pick([25, 50, 75, 100])) });
      if (filterSize && random.chance(0.5))
        customFields.push({ typeId: filterSize, name: 'Filter Size', value: random.pick(['16x25x1', '20x25x1', '20x20x4']) });
      locations.push(
        data.locations.insert({
          id: data.nextId(),
          customerId: customer.id,
          active: true,
          name: l === 0 ? name : l === 1 ? `${name} - Rental` : `${name} - Vacation Home`,
          address: where,
          customFields,
          createdOn,
          createdById: user,
          modifiedOn: createdOn,
          taxExempt: false,
          tagTypeIds: [],
          externalData: [],
          zoneId: null,
          taxZoneId: null,
        }),
      );
    }
    customerLocations.push({ customer, locations });
  }

  // Existing memberships on about a third of the customers.
  for (const { customer, locations } of customerLocations) {
    if (saleOptions.length === 0 || !random.chance(0.3)) continue;
    const option = random.pick(saleOptions);
    const from = now - random.int(10, 300) * DAY;
    const location = required(locations[0], 'location');
    data.memberships.insert({
      id: data.nextId(),
      createdOn: iso(from),
      createdById: user,
      modifiedOn: iso(from),
      followUpOn: iso(from + 330 * DAY),
      from: iso(from),
      to: option.months === null ? null : iso(from + option.months * 30 * DAY),
      nextScheduledBillDate: iso(from + 30 * DAY),
      billingFrequency: option.frequency,
      status: 'Active',
      followUpStatus: 'NotAttempted',
      active: true,
      initialDeferredRevenue: 0,
      duration: option.months,
      renewalDuration: option.months,
      businessUnitId: required(data.businessUnits.all()[0], 'business unit').id,
      customerId: customer.id,
      membershipTypeId: option.membershipTypeId,
      locationId: location.id,
      recurringLocationId: location.id,
      customFields: [],
    });
  }

  // Bookings already received from each provider.
  for (const provider of data.bookingProviderTags.all()) {
    for (let b = 0; b < 2; b += 1) {
      const createdOn = iso(now - random.int(1, 20) * DAY);
      data.bookings.insert({
        id: data.nextId(),
        source: provider.tagName,
        createdOn,
        name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        address: randomAddress(random, profile),
        customerType: 'Residential',
        start: iso(now + random.int(1, 10) * DAY),
        campaignId: campaignIds[0] ?? null,
        businessUnitId: null,
        isFirstTimeClient: true,
        isSendConfirmationEmail: false,
        status: b === 0 ? 'New' : 'Dismissed',
        dismissingReasonId: null,
        jobId: null,
        externalId: `seed-${provider.id}-${b + 1}`,
        priority: 'Normal',
        jobTypeId: null,
        bookingProviderId: provider.id,
        modifiedOn: createdOn,
        summary: 'Requested an AC check-up.',
        active: true,
      });
    }
  }

  // Jobs with one appointment each, past two weeks (done, a few canceled) and coming two weeks.
  const activeJobTypes = jobTypeIds.filter((j) => j.active);
  const allLocations = customerLocations.flatMap(({ customer, locations }) => locations.map((location) => ({ customer, location })));
  const petsTag = tagIds.get('Pets on Site');
  const localMidnight = localDayStart(now, profile.utcOffsetHours);
  for (let day = -14; day < 14; day += 1) {
    const jobsToday = random.int(profile.jobsPerDay[0], profile.jobsPerDay[1]);
    for (let n = 0; n < jobsToday && allLocations.length > 0 && activeJobTypes.length > 0; n += 1) {
      const { customer, location } = random.pick(allLocations);
      const jobType = random.pick(activeJobTypes);
      const businessUnitId = required(jobType.businessUnitIds[0], 'job type business unit');
      const tech = technicians.find((t) => t.businessUnitId === businessUnitId);
      const start = localMidnight + day * DAY + (random.pick(SLOT_HOURS) - profile.utcOffsetHours) * 3_600_000;
      const end = start + jobType.minutes * 60_000;
      const past = end < now;
      const canceled = past && random.chance(0.1);
      const bookedOn = iso(Math.min(now, start) - random.int(2, 10) * DAY);
      const jobId = data.nextId();
      const appointmentId = data.nextId();
      const job: JobRow = {
        id: jobId,
        jobNumber: data.nextJobNumber(),
        customerId: customer.id,
        locationId: location.id,
        jobStatus: canceled ? 'Canceled' : past ? 'Completed' : 'Scheduled',
        completedOn: past && !canceled ? iso(end) : null,
        businessUnitId,
        jobTypeId: jobType.id,
        priority: jobType.priority,
        campaignId: random.pick(campaignIds),
        appointmentCount: 1,
        firstAppointmentId: appointmentId,
        lastAppointmentId: appointmentId,
        noCharge: false,
        notificationsEnabled: true,
        createdOn: bookedOn,
        createdById: user,
        modifiedOn: past ? iso(end) : bookedOn,
        tagTypeIds: petsTag && random.chance(0.15) ? [petsTag] : [],
        customerPo: '',
        invoiceId: data.nextId(),
        estimateIds: [],
        equipmentIds: [],
        summary: `${jobType.name} at ${location.address.street}`,
        customFields: [],
        externalData: [],
        active: true,
      };
      data.jobs.insert(job);
      const appointment: AppointmentRow = {
        id: appointmentId,
        jobId,
        appointmentNumber: `${job.jobNumber}-1`,
        start: iso(start),
        end: iso(end),
        arrivalWindowStart: iso(start),
        arrivalWindowEnd: iso(start + 2 * 3_600_000),
        status: canceled ? 'Canceled' : past ? 'Done' : 'Scheduled',
        specialInstructions: null,
        createdOn: bookedOn,
        modifiedOn: job.modifiedOn,
        customerId: customer.id,
        unused: false,
        createdById: user,
        isConfirmed: !past,
        active: !canceled,
        technicianIds: tech && !canceled ? [tech.id] : [],
      };
      data.appointments.insert(appointment);
      if (random.chance(0.3)) {
        data.jobNotes.insert({
          id: data.nextId(),
          jobId,
          active: true,
          text: random.pick(NOTES),
          isPinned: false,
          createdById: user,
          createdOn: bookedOn,
          modifiedOn: bookedOn,
        });
      }
    }
  }
}
