// Runtime checks of the response fields the product relies on, so a field ServiceTitan renames
// or retypes fails at the call with a clear UnexpectedResponseError instead of as an `undefined`
// deep inside a workflow. Each schema is tied to its generated OpenAPI type by `describes<T>()`:
// it may only name fields of T, with types T allows, or compilation fails. The client returns
// ServiceTitan's body as it came (every documented field), typed as T, once its schema passes.
import { z } from 'zod';
import type * as T from './types';

/** True when every field O names exists in T (at any depth) with a type T allows. */
type Fits<O, T> = [O] extends [never]
  ? true
  : O extends readonly (infer E)[]
    ? NonNullable<T> extends readonly (infer TE)[]
      ? Fits<E, TE>
      : false
    : O extends object
      ? FitsObject<O, NonNullable<T>>
      : O extends T
        ? true
        : false;

type FitsObject<O, T> = [Exclude<keyof O, keyof T>] extends [never]
  ? { [K in keyof O]-?: K extends keyof T ? Fits<O[K], T[K]> : false }[keyof O] extends true
    ? true
    : false
  : false;

function describes<Target>() {
  return <S extends z.ZodType>(schema: S & (Fits<z.output<S>, Target> extends true ? unknown : never)): S => schema;
}

const id = z.number().int();
const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');
const nullableId = id.nullable().optional();
const customFieldValues = z.array(z.object({ typeId: id, value: z.string().nullable().optional() }));

export const businessUnit = describes<T.BusinessUnit>()(z.object({ id, name: z.string(), active: z.boolean() }));

export const tagType = describes<T.TagType>()(z.object({ id, name: z.string(), active: z.boolean() }));

export const technician = describes<T.Technician>()(z.object({ id, name: z.string(), active: z.boolean(), businessUnitId: nullableId }));

export const customFieldType = describes<T.LocationCustomFieldType & T.CustomerCustomFieldType>()(
  z.object({ id, name: z.string().nullable().optional(), dataType: z.string().nullable().optional() }),
);

export const customer = describes<T.Customer>()(
  z.object({ id, name: z.string(), active: z.boolean(), tagTypeIds: z.array(id), customFields: customFieldValues }),
);

export const location = describes<T.Location>()(
  z.object({
    id,
    customerId: id,
    name: z.string(),
    active: z.boolean(),
    address: z.object({ street: z.string(), city: z.string(), state: z.string(), zip: z.string() }),
    customFields: customFieldValues,
    tagTypeIds: z.array(id),
    // Orders what we know of a location: an older record of the export feed never replaces a newer one.
    modifiedOn: dateTime,
  }),
);

export const locationTags = describes<T.LocationTags>()(z.object({ locationId: id, tagTypeIds: z.array(id) }));

export const customerTags = describes<T.CustomerTags>()(z.object({ customerId: id, tagTypeIds: z.array(id) }));

export const booking = describes<T.Booking>()(
  z.object({
    id,
    externalId: z.string(),
    bookingProviderId: id,
    status: z.enum(['New', 'Converted', 'Dismissed', 'Accepted']),
    jobId: nullableId,
    start: dateTime,
  }),
);

export const bookingProviderTag = describes<T.BookingProviderTag>()(z.object({ id, tagName: z.string(), active: z.boolean() }));

export const jobType = describes<T.JobType>()(
  z.object({ id, name: z.string(), active: z.boolean(), businessUnitIds: z.array(id), duration: z.number().int() }),
);

export const job = describes<T.Job>()(
  z.object({
    id,
    jobNumber: z.string(),
    customerId: id,
    locationId: id,
    jobStatus: z.string(),
    businessUnitId: id,
    jobTypeId: id,
    campaignId: id,
    tagTypeIds: z.array(id),
    firstAppointmentId: id,
    createdOn: dateTime,
    modifiedOn: dateTime,
  }),
);

export const jobNote = describes<T.JobNote>()(z.object({ text: z.string(), isPinned: z.boolean(), createdOn: dateTime }));

export const appointment = describes<T.Appointment>()(
  z.object({
    id,
    jobId: id,
    start: dateTime,
    end: dateTime,
    status: z.enum(['Scheduled', 'Dispatched', 'Working', 'Hold', 'Done', 'Canceled']),
    active: z.boolean(),
  }),
);

export const capacity = describes<T.Capacity>()(
  z.object({
    availabilities: z.array(
      z.object({
        start: dateTime,
        end: dateTime,
        businessUnitIds: z.array(id),
        totalAvailability: z.number(),
        openAvailability: z.number(),
        isAvailable: z.boolean(),
      }),
    ),
  }),
);

export const campaign = describes<T.Campaign>()(z.object({ id, name: z.string(), active: z.boolean() }));

export const membershipType = describes<T.MembershipType>()(z.object({ id, name: z.string(), active: z.boolean() }));

export const durationBilling = describes<T.MembershipDurationBilling>()(
  z.object({
    id,
    active: z.boolean(),
    duration: z.number().int().nullable().optional(),
    billingFrequency: z.enum(['OneTime', 'Monthly', 'EveryOtherMonth', 'Quarterly', 'BiAnnual', 'Annual']),
    salePrice: z.number(),
  }),
);

export const recurringServiceType = describes<T.RecurringServiceType>()(z.object({ id, name: z.string().nullable().optional(), active: z.boolean() }));

export const membership = describes<T.Membership>()(
  z.object({
    id,
    customerId: id,
    membershipTypeId: id,
    locationId: nullableId,
    status: z.enum(['Active', 'Suspended', 'Expired', 'Canceled', 'Deleted']),
    active: z.boolean(),
  }),
);

export const membershipSale = describes<T.MembershipSale>()(z.object({ invoiceId: id, customerMembershipId: id }));

export const pricebookService = describes<T.PricebookService>()(
  z.object({ id, code: z.string(), displayName: z.string().nullable().optional(), active: z.boolean(), price: z.number() }),
);

export function pageOf<S extends z.ZodType>(item: S) {
  return z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    hasMore: z.boolean(),
    totalCount: z.number().int().nullable().optional(),
    data: z.array(item),
  });
}

export function exportOf<S extends z.ZodType>(item: S) {
  return z.object({ hasMore: z.boolean(), continueFrom: z.string(), data: z.array(item) });
}
