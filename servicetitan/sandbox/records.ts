// What the sandbox stores: ServiceTitan's own response shapes (the generated OpenAPI types), in
// their export-feed form where that carries more (an `active` flag on jobs and bookings), plus
// the few facts ServiceTitan keeps but does not return on these endpoints (note ids, technician
// assignments, the booking provider tag's owner).
import type { components as Crm } from '../openapi/crm-v2';
import type { components as Jpm } from '../openapi/jpm-v2';
import type { components as Marketing } from '../openapi/marketing-v2';
import type { components as Memberships } from '../openapi/memberships-v2';
import type { components as Pricebook } from '../openapi/pricebook-v2';
import type { components as Settings } from '../openapi/settings-v2';

type CrmS = Crm['schemas'];
type JpmS = Jpm['schemas'];
type MemS = Memberships['schemas'];

export type BusinessUnitRow = Settings['schemas']['TenantSettings.V2.BusinessUnitResponse'];
export type TagTypeRow = Settings['schemas']['TenantSettings.V2.TagTypeResponse'];
export type TechnicianRow = Settings['schemas']['TenantSettings.V2.TechnicianResponse'];
export type CustomerRow = CrmS['Crm.V2.ExportCustomerResponse'];
export type LocationRow = CrmS['Crm.V2.ExportLocationsResponse'];
export type CustomFieldTypeRow = CrmS['Crm.V2.Locations.CustomFieldTypeResponse'];
export type BookingProviderTagRow = CrmS['Crm.V2.GetBookingProviderTagResponse'];
export type BookingRow = CrmS['Crm.V2.ExportBookingResponse'];
export type JobTypeRow = JpmS['Jpm.V2.JobTypeResponse'];
export type JobRow = JpmS['Jpm.V2.ExportJobsResponse'];
export type JobNoteRow = JpmS['Jpm.V2.ExportJobNotesResponse'];
/** Appointment plus the technicians dispatch has assigned (capacity counts them as busy). */
export type AppointmentRow = JpmS['Jpm.V2.ExportAppointmentsResponse'] & { technicianIds: number[] };
export type CampaignRow = Marketing['schemas']['Marketing.V2.CampaignResponse'];
export type MembershipTypeRow = MemS['Memberships.V2.MembershipTypeResponse'];
/** A duration/billing option with the membership type it belongs to (the API nests it under one). */
export type DurationBillingRow = MemS['Memberships.V2.MembershipTypeDurationBillingItemResponse'] & { membershipTypeId: number };
export type RecurringServiceTypeRow = MemS['Memberships.V2.RecurringServiceTypeResponse'];
export type MembershipRow = MemS['Memberships.V2.ExportCustomerMembershipResponse'];
export type ServiceRow = Pricebook['schemas']['Pricebook.V2.ServiceGetResponse'];

/** Drops the sandbox-only fields before a row goes out as a response. */
export function withoutKeys<Row extends object, K extends keyof Row>(row: Row, ...keys: K[]): Omit<Row, K> {
  const copy = { ...row };
  for (const key of keys) delete copy[key];
  return copy;
}
