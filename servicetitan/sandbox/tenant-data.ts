// All records of one sandbox tenant, and its id and job-number sequences.
import type {
  AppointmentRow,
  BookingProviderTagRow,
  BookingRow,
  BusinessUnitRow,
  CampaignRow,
  CustomerRow,
  CustomFieldTypeRow,
  DurationBillingRow,
  JobNoteRow,
  JobRow,
  JobTypeRow,
  LocationRow,
  MembershipRow,
  MembershipTypeRow,
  RecurringServiceTypeRow,
  ServiceRow,
  TagTypeRow,
  TechnicianRow,
} from './records';
import { ChangeCounter, Table, type Identified } from './store';

export class TenantData {
  readonly counter = new ChangeCounter();
  readonly businessUnits = new Table<BusinessUnitRow>(this.counter);
  readonly tagTypes = new Table<TagTypeRow>(this.counter);
  readonly technicians = new Table<TechnicianRow>(this.counter);
  readonly customers = new Table<CustomerRow>(this.counter);
  readonly customerCustomFieldTypes = new Table<CustomFieldTypeRow>(this.counter);
  readonly locations = new Table<LocationRow>(this.counter);
  readonly locationCustomFieldTypes = new Table<CustomFieldTypeRow>(this.counter);
  readonly bookingProviderTags = new Table<BookingProviderTagRow>(this.counter);
  readonly bookings = new Table<BookingRow>(this.counter);
  readonly jobTypes = new Table<JobTypeRow>(this.counter);
  readonly jobs = new Table<JobRow>(this.counter);
  readonly jobNotes = new Table<JobNoteRow>(this.counter);
  readonly appointments = new Table<AppointmentRow>(this.counter);
  readonly campaigns = new Table<CampaignRow>(this.counter);
  readonly membershipTypes = new Table<MembershipTypeRow>(this.counter);
  readonly durationBilling = new Table<DurationBillingRow>(this.counter);
  readonly recurringServiceTypes = new Table<RecurringServiceTypeRow>(this.counter);
  readonly memberships = new Table<MembershipRow>(this.counter);
  readonly services = new Table<ServiceRow>(this.counter);

  /** The ServiceTitan user the API application acts as (`createdById` of what the app writes). */
  readonly integrationUserId: number;
  private lastId: number;
  private lastJobNumber = 10_000;

  constructor(
    readonly tenantId: number,
    readonly name: string,
    idBase: number,
    /** Fixed offset of the contractor's local time, for capacity slots. */
    readonly utcOffsetHours: number,
  ) {
    this.lastId = idBase + 1000;
    this.integrationUserId = idBase + 1;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  nextJobNumber(): string {
    this.lastJobNumber += 1;
    return String(this.lastJobNumber);
  }

  /** Everything needed to rebuild this tenant as it is now (plain JSON). */
  snapshot(): TenantSnapshot {
    const tables = {} as TenantSnapshot['tables'];
    for (const name of TABLE_NAMES) tables[name] = (this[name] as Table<Identified>).dump();
    return {
      tenantId: this.tenantId,
      name: this.name,
      utcOffsetHours: this.utcOffsetHours,
      integrationUserId: this.integrationUserId,
      lastId: this.lastId,
      lastJobNumber: this.lastJobNumber,
      changeCounter: this.counter.current,
      tables,
    };
  }

  static fromSnapshot(snapshot: TenantSnapshot): TenantData {
    // The constructor derives integrationUserId from idBase; lastId is set from the snapshot below.
    const data = new TenantData(snapshot.tenantId, snapshot.name, snapshot.integrationUserId - 1, snapshot.utcOffsetHours);
    data.lastId = snapshot.lastId;
    data.lastJobNumber = snapshot.lastJobNumber;
    data.counter.restore(snapshot.changeCounter);
    for (const name of TABLE_NAMES) (data[name] as Table<Identified>).load(snapshot.tables[name] ?? []);
    return data;
  }
}

export interface TenantSnapshot {
  tenantId: number;
  name: string;
  utcOffsetHours: number;
  integrationUserId: number;
  lastId: number;
  lastJobNumber: number;
  changeCounter: number;
  tables: Record<TableName, [row: Identified, change: number][]>;
}

/** Tables the admin API can dump, by the name used in its URL. */
export const TABLE_NAMES = [
  'businessUnits',
  'tagTypes',
  'technicians',
  'customers',
  'customerCustomFieldTypes',
  'locations',
  'locationCustomFieldTypes',
  'bookingProviderTags',
  'bookings',
  'jobTypes',
  'jobs',
  'jobNotes',
  'appointments',
  'campaigns',
  'membershipTypes',
  'durationBilling',
  'recurringServiceTypes',
  'memberships',
  'services',
] as const satisfies readonly (keyof TenantData)[];

export type TableName = (typeof TABLE_NAMES)[number];
