// The shape of every input the onboarding accepts, defined once with zod, as functions that build
// each schema. The API builds them once (./inputs) and parses request bodies with them (400 with
// issue paths); the workflow's update validators and signal handlers build the one they need when
// a message arrives, parse, and drop it, so input from any client (the Temporal UI's Send Signal
// included) meets the same rules. zod is pure, deterministic code, so it is safe in the workflow
// bundle. Every string is `storableText`: what reaches an activity must be something Postgres can
// store, or the activity could never succeed.
//
// Why functions and not module-level schemas: the workflow sandbox evaluates the modules a workflow
// imports once per workflow and keeps them while the workflow is cached (workers/shared-workflow-
// modules.ts), so module-level schemas cost every cached onboarding ~150 zod objects (about 0.3 MB)
// whether or not a message ever comes. Building one on use costs well under a millisecond.
import { z } from 'zod';
import { storableText } from '../../lib/storable-text';
import type { ConfigStep, StepInputs } from './types';

const id = () => z.number().int().positive();
const staffUserId = () => storableText.trim().min(1).max(200);

export const tenantId = () => storableText.regex(/^\d{1,19}$/, 'a ServiceTitan Tenant ID is digits only');

export const prerequisites = () =>
  z
    .object({
      // The guide's "Before you start": the first four are required before setup can begin.
      maintenancePlansInDashboard: z.literal(true, { message: 'set up Smart Maintenance plans in the Partner Dashboard first' }),
      maintenancePlansInServiceTitan: z.literal(true, { message: 'set up Smart Maintenance plans in ServiceTitan first' }),
      comfortCreditCustomField: z.literal(true, { message: 'add the Comfort Credit custom field in ServiceTitan first' }),
      tagType: z.literal(true, { message: 'create the SmartAC tag type in ServiceTitan first' }),
      campaignCodes: z.boolean().default(false),
      adjustableCapacityPlanning: z.boolean().default(false),
    })
    .strict();

export const startOnboarding = () => z.object({ tenantId: tenantId(), contactEmail: storableText.email(), prerequisites: prerequisites() }).strict();

/** Staff approval, from the API or the Temporal UI (signal `approve`). */
export const approveReview = () => z.object({ staffUserId: staffUserId(), note: storableText.trim().max(2000).optional() }).strict();
/** Staff rejection, from the API or the Temporal UI (signal `reject`). */
export const rejectReview = () => z.object({ staffUserId: staffUserId(), reason: storableText.trim().min(1).max(2000) }).strict();

/**
 * Staff let an integration share its ServiceTitan tenant with another partner's (API or Temporal UI,
 * signal `resolveTenantConflict`): an explicit decision with the reason, recorded in the audit trail.
 */
export const resolveTenantConflict = () =>
  z
    .object({
      staffUserId: staffUserId(),
      allowSharedTenant: z.literal(true, { message: 'allowSharedTenant must be true: the decision is explicit' }),
      note: storableText.trim().min(1).max(2000),
    })
    .strict();

/** The Client Secret arrives sealed (AES-256-GCM, lib/crypto/secrets.ts): never plain in history. */
export const sealedSecret = () =>
  z.object({ keyId: storableText.min(1), iv: storableText.min(1), tag: storableText.min(1), ciphertext: storableText.min(1) }).strict();
export const submitCredentials = () => z.object({ clientId: storableText.trim().min(1).max(200), sealedSecret: sealedSecret() }).strict();

export const planMappings = () =>
  z
    .object({ mappings: z.array(z.object({ planId: storableText.min(1), membershipTypeId: id() }).strict()).min(1) })
    .strict()
    .refine((v) => new Set(v.mappings.map((m) => m.planId)).size === v.mappings.length, { message: 'each plan may be mapped once', path: ['mappings'] });

export const jobTypeMappings = () =>
  z
    .object({ mappings: z.array(z.object({ tradeConditionId: storableText.min(1), businessUnitId: id(), jobTypeId: id() }).strict()).min(1) })
    .strict()
    .refine((v) => new Set(v.mappings.map((m) => m.tradeConditionId)).size === v.mappings.length, {
      message: 'each trade condition may be mapped once',
      path: ['mappings'],
    });

export const comfortCreditField = () => z.object({ customFieldName: storableText.trim().min(1).max(200) }).strict();

export const eligibleServices = () =>
  z
    .object({ serviceIds: z.array(id()).min(1, 'choose at least one Pricebook service').max(500) })
    .strict()
    .refine((v) => new Set(v.serviceIds).size === v.serviceIds.length, { message: 'each service may be listed once', path: ['serviceIds'] });

export const tag = () => z.object({ tagName: storableText.trim().min(1).max(200) }).strict();

/** campaignId null: no campaign on SmartAC jobs. */
export const campaign = () => z.object({ campaignId: id().nullable() }).strict();

export const capacityScheduling = () =>
  z.discriminatedUnion('enabled', [
    z.object({ enabled: z.literal(false) }).strict(),
    z.object({ enabled: z.literal(true), businessUnitIds: z.array(id()).min(1, 'choose the Business Units to offer') }).strict(),
  ]);

/**
 * Each configuration step's input schema, defined once: the API parses the step's PUT body with it
 * and the workflow's configureStep validator parses the update's input with it again.
 */
export const stepSchemas: { [S in ConfigStep]: () => z.ZodType<StepInputs[S]> } = {
  planMappings,
  jobTypeMappings,
  comfortCreditField,
  eligibleServices,
  tag,
  campaign,
  capacityScheduling,
};

export const configStep = () => z.enum(['planMappings', 'jobTypeMappings', 'comfortCreditField', 'eligibleServices', 'tag', 'campaign', 'capacityScheduling']);

export const disconnect = () => z.object({ reason: storableText.trim().max(2000).optional() }).strict();

/** Who is asking: the API fills it in from the caller's token; it is part of every mutating update. */
export const actor = () => z.object({ type: z.enum(['PARTNER', 'STAFF', 'SYSTEM']), id: storableText.min(1).max(200) }).strict();
