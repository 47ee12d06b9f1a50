// Shared types of the live integration's sync workflows, their activities and the API. Plain data.

/** The child workflows an ACTIVE integration runs, one per kind of ongoing work. */
export const SYNC_CHILDREN = ['comfortCredits', 'technicianReminders', 'tagging', 'memberships', 'visits'] as const;
export type SyncChild = (typeof SYNC_CHILDREN)[number];

/** What one pass of a sync activity did. */
export interface SyncPassResult {
  /** Items looked at in this pass. */
  checked: number;
  /** Writes made to ServiceTitan in this pass. */
  writes: number;
  /** Items still waiting after this pass (the next pass starts at once while > 0). */
  backlog: number;
  /** Items that failed for good (recorded with their reason where they live). */
  failed: number;
}

/** Health of one child, reported to the parent after every pass and shown in the partner's state. */
export interface SyncHealth {
  lastRunAt?: string;
  /** `stopped`: set by the parent when the integration is disconnected (the child is cancelled). */
  lastResult?: 'ok' | 'failed' | 'paused' | 'stopped';
  lastError?: string;
  runs: number;
  /** Cumulative writes to ServiceTitan. */
  writes: number;
  backlog: number;
}

/** The ApplicationFailure type sync activities throw when ServiceTitan refuses our credentials. */
export const CREDENTIALS_REJECTED = 'CredentialsRejected';

export function syncWorkflowId(partnerId: string, child: SyncChild): string {
  return `onboarding-${partnerId}/sync-${child}`;
}
