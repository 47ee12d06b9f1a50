// Types shared by the onboarding workflow, its activities and the HTTP API. Plain data only:
// workflow code imports this file, so nothing here may touch I/O or Node APIs.
import type { SyncChild, SyncHealth } from '../sync/types';
import type {
  CampaignInput,
  CapacityScheduling,
  ComfortCreditField,
  EligibleServices,
  JobTypeMappings,
  PlanMappings,
  StartOnboardingBody,
  TagInput,
} from './inputs';

export const ONBOARDING_STATUSES = [
  'AWAITING_REVIEW',
  'AWAITING_CREDENTIALS',
  'CONFIGURING',
  'ACTIVE',
  'NEEDS_ATTENTION',
  'REJECTED',
  'EXPIRED',
  'DISCONNECTED',
] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];
/** Statuses after which the workflow ends. */
export const FINAL_STATUSES: readonly OnboardingStatus[] = ['REJECTED', 'EXPIRED', 'DISCONNECTED'];

export type ActorType = 'PARTNER' | 'STAFF' | 'SYSTEM';
export interface Actor {
  type: ActorType;
  id: string;
}
export const SYSTEM_ACTOR: Actor = { type: 'SYSTEM', id: 'onboarding-workflow' };

export type Prerequisites = StartOnboardingBody['prerequisites'];

/** How long the workflow waits before reminding, and before giving up (milliseconds). */
export interface OnboardingTimings {
  reviewSlaMs: number;
  credentialsReminderAfterMs: number[];
  credentialsExpireAfterMs: number;
}
export const DEFAULT_TIMINGS: OnboardingTimings = {
  reviewSlaMs: 24 * 3600_000,
  credentialsReminderAfterMs: [3 * 24 * 3600_000, 7 * 24 * 3600_000],
  credentialsExpireAfterMs: 30 * 24 * 3600_000,
};

/** How the live integration's sync children run (milliseconds). */
/**
 * The sync timings the API puts in an onboarding's input at its start. A live child follows these
 * only until its first pass returns the worker's own (workflows/sync/types.ts SyncPassTiming).
 */
export interface SyncTiming {
  /** After a failed pass, and between looks at appointments while a hub alert is open. */
  intervalMs: number;
  /** Between reconciliations of Comfort Credit balances with ServiceTitan's export feed. */
  reconcileEveryMs: number;
  /** How far ahead technician reminders look for appointments. */
  reminderLookaheadHours: number;
}
export const DEFAULT_SYNC: SyncTiming = { intervalMs: 60_000, reconcileEveryMs: 6 * 3600_000, reminderLookaheadHours: 48 };

export interface StartOnboardingInput extends StartOnboardingBody {
  partnerId: string;
  requestedBy: Actor;
  timings: OnboardingTimings;
  /** Absent in runs started before the live integration existed. */
  sync?: SyncTiming;
  /** Set when a live integration continues as new: the state to carry on with. */
  resume?: OnboardingState;
  /** The id of the API's startOnboarding update this run was started with (update-with-start). */
  startUpdateId?: string;
}

/** The configuration steps of the guide, in its order, with what each takes. */
export interface StepInputs {
  planMappings: PlanMappings;
  jobTypeMappings: JobTypeMappings;
  comfortCreditField: ComfortCreditField;
  eligibleServices: EligibleServices;
  tag: TagInput;
  campaign: CampaignInput;
  capacityScheduling: CapacityScheduling;
}
export type ConfigStep = keyof StepInputs;
export const CONFIG_STEPS: readonly ConfigStep[] = [
  'planMappings',
  'jobTypeMappings',
  'comfortCreditField',
  'eligibleServices',
  'tag',
  'campaign',
  'capacityScheduling',
];
/** Optional steps have a default (no campaign, capacity scheduling off) and need no action. */
export const OPTIONAL_STEPS: readonly ConfigStep[] = ['campaign', 'capacityScheduling'];

/** A precise, machine-readable reason a verification failed, and what to tell the partner. */
export interface VerificationError {
  code: string;
  message: string;
  /** Which step failed (configuration) or 'credentials'. */
  step: ConfigStep | 'credentials';
  details?: Record<string, unknown>;
}

export interface StepState<S extends ConfigStep = ConfigStep> {
  status: 'pending' | 'verified' | 'failed';
  /** The last input verified and saved. */
  input?: StepInputs[S];
  /** What ServiceTitan said about it (names of what was chosen), for the dashboard. */
  resolved?: Record<string, unknown>;
  verifiedAt?: string;
  error?: VerificationError;
}

export interface OnboardingState {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  prerequisites: Prerequisites;
  status: OnboardingStatus;
  /** What the partner (or staff) should do next, in words. */
  nextAction: string;
  startedAt: string;
  statusChangedAt: string;
  review?: { decision: 'approved' | 'rejected'; staffUserId: string; note?: string; reason?: string; decidedAt: string };
  credentials?: { clientId: string; verifiedAt: string; grantedAreas: string[] };
  lastCredentialCheck?: { ok: boolean; at: string; error?: VerificationError };
  credentialsDeadline?: string;
  steps: { [S in ConfigStep]: StepState<S> };
  systemReminders: { hubOffline: true; batteryHealth: true; airFilter: true };
  activatedAt?: string;
  disconnectedAt?: string;
  /** The live integration's sync: overall health, and the children's last reports. */
  sync?: { health: 'ok' | 'degraded' | 'paused' | 'stopped'; children: Partial<Record<SyncChild, SyncHealth>> };
  /**
   * Another partner has this ServiceTitan tenant in progress or live, so staff must check it before
   * it can go live. Partner-visible: it never names the other partner (staff see them in their queue).
   */
  tenantConflict?: TenantConflict;
}

export interface TenantConflict {
  /** When a check first found another partner on the tenant. */
  flaggedAt: string;
  /** Where it was found: at the start, the approval, or going live. */
  foundAt: TenantCheckpoint;
  /**
   * The staff decision that lets this integration share the tenant; until then it cannot go live.
   * Its note (which may well name the other partner) is in the audit trail only.
   */
  allowed?: { staffUserId: string; decidedAt: string };
}
export type TenantCheckpoint = 'start' | 'approval' | 'submit';

/** What the tenant check found: other partners (ids, staff-only) holding the tenant in a non-final status. */
export interface TenantCheckResult {
  otherPartnerIds: string[];
}

export function onboardingWorkflowId(partnerId: string): string {
  return `onboarding-${partnerId}`;
}

/** The emails of onboarding; the activity adds links, names and wording (activities/email). */
export type OnboardingEmail =
  | { kind: 'continueSetup'; partnerId: string; tenantId: string; to: string; linkExpiresAt: string }
  | { kind: 'rejected'; partnerId: string; tenantId: string; to: string; reason: string }
  | { kind: 'staffReviewReminder'; partnerId: string; tenantId: string; waitingSince: string }
  | { kind: 'credentialsReminder'; partnerId: string; tenantId: string; to: string; reminderNumber: number; linkExpiresAt: string }
  | { kind: 'expired'; partnerId: string; tenantId: string; to: string }
  | { kind: 'needsAttention'; partnerId: string; tenantId: string; to: string; problem: string };

/** An audit event: a status transition when `to` is set, otherwise a step within one status. */
export interface AuditEvent {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  prerequisites: Prerequisites;
  actor: Actor;
  action: string;
  from: OnboardingStatus | null;
  to?: OnboardingStatus;
  /** Workflow time, ISO. */
  at: string;
  detail?: Record<string, unknown>;
  /** The tenant check's outcome for the integrations mirror (staff queue); absent: unchanged. */
  tenant?: { conflict: boolean; allowedBy?: string; allowedAt?: string };
  /**
   * The state as it is once this event has happened, for the read model the API serves reads from
   * (absent in events recorded before the read model existed). Every change the partner's state
   * shows is followed by an audit event within the same mutation, so the read model follows it.
   */
  snapshot?: StateSnapshot;
}

/**
 * The onboarding state with its version: the workflow time and history length when it was
 * recorded, so an older snapshot (a late retry) never overwrites a newer one. No secrets: the
 * state holds none (the client secret is sealed by the API and goes straight to the database).
 */
export interface StateSnapshot {
  state: OnboardingState;
  versionAt: string;
  versionSeq: number;
}
