// The live integration's sync children: started when the integration goes live, paused and resumed
// with the credentials, cancelled at disconnect; their reports make the integration's sync health.
// Functions over the onboarding state; the caller serialises those that await (./exclusive).
import {
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import { SyncHealthKey } from '../search-attributes';
import { integrationHealthOf } from '../sync/health';
import { SYNC_CHILDREN, syncWorkflowId, type SyncChild, type SyncHealth } from '../sync/types';
import { syncWorkflow } from '../sync/workflow';
import { releasePendingEvents } from './activity-proxies';
import type { OnboardingState, SyncTiming } from './types';

export type IntegrationSyncHealth = NonNullable<OnboardingState['sync']>['health'];

/** The state and search attribute of a live integration, before its children start. */
export function prepareSyncChildren(state: OnboardingState): void {
  state.sync = { health: 'ok', children: {} };
  upsertSearchAttributes([{ key: SyncHealthKey, value: 'ok' }]);
}

/** Events held until now go to the children, which start together (one workflow task). */
export async function launchSyncChildren(state: OnboardingState, settings: SyncTiming): Promise<void> {
  await releasePendingEvents({ partnerId: state.partnerId });
  await Promise.all(SYNC_CHILDREN.map((child) => startChild(syncWorkflow, childOptions(state, child, settings))));
}

function childOptions(state: OnboardingState, child: SyncChild, settings: SyncTiming) {
  return {
    workflowId: syncWorkflowId(state.partnerId, child),
    args: [{ partnerId: state.partnerId, tenantId: state.tenantId, child, parentWorkflowId: workflowInfo().workflowId, ...settings }] as Parameters<
      typeof syncWorkflow
    >,
    // The children outlive each run of this workflow (it continues as new while live);
    // disconnect stops them explicitly.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  };
}

/** How integrations that went live before launchSyncChildren started theirs (they replay so). */
export async function startSyncChildren(state: OnboardingState, settings: SyncTiming): Promise<void> {
  // Events that arrived before the integration was live are now applied by the children.
  await releasePendingEvents({ partnerId: state.partnerId });
  // Ready for the children's reports before the first child starts.
  state.sync = { health: 'ok', children: {} };
  upsertSearchAttributes([{ key: SyncHealthKey, value: 'ok' }]);
  for (const child of SYNC_CHILDREN) await startChild(syncWorkflow, childOptions(state, child, settings));
}

/** Children are addressed by id, so a later run (after continue-as-new) reaches them too. */
export async function signalSyncChildren(state: OnboardingState, signal: SignalDefinition): Promise<void> {
  if (!state.sync) return;
  await Promise.all(
    SYNC_CHILDREN.map((child) =>
      getExternalWorkflowHandle(syncWorkflowId(state.partnerId, child))
        .signal(signal)
        .catch(() => undefined),
    ),
  );
}

export async function stopSyncChildren(state: OnboardingState): Promise<void> {
  await Promise.all(
    SYNC_CHILDREN.map((child) =>
      getExternalWorkflowHandle(syncWorkflowId(state.partnerId, child))
        .cancel()
        .catch(() => undefined),
    ),
  );
}

/**
 * Disconnect: the state must not keep showing the children's last (healthy) reports. Reports
 * still in flight from a child's last pass are ignored from here on. Onboardings disconnected
 * before this existed replay without it.
 */
export function markSyncStopped(state: OnboardingState): void {
  if (!state.sync || !patched('sync-stopped-on-disconnect')) return;
  for (const child of SYNC_CHILDREN) {
    state.sync.children[child] = { runs: 0, writes: 0, backlog: 0, ...state.sync.children[child], lastResult: 'stopped' };
  }
  setSyncHealth(state, 'stopped');
}

export function setSyncHealth(state: OnboardingState, health: IntegrationSyncHealth): void {
  if (!state.sync || state.sync.health === health) return;
  state.sync.health = health;
  upsertSearchAttributes([{ key: SyncHealthKey, value: health }]);
}

/** A child's report after a pass; ignored once the integration is disconnected. */
export function applySyncReport(state: OnboardingState, { child, health }: { child: SyncChild; health: SyncHealth }): void {
  if (!state.sync || state.sync.health === 'stopped') return;
  state.sync.children[child] = health;
  if (state.status === 'NEEDS_ATTENTION') return;
  setSyncHealth(state, integrationHealthOf(state.sync.children));
}
