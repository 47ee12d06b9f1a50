// The API's answers as the pages read them. Provisional: /openapi.json does not yet give most
// success responses a schema, so schema.d.ts types their bodies as unknown. These shapes follow
// the API's own types (workflows/onboarding/types.ts OnboardingState, api/catalog.ts,
// api/routes/sync-errors.ts, api/events/summary.ts); once the document carries the schemas,
// each becomes an alias of the generated type and `answer` goes away.

export type OnboardingStatus =
  'AWAITING_REVIEW' | 'AWAITING_CREDENTIALS' | 'CONFIGURING' | 'ACTIVE' | 'NEEDS_ATTENTION' | 'REJECTED' | 'EXPIRED' | 'DISCONNECTED';

export const CONFIG_STEPS = ['planMappings', 'jobTypeMappings', 'comfortCreditField', 'eligibleServices', 'tag', 'campaign', 'capacityScheduling'] as const;
export type ConfigStep = (typeof CONFIG_STEPS)[number];
export const OPTIONAL_STEPS: readonly ConfigStep[] = ['campaign', 'capacityScheduling'];

export interface VerificationError {
  code: string;
  message: string;
  step: ConfigStep | 'credentials';
  details?: Record<string, unknown>;
}

/** What each configuration step takes (workflows/onboarding/input-schemas.ts). */
export interface StepInputs {
  planMappings: { mappings: { planId: string; membershipTypeId: number }[] };
  jobTypeMappings: { mappings: { tradeConditionId: string; businessUnitId: number; jobTypeId: number }[] };
  comfortCreditField: { customFieldName: string };
  eligibleServices: { serviceIds: number[] };
  tag: { tagName: string };
  campaign: { campaignId: number | null };
  capacityScheduling: { enabled: false } | { enabled: true; businessUnitIds: number[] };
}

export interface StepState<S extends ConfigStep = ConfigStep> {
  status: 'pending' | 'verified' | 'failed';
  input?: StepInputs[S];
  resolved?: Record<string, unknown>;
  verifiedAt?: string;
  error?: VerificationError;
}

export const SYNC_CHILDREN = ['comfortCredits', 'technicianReminders', 'tagging', 'memberships', 'visits'] as const;
export type SyncChild = (typeof SYNC_CHILDREN)[number];

export interface SyncHealth {
  lastRunAt?: string;
  lastResult?: 'ok' | 'partial' | 'failed' | 'paused' | 'stopped';
  lastError?: string;
  failedItems?: number;
  runs: number;
  writes: number;
  backlog: number;
}

export interface OnboardingState {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  status: OnboardingStatus;
  nextAction: string;
  startedAt: string;
  statusChangedAt: string;
  review?: { decision: 'approved' | 'rejected'; note?: string; reason?: string; decidedAt: string };
  credentials?: { clientId: string; verifiedAt: string; grantedAreas: string[] };
  lastCredentialCheck?: { ok: boolean; at: string; error?: VerificationError };
  credentialsDeadline?: string;
  steps: { [S in ConfigStep]: StepState<S> };
  activatedAt?: string;
  disconnectedAt?: string;
  sync?: { health: 'ok' | 'degraded' | 'paused' | 'stopped'; children: Partial<Record<SyncChild, SyncHealth>> };
  tenantConflict?: { flaggedAt: string; allowed?: { decidedAt: string } };
}

export interface Catalog {
  businessUnits: { id: number; name: string; trade?: string | null }[];
  jobTypes: { id: number; name: string; businessUnitIds: number[] }[];
  membershipTypes: { id: number; name: string }[];
  tagTypes: { id: number; name: string }[];
  locationCustomFields: { id: number; name: string; dataType: string }[];
  services: { id: number; code: string; name: string }[];
  campaigns: { id: number; name: string }[];
  tradeConditions: { id: string; trade: string; condition: string; label: string }[];
  plans: { id: string; name: string }[];
}

export interface SyncErrors {
  count: number;
  items: { child: string; item: string; requestId?: string; error: string; status: number | null; failedAt: string | null; retryAt?: string | null }[];
}

export interface EventSummary {
  counts: { type: string; status: 'PENDING' | 'APPLIED'; count: number }[];
  pending: { count: number; oldestReceivedAt: string | null };
}

/** An answer body read as the view the pages expect (see the note at the top). */
export function answer<T>(body: unknown): T {
  return body as T;
}

/** Is this body an onboarding state (the step answers carry one), or some other answer? */
export function isOnboardingState(body: unknown): body is OnboardingState {
  return typeof body === 'object' && body !== null && 'status' in body && 'steps' in body && 'nextAction' in body;
}

/** Is this body one step's state (what older APIs answered a step with)? */
export function isStepState(body: unknown): body is StepState {
  return typeof body === 'object' && body !== null && 'status' in body && !('steps' in body);
}

/** The guide's "Before you start" checklist, as the start request carries it. */
export interface Prerequisites {
  maintenancePlansInDashboard: boolean;
  maintenancePlansInServiceTitan: boolean;
  comfortCreditCustomField: boolean;
  tagType: boolean;
  campaignCodes: boolean;
  adjustableCapacityPlanning: boolean;
}
