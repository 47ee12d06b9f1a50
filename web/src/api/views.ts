// The API's answers under the names the pages use: each is the type schema.d.ts generates from
// our /openapi.json (npm run web:api-types), never a hand-written copy. Also the lists the pages
// walk in order (steps, sync children), which the document gives only as object keys.
import type { components, operations } from './schema';

type Schemas = components['schemas'];
/** The JSON body of an operation's 200 answer. */
type Answer200<Op extends keyof operations> = operations[Op]['responses'] extends { 200: { content: { 'application/json': infer Body } } } ? Body : never;

export type OnboardingState = Schemas['OnboardingState'];
export type OnboardingStatus = OnboardingState['status'];
export type Catalog = Schemas['Catalog'];
export type VerificationError = Schemas['VerificationError'];
export type SyncHealth = Schemas['SyncChildHealth'];
export type SyncErrors = Answer200<'listSyncErrors'>;
export type EventSummary = Answer200<'getEventSummary'>;
export type StaffIntegrationList = Schemas['StaffIntegrationList'];
export type StaffIntegration = Schemas['StaffIntegration'];
export type AuditTrail = Schemas['AuditTrail'];
export type AuditEntry = Schemas['AuditEntry'];

export const CONFIG_STEPS = ['planMappings', 'jobTypeMappings', 'comfortCreditField', 'eligibleServices', 'tag', 'campaign', 'capacityScheduling'] as const;
export type ConfigStep = (typeof CONFIG_STEPS)[number] & keyof OnboardingState['steps'];
export const OPTIONAL_STEPS: readonly ConfigStep[] = ['campaign', 'capacityScheduling'];
export type StepState = OnboardingState['steps'][ConfigStep];

export const SYNC_CHILDREN = ['comfortCredits', 'technicianReminders', 'tagging', 'memberships', 'visits'] as const;
export type SyncChild = (typeof SYNC_CHILDREN)[number];

/**
 * The "Before you start" checklist as its page holds it while the partner ticks it (each box may
 * still be unticked); the start request then sends the four required ones as true.
 */
export type Prerequisites = { [K in keyof OnboardingState['prerequisites']]: boolean };
