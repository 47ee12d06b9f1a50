// Runs onboarding workflows (and their sync children) on a test server with stub
// activities that record what the workflows asked for. Verifications pass, syncs find nothing to
// do, unless a test overrides them.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import {
  approveSignal,
  configureStepUpdate,
  getStateQuery,
  submitConfigurationUpdate,
  submitCredentialsUpdate,
  type ConfigureStepRequest,
} from '../../workflows/onboarding/messages';
import type { OnboardingEmail, AuditEvent, StartOnboardingInput, SyncTiming, VerificationError } from '../../workflows/onboarding/types';
import { DEFAULT_TIMINGS } from '../../workflows/onboarding/types';
import { SYNC_CHILDREN, syncWorkflowId, type SyncPassResult } from '../../workflows/sync/types';
import { waitFor } from './wait';
import { workflowBundle } from './workflow-bundle';

export { waitFor };

export const partnerActor = { type: 'PARTNER' as const, id: 'p-1' };
export const sealedSecret = { keyId: 'k1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'Y2lwaGVy' };
const idle: SyncPassResult = { checked: 0, writes: 0, backlog: 0, failed: 0 };

export function stubs(overrides: Partial<Activities> = {}) {
  const emails: OnboardingEmail[] = [];
  const events: AuditEvent[] = [];
  const calls: string[] = [];
  const record = (name: string) => calls.push(name);
  const activities: Partial<Activities> = {
    recordOnboardingEvent: async (e) => {
      events.push(e);
    },
    sendOnboardingEmail: async (m) => {
      emails.push(m);
      return { messageId: `<${emails.length}@test>`, alreadySent: false };
    },
    verifyCredentials: async () => ({ grantedAreas: ['settings', 'crm'] }),
    verifyStoredCredentials: async () => {
      record('verifyStoredCredentials');
      return { grantedAreas: ['settings', 'crm'] };
    },
    saveCredentials: async () => record('saveCredentials'),
    destroyCredentials: async () => record('destroyCredentials'),
    verifyStep: async ({ request }) => {
      record(`verifyStep:${request.step}`);
      return { resolved: { step: request.step } };
    },
    saveStep: async ({ request, event }) => {
      record(`saveStep:${request.step}`);
      // The step's audit event is stored with its configuration.
      if (event) events.push(event);
    },
    // The step's one local activity, made of the two stubs above (or a test's overrides of them).
    verifyAndSaveStep: async ({ partnerId, tenantId, request, event }) => {
      const { resolved } = await activities.verifyStep!({ partnerId, tenantId, request });
      await activities.saveStep!({ partnerId, request, resolved, event: { ...event, detail: { ...event.detail, resolved } } });
      return { resolved };
    },
    // Submit's single check, made of the stubs (or a test's overrides) of the separate ones.
    verifySubmission: async ({ partnerId, tenantId, configurations }) => {
      record('verifySubmission');
      const reported = (err: unknown) => {
        if (err instanceof ApplicationFailure && err.nonRetryable) return err.details?.[0] as VerificationError;
        throw err;
      };
      const access = await activities.verifyStoredCredentials!({ partnerId, tenantId }).then(() => undefined, reported);
      if (access) return { failures: [access] };
      const checks = await Promise.all(
        configurations.map((request) => activities.verifyStep!({ partnerId, tenantId, request }).then(() => undefined, reported)),
      );
      return { failures: checks.filter((c): c is VerificationError => c !== undefined) };
    },
    findTenantConflicts: async () => ({ otherPartnerIds: [] }),
    releasePendingEvents: async () => {
      record('releasePendingEvents');
      return { released: 0 };
    },
    syncComfortCredits: async () => (record('syncComfortCredits'), idle),
    reconcileComfortCredits: async () => (record('reconcileComfortCredits'), idle),
    addTechnicianReminders: async () => (record('addTechnicianReminders'), idle),
    syncTags: async () => (record('syncTags'), idle),
    syncMemberships: async () => (record('syncMemberships'), idle),
    bookPendingVisits: async () => (record('bookPendingVisits'), idle),
    ...overrides,
  } as Partial<Activities>;
  return { emails, events, calls, activities };
}

/** Starts an onboarding on its own task queue, runs `body`, and leaves nothing running. */
export async function runOnboarding<T>(
  env: TestWorkflowEnvironment,
  activities: Partial<Activities>,
  body: (handle: WorkflowHandle, input: StartOnboardingInput) => Promise<T>,
  sync: SyncTiming = { intervalMs: 60_000, reconcileEveryMs: 6 * 3600_000, reminderLookaheadHours: 48 },
): Promise<T> {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const input: StartOnboardingInput = {
    partnerId: `p-${randomUUID().slice(0, 8)}`,
    tenantId: '5550101',
    contactEmail: 'office@coolair.example',
    prerequisites: {
      maintenancePlansInDashboard: true,
      maintenancePlansInServiceTitan: true,
      comfortCreditCustomField: true,
      tagType: true,
      campaignCodes: false,
      adjustableCapacityPlanning: false,
    },
    requestedBy: partnerActor,
    timings: DEFAULT_TIMINGS,
    sync,
  };
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start('onboardingWorkflow', { workflowId: `onboarding-${input.partnerId}`, taskQueue, args: [input] });
    try {
      return await body(handle, input);
    } finally {
      // Time is shared by all tests on this server: a workflow left waiting with no worker would
      // keep its timers due and stop time from skipping for the next test.
      const ids = [handle.workflowId, ...SYNC_CHILDREN.map((child) => syncWorkflowId(input.partnerId, child))];
      for (const id of ids) {
        const other = env.client.workflow.getHandle(id);
        const status = await other.describe().then(
          (d) => d.status.name,
          () => 'NOT_FOUND',
        );
        // It may complete between the two calls.
        if (status === 'RUNNING') await other.terminate('test finished').catch(() => undefined);
      }
    }
  });
}

export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('expected the update to fail');
}

/** Approve, enter credentials, configure every required step and submit: the integration goes live. */
export async function driveToActive(handle: WorkflowHandle): Promise<void> {
  await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
  await waitFor(async () => (await handle.query(getStateQuery)).status === 'AWAITING_CREDENTIALS');
  await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partnerActor, clientId: 'cid-1', sealedSecret }] });
  const steps: ConfigureStepRequest[] = [
    { actor: partnerActor, step: 'planMappings', input: { mappings: [{ planId: 'gold', membershipTypeId: 11 }] } },
    { actor: partnerActor, step: 'jobTypeMappings', input: { mappings: [{ tradeConditionId: 'hvac.not_cooling', businessUnitId: 1, jobTypeId: 2 }] } },
    { actor: partnerActor, step: 'comfortCreditField', input: { customFieldName: 'Comfort Credits' } },
    { actor: partnerActor, step: 'eligibleServices', input: { serviceIds: [7, 8] } },
    { actor: partnerActor, step: 'tag', input: { tagName: 'SmartAC.com' } },
  ];
  for (const step of steps) await handle.executeUpdate(configureStepUpdate, { args: [step] });
  const live = await handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partnerActor }] });
  // The answer comes as the integration goes live; its sync children start right after it.
  const started = (child: (typeof SYNC_CHILDREN)[number]) =>
    handle.client
      .getHandle(syncWorkflowId(live.partnerId, child))
      .describe()
      .then(
        () => true,
        () => false,
      );
  await waitFor(async () => (await Promise.all(SYNC_CHILDREN.map(started))).every(Boolean), 'every sync child started');
}
