// Names for the generated OpenAPI types the client speaks in (servicetitan/openapi/*-v2.ts).
import type { components as CrmComponents, operations as CrmOperations } from '../openapi/crm-v2';
import type { components as DispatchComponents } from '../openapi/dispatch-v2';
import type { components as JpmComponents, operations as JpmOperations } from '../openapi/jpm-v2';
import type { components as MarketingComponents, operations as MarketingOperations } from '../openapi/marketing-v2';
import type { components as MembershipsComponents, operations as MembershipsOperations } from '../openapi/memberships-v2';
import type { components as PricebookComponents, operations as PricebookOperations } from '../openapi/pricebook-v2';
import type { components as SettingsComponents, operations as SettingsOperations } from '../openapi/settings-v2';

type Crm = CrmComponents['schemas'];
type Jpm = JpmComponents['schemas'];
type Settings = SettingsComponents['schemas'];
type Memberships = MembershipsComponents['schemas'];

/** An operation's query parameters, without `page` (iteration sets it). */
type ListQuery<Op> = Op extends { parameters: { query?: infer Q } } ? Omit<NonNullable<Q>, 'page'> : never;

// settings
export type BusinessUnit = Settings['TenantSettings.V2.BusinessUnitResponse'];
export type TagType = Settings['TenantSettings.V2.TagTypeResponse'];
export type Technician = Settings['TenantSettings.V2.TechnicianResponse'];
export type BusinessUnitQuery = ListQuery<SettingsOperations['BusinessUnits_GetList']>;
export type TagTypeQuery = ListQuery<SettingsOperations['TagTypes_GetList']>;
export type TechnicianQuery = ListQuery<SettingsOperations['Technicians_GetList']>;

// crm
export type Customer = Crm['Crm.V2.Customers.CustomerResponse'];
export type ExportedCustomer = Crm['Crm.V2.ExportCustomerResponse'];
export type CustomerCustomFieldType = Crm['Crm.V2.Customers.CustomFieldTypeResponse'];
export type Location = Crm['Crm.V2.Locations.LocationResponse'];
export type ExportedLocation = Crm['Crm.V2.ExportLocationsResponse'];
export type LocationCustomFieldType = Crm['Crm.V2.Locations.CustomFieldTypeResponse'];
export type LocationTags = Crm['Crm.V2.Locations.CreateLocationTagResponse'];
export type CustomerTags = Crm['Crm.V2.Customers.CreateCustomerTagResponse'];
export type Booking = Crm['Crm.V2.BookingResponse'];
export type CreateBookingRequest = Crm['Crm.V2.CreateBookingRequest'];
export type BookingProviderTag = Crm['Crm.V2.GetBookingProviderTagResponse'];
export type CustomerQuery = ListQuery<CrmOperations['Customers_GetList']>;
export type LocationQuery = ListQuery<CrmOperations['Locations_GetList']>;
export type CustomFieldTypeQuery = ListQuery<CrmOperations['Locations_GetCustomFieldTypes']>;
export type BookingQuery = ListQuery<CrmOperations['Bookings_GetList']>;
export type BookingProviderTagQuery = ListQuery<CrmOperations['BookingProviderTags_GetList']>;

// jpm
export type JobType = Jpm['Jpm.V2.JobTypeResponse'];
export type Job = Jpm['Jpm.V2.JobResponse'];
export type ExportedJob = Jpm['Jpm.V2.ExportJobsResponse'];
export type CreateJobRequest = Jpm['Jpm.V2.JobCreateRequest'];
export type JobNote = Jpm['Jpm.V2.NoteResponse'];
export type Appointment = Jpm['Jpm.V2.AppointmentResponse'];
export type ExportedAppointment = Jpm['Jpm.V2.ExportAppointmentsResponse'];
export type JobTypeQuery = ListQuery<JpmOperations['JobTypes_GetList']>;
export type JobQuery = ListQuery<JpmOperations['Jobs_GetList']>;
export type JobNoteQuery = ListQuery<JpmOperations['Jobs_GetNotes']>;
export type AppointmentQuery = ListQuery<JpmOperations['Appointments_GetList']>;

// dispatch
export type CapacityRequest = DispatchComponents['schemas']['Dispatch.V2.CapacityRequestArgs'];
export type Capacity = DispatchComponents['schemas']['Dispatch.V2.CapacityResponse'];

// marketing
export type Campaign = MarketingComponents['schemas']['Marketing.V2.CampaignResponse'];
export type CampaignQuery = ListQuery<MarketingOperations['Campaigns_GetList']>;

// memberships
export type MembershipType = Memberships['Memberships.V2.MembershipTypeResponse'];
export type MembershipDurationBilling = Memberships['Memberships.V2.MembershipTypeDurationBillingItemResponse'];
export type RecurringServiceType = Memberships['Memberships.V2.RecurringServiceTypeResponse'];
export type Membership = Memberships['Memberships.V2.CustomerMembershipResponse'];
export type ExportedMembership = Memberships['Memberships.V2.ExportCustomerMembershipResponse'];
export type MembershipSaleRequest = Memberships['Memberships.V2.MembershipSaleInvoiceCreateRequest'];
export type MembershipSale = Memberships['Memberships.V2.MembershipSaleInvoiceCreateResponse'];
export type MembershipTypeQuery = ListQuery<MembershipsOperations['MembershipTypes_GetList']>;
export type DurationBillingQuery = ListQuery<MembershipsOperations['MembershipTypes_GetDurationBillingList']>;
export type RecurringServiceTypeQuery = ListQuery<MembershipsOperations['RecurringServiceTypes_GetList']>;
export type MembershipQuery = ListQuery<MembershipsOperations['CustomerMemberships_GetList']>;

// pricebook
export type PricebookService = PricebookComponents['schemas']['Pricebook.V2.ServiceGetResponse'];
export type PricebookServiceQuery = ListQuery<PricebookOperations['Services_GetList']>;
