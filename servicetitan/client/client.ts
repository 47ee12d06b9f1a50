// The ServiceTitan client activities use: one instance per tenant credential set, cheap to
// create (token cache and rate limiter are shared per process by default). Every method maps to
// one documented operation (named in its comment) unless it says otherwise.
import { z } from 'zod';
import { API_MODULES, type ApiModule } from '../openapi/modules';
import { AccessDeniedError, ConflictError, UnexpectedResponseError, type AccessDeniedReason, type RequestRef } from './errors';
import { SERVICETITAN_HOSTS, type ServiceTitanEnvironment } from './hosts';
import { ApiHttp, type HttpVerb, type QueryValues } from './http';
import { silentLogger, type ServiceTitanLogger } from './logger';
import { noMetrics, type ServiceTitanMetrics } from './metrics';
import { ExportFeed, PagedList, DEFAULT_ITERATION_PAGE_SIZE, type ExportBatch, type Page } from './paging';
import { rateLimitKey, sharedRateLimiter, type RateLimiter } from './rate-limiter';
import * as schema from './schemas';
import { sharedTokenCache, type TokenCache } from './token-cache';
import { TokenProvider, type Credentials } from './token-provider';
import { Transport, type FetchLike } from './transport';
import type * as T from './types';

export interface ServiceTitanClientOptions {
  environment: ServiceTitanEnvironment;
  /** Overrides the environment's auth host (the sandbox serves both on one URL). */
  authBaseUrl?: string;
  /** Overrides the environment's API host. */
  apiBaseUrl?: string;
  /** Our application's ST-App-Key (same for every tenant and environment). */
  appKey: string;
  /** The tenant's Client ID and Secret for our app, in this environment. */
  credentials: Credentials;
  tokenCache?: TokenCache;
  rateLimiter?: RateLimiter;
  logger?: ServiceTitanLogger;
  /** API attempts by status and rate limiter waits; none by default. */
  metrics?: ServiceTitanMetrics;
  /** Per HTTP attempt. Default 30 s. */
  timeoutMs?: number;
  /** Aborts calls in flight and refuses new ones once it fires (an activity's cancellation). */
  signal?: AbortSignal;
  /** Retries after the first attempt (5xx/network on safe calls, 429 on any). Default 3. */
  maxRetries?: number;
  /** Backoff base for 5xx/network retries; full jitter up to base·2^attempt, capped at 5 s. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** A 429 asking to wait longer than this fails with RateLimitedError instead. Default 30 s. */
  maxRetryAfterMs?: number;
  fetch?: FetchLike;
  /** Epoch milliseconds; token expiry is judged by it. Default Date.now. */
  clock?: () => number;
}

export interface CustomFieldValue {
  typeId: number;
  /** null clears the field. */
  value: string | null;
}

export interface AccessReport {
  tenantId: string;
  granted: ApiModule[];
  denied: { area: ApiModule; reason: AccessDeniedReason; request: RequestRef }[];
}

export class ServiceTitanClient {
  readonly tenantId: string;
  private readonly http: ApiHttp;
  private readonly tokens: TokenProvider;
  private readonly clock: () => number;

  constructor(options: ServiceTitanClientOptions) {
    const { credentials, appKey } = options;
    if (!/^\d+$/.test(credentials.tenantId)) throw new TypeError('ServiceTitan tenant ID must be a number');
    if (!credentials.clientId || !credentials.clientSecret || !appKey) throw new TypeError('ServiceTitan client ID, client secret and app key are required');
    this.tenantId = credentials.tenantId;
    this.clock = options.clock ?? Date.now;
    const hosts = SERVICETITAN_HOSTS[options.environment];
    const transport = new Transport(options.fetch ?? ((url, init) => fetch(url, init)), options.timeoutMs ?? 30_000, Date.now, options.signal);
    this.tokens = new TokenProvider(trimSlash(options.authBaseUrl ?? hosts.auth), credentials, options.tokenCache ?? sharedTokenCache(), transport, this.clock);
    this.http = new ApiHttp({
      apiBaseUrl: trimSlash(options.apiBaseUrl ?? hosts.api),
      appKey,
      tenantId: credentials.tenantId,
      clientSecret: credentials.clientSecret,
      tokens: this.tokens,
      limiter: options.rateLimiter ?? sharedRateLimiter(),
      limiterKey: rateLimitKey(appKey, credentials.tenantId),
      transport,
      logger: options.logger ?? silentLogger,
      metrics: options.metrics ?? noMetrics,
      maxRetries: options.maxRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      backoff: { baseDelayMs: options.retryBaseDelayMs ?? 250, maxDelayMs: 5_000, random: Math.random },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => performance.now(),
    });
  }

  // --- access -----------------------------------------------------------------------------

  /** Gets (or reuses) an access token: proves the Client ID and Secret. */
  async authenticate(): Promise<void> {
    await this.tokens.get();
  }

  /**
   * Credentials first, then one cheap read in each API area the product uses, to learn which
   * areas answer 403 (missing scope, or the app is restricted to a booking provider). Failures
   * that are not about one area (bad credentials or app key, app not connected, wrong tenant,
   * outages) are thrown. `reads` replaces an area's probe by a read the caller needs anyway (any
   * call in that area proves the same), so the check costs no call of its own there.
   */
  async verifyAccess(reads: Partial<Record<ApiModule, () => Promise<unknown>>> = {}): Promise<AccessReport> {
    await this.authenticate();
    const report: AccessReport = { tenantId: this.tenantId, granted: [], denied: [] };
    for (const area of API_MODULES) {
      try {
        await (reads[area] ?? (() => this.probe(area)))();
        report.granted.push(area);
      } catch (error) {
        if (!(error instanceof AccessDeniedError) || !error.request) throw error;
        report.denied.push({ area, reason: error.reason, request: error.request });
      }
    }
    return report;
  }

  private probe(area: ApiModule): Promise<unknown> {
    const one = { pageSize: 1 };
    const probes: Record<ApiModule, () => Promise<unknown>> = {
      settings: () => this.listBusinessUnits(one).page(),
      crm: () => this.listCustomers(one).page(),
      jpm: () => this.listJobTypes(one).page(),
      // Dispatch has no read the product's scopes cover; a one-hour capacity query is cheap.
      dispatch: () => {
        const start = this.clock();
        return this.getCapacity({
          startsOnOrAfter: new Date(start).toISOString(),
          endsOnOrBefore: new Date(start + 3_600_000).toISOString(),
          skillBasedAvailability: false,
        });
      },
      marketing: () => this.listCampaigns(one).page(),
      memberships: () => this.listMembershipTypes(one).page(),
      pricebook: () => this.listServices(one).page(),
    };
    return probes[area]();
  }

  // --- settings ---------------------------------------------------------------------------

  /** BusinessUnits_GetList */
  listBusinessUnits(query?: T.BusinessUnitQuery): PagedList<T.BusinessUnit> {
    return this.list('settings', '/business-units', schema.businessUnit, query);
  }

  /** TagTypes_GetList */
  listTagTypes(query?: T.TagTypeQuery): PagedList<T.TagType> {
    return this.list('settings', '/tag-types', schema.tagType, query);
  }

  /** Technicians_GetList */
  listTechnicians(query?: T.TechnicianQuery): PagedList<T.Technician> {
    return this.list('settings', '/technicians', schema.technician, query);
  }

  // --- crm: customers ---------------------------------------------------------------------

  /** Customers_GetList */
  listCustomers(query?: T.CustomerQuery): PagedList<T.Customer> {
    return this.list('crm', '/customers', schema.customer, query);
  }

  /** Customers_Get */
  async getCustomer(customerId: number): Promise<T.Customer> {
    return this.read('crm', `/customers/${id(customerId)}`, schema.customer);
  }

  /** ExportCustomers_GetCustomers */
  exportCustomers(from?: string): ExportFeed<T.ExportedCustomer> {
    return this.exportFeed('crm', '/export/customers', schema.customer, from);
  }

  /** Customers_GetCustomFieldTypes */
  listCustomerCustomFieldTypes(query?: T.CustomFieldTypeQuery): PagedList<T.CustomerCustomFieldType> {
    return this.list('crm', '/customers/custom-fields', schema.customFieldType, query);
  }

  /** Customers_CreateTag. Idempotent: a tag the customer already has (409) counts as done. */
  async tagCustomer(customerId: number, tagTypeId: number): Promise<void> {
    await this.ignoreConflict(this.send('POST', 'crm', `/customers/${id(customerId)}/tags/${id(tagTypeId)}`, undefined, schema.customerTags, true));
  }

  /** Customers_DeleteTag */
  async untagCustomer(customerId: number, tagTypeId: number): Promise<void> {
    await this.send('DELETE', 'crm', `/customers/${id(customerId)}/tags/${id(tagTypeId)}`, undefined, undefined, true);
  }

  // --- crm: locations ---------------------------------------------------------------------

  /** Locations_GetList */
  listLocations(query?: T.LocationQuery): PagedList<T.Location> {
    return this.list('crm', '/locations', schema.location, query);
  }

  /** Locations_Get */
  async getLocation(locationId: number): Promise<T.Location> {
    return this.read('crm', `/locations/${id(locationId)}`, schema.location);
  }

  /**
   * ExportLocations_Locations. `includeRecentChanges`: ServiceTitan hands out the latest changes
   * sooner, at the price of a record possibly appearing more than once.
   */
  exportLocations(from?: string, options: { includeRecentChanges?: boolean } = {}): ExportFeed<T.ExportedLocation> {
    return this.exportFeed('crm', '/export/locations', schema.location, from, options.includeRecentChanges ? { includeRecentChanges: true } : {});
  }

  /** Locations_GetCustomFieldTypes */
  listLocationCustomFieldTypes(query?: T.CustomFieldTypeQuery): PagedList<T.LocationCustomFieldType> {
    return this.list('crm', '/locations/custom-fields', schema.customFieldType, query);
  }

  /**
   * Locations_Get + Locations_Update. ServiceTitan's PATCH replaces the whole custom field set
   * (a field left out is cleared), so the location's other values are read and sent back with
   * ours. Not atomic: a change made in ServiceTitan between our read and write is overwritten.
   */
  async setLocationCustomFields(locationId: number, values: CustomFieldValue[]): Promise<T.Location> {
    const current = await this.getLocation(locationId);
    const merged = new Map<number, string>();
    for (const field of current.customFields)
      if (field.value !== null && field.value !== undefined && field.value !== '') merged.set(field.typeId, field.value);
    for (const { typeId, value } of values) {
      if (value === null) merged.delete(typeId);
      else merged.set(typeId, value);
    }
    const customFields = [...merged].map(([typeId, value]) => ({ typeId, value }));
    return this.send('PATCH', 'crm', `/locations/${id(locationId)}`, { customFields }, schema.location, true);
  }

  /**
   * Locations_Update with the location's whole custom field set: ServiceTitan replaces the array,
   * so `customFields` must carry every field to keep, as the caller last saw them (e.g. in the
   * export feed). One call, no read; a field changed in ServiceTitan since the caller saw it is
   * overwritten.
   */
  async replaceLocationCustomFields(locationId: number, customFields: CustomFieldValue[]): Promise<T.Location> {
    return this.send('PATCH', 'crm', `/locations/${id(locationId)}`, { customFields }, schema.location, true);
  }

  /** Locations_CreateTag. Idempotent: a tag the location already has (409) counts as done. */
  async tagLocation(locationId: number, tagTypeId: number): Promise<void> {
    await this.ignoreConflict(this.send('POST', 'crm', `/locations/${id(locationId)}/tags/${id(tagTypeId)}`, undefined, schema.locationTags, true));
  }

  /** Locations_DeleteTag */
  async untagLocation(locationId: number, tagTypeId: number): Promise<void> {
    await this.send('DELETE', 'crm', `/locations/${id(locationId)}/tags/${id(tagTypeId)}`, undefined, undefined, true);
  }

  // --- crm: bookings ----------------------------------------------------------------------

  /** BookingProviderTags_GetList */
  listBookingProviderTags(query?: T.BookingProviderTagQuery): PagedList<T.BookingProviderTag> {
    return this.list('crm', '/booking-provider-tags', schema.bookingProviderTag, query);
  }

  /** Bookings_Create: the one booking call an app restricted to a booking provider may make. */
  async createBooking(bookingProviderId: number, booking: T.CreateBookingRequest): Promise<T.Booking> {
    return this.send('POST', 'crm', `/booking-provider/${id(bookingProviderId)}/bookings`, booking, schema.booking, false);
  }

  /** Bookings_GetList2 */
  listProviderBookings(bookingProviderId: number, query?: T.BookingQuery): PagedList<T.Booking> {
    return this.list('crm', `/booking-provider/${id(bookingProviderId)}/bookings`, schema.booking, query);
  }

  /** Bookings_GetList (tenant level: needs "No Restrictions" access) */
  listBookings(query?: T.BookingQuery): PagedList<T.Booking> {
    return this.list('crm', '/bookings', schema.booking, query);
  }

  /** Bookings_Get (tenant level) */
  async getBooking(bookingId: number): Promise<T.Booking> {
    return this.read('crm', `/bookings/${id(bookingId)}`, schema.booking);
  }

  // --- jpm --------------------------------------------------------------------------------

  /** JobTypes_GetList */
  listJobTypes(query?: T.JobTypeQuery): PagedList<T.JobType> {
    return this.list('jpm', '/job-types', schema.jobType, query);
  }

  /** Jobs_GetList: by appointment date range (appointmentStartsOnOrAfter/Before), locationId, jobStatus... */
  listJobs(query?: T.JobQuery): PagedList<T.Job> {
    return this.list('jpm', '/jobs', schema.job, query);
  }

  /** Jobs_Get */
  async getJob(jobId: number): Promise<T.Job> {
    return this.read('jpm', `/jobs/${id(jobId)}`, schema.job);
  }

  /** Jobs_Create: a job with its appointments. Not retried after a 5xx or network failure. */
  async createJob(job: T.CreateJobRequest): Promise<T.Job> {
    return this.send('POST', 'jpm', '/jobs', job, schema.job, false);
  }

  /** Export_Jobs */
  exportJobs(from?: string): ExportFeed<T.ExportedJob> {
    return this.exportFeed('jpm', '/export/jobs', schema.job, from);
  }

  /** Jobs_Get + Jobs_Update: PATCH replaces the tag set, so the job's other tags are sent back. */
  async tagJob(jobId: number, tagTypeId: number): Promise<T.Job> {
    return this.updateJobTags(jobId, (tags) => (tags.includes(tagTypeId) ? tags : [...tags, tagTypeId]));
  }

  /** Jobs_Get + Jobs_Update */
  async untagJob(jobId: number, tagTypeId: number): Promise<T.Job> {
    return this.updateJobTags(jobId, (tags) => tags.filter((t) => t !== tagTypeId));
  }

  private async updateJobTags(jobId: number, change: (tags: number[]) => number[]): Promise<T.Job> {
    const job = await this.getJob(jobId);
    const tagTypeIds = change(job.tagTypeIds);
    if (tagTypeIds.length === job.tagTypeIds.length && tagTypeIds.every((t, i) => t === job.tagTypeIds[i])) return job;
    return this.send('PATCH', 'jpm', `/jobs/${id(jobId)}`, { tagTypeIds }, schema.job, true);
  }

  /** Jobs_GetNotes */
  listJobNotes(jobId: number, query?: T.JobNoteQuery): PagedList<T.JobNote> {
    return this.list('jpm', `/jobs/${id(jobId)}/notes`, schema.jobNote, query);
  }

  /** Jobs_CreateNote. Not retried after a 5xx or network failure (a repeat would add it twice). */
  async addJobNote(jobId: number, text: string, options: { pinToTop?: boolean } = {}): Promise<T.JobNote> {
    return this.send('POST', 'jpm', `/jobs/${id(jobId)}/notes`, { text, ...options }, schema.jobNote, false);
  }

  /** Appointments_GetList: by startsOnOrAfter/startsBefore, jobId, status, technicianId... */
  listAppointments(query?: T.AppointmentQuery): PagedList<T.Appointment> {
    return this.list('jpm', '/appointments', schema.appointment, query);
  }

  /** Export_Appointments */
  exportAppointments(from?: string): ExportFeed<T.ExportedAppointment> {
    return this.exportFeed('jpm', '/export/appointments', schema.appointment, from);
  }

  // --- dispatch ---------------------------------------------------------------------------

  /** Capacity_GetList: a POST, but a pure read, so retried like one. */
  async getCapacity(request: T.CapacityRequest): Promise<T.Capacity> {
    return this.send('POST', 'dispatch', '/capacity', request, schema.capacity, true);
  }

  // --- marketing --------------------------------------------------------------------------

  /** Campaigns_GetList */
  listCampaigns(query?: T.CampaignQuery): PagedList<T.Campaign> {
    return this.list('marketing', '/campaigns', schema.campaign, query);
  }

  // --- memberships ------------------------------------------------------------------------

  /** MembershipTypes_GetList */
  listMembershipTypes(query?: T.MembershipTypeQuery): PagedList<T.MembershipType> {
    return this.list('memberships', '/membership-types', schema.membershipType, query);
  }

  /** MembershipTypes_GetDurationBillingList: the `durationBillingId`s a sale needs. */
  async listMembershipDurationBilling(membershipTypeId: number, query?: T.DurationBillingQuery): Promise<T.MembershipDurationBilling[]> {
    const response = await this.http.call({
      method: 'GET',
      module: 'memberships',
      path: `/membership-types/${id(membershipTypeId)}/duration-billing-items`,
      query: query as QueryValues | undefined,
      idempotent: true,
    });
    return checked<T.MembershipDurationBilling[]>(z.array(schema.durationBilling), response.body, response.request, response.status);
  }

  /** RecurringServiceTypes_GetList */
  listRecurringServiceTypes(query?: T.RecurringServiceTypeQuery): PagedList<T.RecurringServiceType> {
    return this.list('memberships', '/recurring-service-types', schema.recurringServiceType, query);
  }

  /** CustomerMemberships_GetList */
  listMemberships(query?: T.MembershipQuery): PagedList<T.Membership> {
    return this.list('memberships', '/memberships', schema.membership, query);
  }

  /** Export_Memberships */
  exportMemberships(from?: string): ExportFeed<T.ExportedMembership> {
    return this.exportFeed('memberships', '/export/memberships', schema.membership, from);
  }

  /** CustomerMemberships_Create (`POST /memberships/sale`): sells a membership, creating its invoice. */
  async sellMembership(sale: T.MembershipSaleRequest): Promise<T.MembershipSale> {
    return this.send('POST', 'memberships', '/memberships/sale', sale, schema.membershipSale, false);
  }

  // --- pricebook --------------------------------------------------------------------------

  /** Services_GetList */
  listServices(query?: T.PricebookServiceQuery): PagedList<T.PricebookService> {
    return this.list('pricebook', '/services', schema.pricebookService, query);
  }

  // --- plumbing ---------------------------------------------------------------------------

  private list<Item>(module: ApiModule, path: string, item: z.ZodType, query: object | undefined): PagedList<Item> {
    const base = { ...(query as QueryValues | undefined) };
    const pageSize = typeof base['pageSize'] === 'number' ? base['pageSize'] : DEFAULT_ITERATION_PAGE_SIZE;
    const envelope = schema.pageOf(item);
    return new PagedList<Item>(async (page, size) => {
      const response = await this.http.call({ method: 'GET', module, path, query: { ...base, page, pageSize: size }, idempotent: true });
      return checked<Page<Item>>(envelope, response.body, response.request, response.status);
    }, pageSize);
  }

  private exportFeed<Item>(module: ApiModule, path: string, item: z.ZodType, from: string | undefined, query: QueryValues = {}): ExportFeed<Item> {
    const envelope = schema.exportOf(item);
    return new ExportFeed<Item>(async (token) => {
      const response = await this.http.call({ method: 'GET', module, path, query: { ...query, from: token }, idempotent: true });
      return checked<ExportBatch<Item>>(envelope, response.body, response.request, response.status);
    }, from);
  }

  private async read<Result>(module: ApiModule, path: string, shape: z.ZodType): Promise<Result> {
    const response = await this.http.call({ method: 'GET', module, path, idempotent: true });
    return checked<Result>(shape, response.body, response.request, response.status);
  }

  private async send<Result>(
    method: HttpVerb,
    module: ApiModule,
    path: string,
    body: unknown,
    shape: z.ZodType | undefined,
    idempotent: boolean,
  ): Promise<Result> {
    const response = await this.http.call({ method, module, path, body, idempotent });
    return shape ? checked<Result>(shape, response.body, response.request, response.status) : (undefined as Result);
  }

  private async ignoreConflict(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}

/** Validates the fields we depend on, then hands back ServiceTitan's body untouched. */
function checked<Result>(shape: z.ZodType, body: unknown, request: RequestRef, status: number): Result {
  const result = shape.safeParse(body);
  if (result.success) return body as Result;
  const issues = result.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new UnexpectedResponseError(
    `ServiceTitan ${request.method} ${request.path} answered ${status} with an unexpected body: ${issues.join('; ')}`,
    issues,
    request,
    status,
  );
}

function id(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`not a ServiceTitan id: ${value}`);
  return String(value);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
