// The onboarding workflow with stubbed activities on Temporal's time-skipping test server: the
// whole process, every guard, and the timers at their real lengths (days pass in milliseconds).
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../../activities';
import {
  approveSignal,
  configureStepUpdate,
  disconnectUpdate,
  getStateQuery,
  rejectSignal,
  submitConfigurationUpdate,
  submitCredentialsUpdate,
} from '../../../workflows/onboarding/messages';
import { DEFAULT_TIMINGS, type VerificationError } from '../../../workflows/onboarding/types';
import { recordHistory } from '../../support/recorded-histories';
import { startTimeSkippingTemporal } from '../../support/temporal';
import * as harness from '../../support/workflow-harness';
import { OnboardingFailure } from '../../../workflows/failures';

const DAY = 24 * 3600_000;
const { partnerActor: partner, sealedSecret, failureOf, waitFor } = harness;

// One time-skipping server per test: skipped time is shared by everything on a server, and on a
// loaded machine what an earlier test left behind could hold a later test's skip for minutes.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await startTimeSkippingTemporal();
});
afterEach(async () => {
  await env?.teardown();
});

const stubs = (overrides: Partial<Activities> = {}) => harness.stubs(overrides);
const run = <T>(activities: Partial<Activities>, body: (handle: WorkflowHandle) => Promise<T>) => harness.runOnboarding(env, activities, body);

const configure = async (handle: WorkflowHandle) => {
  await handle.executeUpdate(configureStepUpdate, {
    args: [{ actor: partner, step: 'planMappings', input: { mappings: [{ planId: 'gold', membershipTypeId: 11 }] } }],
  });
  await handle.executeUpdate(configureStepUpdate, {
    args: [{ actor: partner, step: 'jobTypeMappings', input: { mappings: [{ tradeConditionId: 'hvac.not_cooling', businessUnitId: 1, jobTypeId: 2 }] } }],
  });
  await handle.executeUpdate(configureStepUpdate, { args: [{ actor: partner, step: 'comfortCreditField', input: { customFieldName: 'Comfort Credits' } }] });
  await handle.executeUpdate(configureStepUpdate, { args: [{ actor: partner, step: 'eligibleServices', input: { serviceIds: [7, 8] } }] });
  await handle.executeUpdate(configureStepUpdate, { args: [{ actor: partner, step: 'tag', input: { tagName: 'SmartAC.com' } }] });
};

describe('onboarding workflow', () => {
  it('walks the guide: review, Continue Setup email, credentials, every step, submit, live, disconnect', async () => {
    const { emails, events, calls, activities } = stubs();
    const final = await run(activities, async (handle) => {
      expect((await handle.query(getStateQuery)).status).toBe('AWAITING_REVIEW');
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', note: 'looks good' });
      const approved = await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      expect(approved.review).toMatchObject({ decision: 'approved', staffUserId: 'alice@smartac.com', note: 'looks good' });
      // The status changes before the email activity has run: wait for it.
      await waitFor(() => emails.length > 0);
      expect(emails).toEqual([expect.objectContaining({ kind: 'continueSetup', to: 'office@coolair.example', linkExpiresAt: approved.credentialsDeadline })]);

      const configuring = await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] });
      expect(configuring).toMatchObject({ status: 'CONFIGURING', credentials: { clientId: 'cid-1', grantedAreas: ['settings', 'crm'] } });
      expect(JSON.stringify(configuring)).not.toContain('Y2lwaGVy');

      const early = await failureOf(handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] }));
      expect(early.type).toBe(OnboardingFailure.VerificationFailed);
      expect((early.details?.[0] as VerificationError).code).toBe('configuration_incomplete');

      await configure(handle);
      const active = await handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] });
      expect(active.status).toBe('ACTIVE');
      expect(active.nextAction).toMatch(/live/);
      await handle.executeUpdate(disconnectUpdate, { args: [{ actor: partner, reason: 'switching systems' }] });
      const result = await handle.result();
      await recordHistory(handle, 'onboarding-happy-path');
      return result;
    });
    expect(final.status).toBe('DISCONNECTED');
    expect(final.credentials).toBeUndefined();
    expect(calls).toContain('destroyCredentials');
    // Submit re-verified credentials and every configured step.
    expect(calls.filter((c) => c === 'verifyStoredCredentials')).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('verifyStep:'))).toHaveLength(10);
    expect(events.filter((e) => e.to).map((e) => [e.from, e.to])).toEqual([
      [null, 'AWAITING_REVIEW'],
      ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS'],
      ['AWAITING_CREDENTIALS', 'CONFIGURING'],
      ['CONFIGURING', 'ACTIVE'],
      ['ACTIVE', 'DISCONNECTED'],
    ]);
    expect(events.find((e) => e.to === 'AWAITING_CREDENTIALS')?.actor).toEqual({ type: 'STAFF', id: 'alice@smartac.com' });
  });

  it('rejects with a reason, emails it, and ends; the partner can apply again', async () => {
    const { emails, activities } = stubs();
    const final = await run(activities, async (handle) => {
      await handle.signal(rejectSignal, { staffUserId: 'bob@smartac.com', reason: 'Tenant ID belongs to another company' });
      const result = await handle.result();
      await recordHistory(handle, 'onboarding-rejected');
      return result;
    });
    expect(final).toMatchObject({ status: 'REJECTED', review: { decision: 'rejected', reason: 'Tenant ID belongs to another company' } });
    expect(final.nextAction).toMatch(/apply again/);
    expect(emails).toEqual([expect.objectContaining({ kind: 'rejected', reason: 'Tenant ID belongs to another company' })]);
  });

  it('reminds staff each time a review waits longer than the SLA', async () => {
    const { emails, activities } = stubs();
    await run(activities, async (handle) => {
      await env.sleep(DEFAULT_TIMINGS.reviewSlaMs - 60_000);
      expect(emails).toHaveLength(0);
      await env.sleep(2 * 60_000);
      await waitFor(() => emails.length === 1);
      await env.sleep(DEFAULT_TIMINGS.reviewSlaMs);
      await waitFor(() => emails.length === 2);
      expect(emails.every((e) => e.kind === 'staffReviewReminder')).toBe(true);
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
    });
  });

  it('reminds the partner after 3 and 7 days without credentials and expires after 30', async () => {
    const { emails, events, activities } = stubs();
    const final = await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      await env.sleep(3 * DAY + 60_000);
      await waitFor(() => emails.some((e) => e.kind === 'credentialsReminder'));
      await env.sleep(4 * DAY);
      await waitFor(() => emails.filter((e) => e.kind === 'credentialsReminder').length === 2);
      await env.sleep(23 * DAY);
      const result = await handle.result();
      await recordHistory(handle, 'onboarding-expired');
      return result;
    });
    expect(final.status).toBe('EXPIRED');
    expect(emails.map((e) => (e.kind === 'credentialsReminder' ? `reminder-${e.reminderNumber}` : e.kind))).toEqual([
      'continueSetup',
      'reminder-1',
      'reminder-2',
      'expired',
    ]);
    expect(events.at(-1)).toMatchObject({ from: 'AWAITING_CREDENTIALS', to: 'EXPIRED', actor: { type: 'SYSTEM' } });
  });

  it('sends no reminder once credentials arrived, and never expires a configuring integration', async () => {
    const { emails, activities } = stubs();
    await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] });
      await env.sleep(40 * DAY);
      expect((await handle.query(getStateQuery)).status).toBe('CONFIGURING');
    });
    expect(emails.map((e) => e.kind)).toEqual(['continueSetup']);
  });

  it('takes credentials as soon as the read model shows the approval, before the workflow hears the write finished', async () => {
    // The approval's snapshot is in Postgres (the dashboard reads AWAITING_CREDENTIALS) while the
    // activity's completion has not reached the workflow yet.
    let written!: () => void;
    const approvalWritten = new Promise<void>((resolve) => (written = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { events, activities } = stubs();
    const record = activities.recordOnboardingEvent!;
    activities.recordOnboardingEvent = async (e) => {
      await record(e);
      if (e.to !== 'AWAITING_CREDENTIALS') return;
      written();
      await released;
    };
    await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await approvalWritten;
      // Accepted, not refused as too early: it waits for the approval to finish, then runs.
      const accepted = await handle.startUpdate(submitCredentialsUpdate, {
        args: [{ actor: partner, clientId: 'cid-1', sealedSecret }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      release();
      expect((await accepted.result()).status).toBe('CONFIGURING');
    });
    expect(events.filter((e) => e.to).map((e) => e.to)).toEqual(['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING']);
  });

  it('refuses malformed input and wrong-status requests in the validator, before history', async () => {
    const { activities } = stubs();
    await run(activities, async (handle) => {
      const early = await failureOf(handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] }));
      expect(early.type).toBe(OnboardingFailure.InvalidState);

      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      const malformed = await failureOf(
        handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: '', sealedSecret: { keyId: 'k1' } } as never] }),
      );
      expect(malformed.type).toBe(OnboardingFailure.InvalidInput);
      expect((malformed.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
        'clientId',
        'sealedSecret.ciphertext',
        'sealedSecret.iv',
        'sealedSecret.tag',
      ]);

      const history = await handle.fetchHistory();
      const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
      expect(accepted).toHaveLength(0);
    });
  });

  it('reports a failed verification precisely and keeps the status', async () => {
    const restricted: VerificationError = {
      code: 'restricted_access',
      message: 'The SmartAC.com app has restricted access',
      step: 'credentials',
      details: { deniedAreas: ['crm', 'jpm'] },
    };
    const { events, activities } = stubs({
      verifyCredentials: async () => {
        throw ApplicationFailure.nonRetryable(restricted.message, OnboardingFailure.VerificationFailed, restricted);
      },
    });
    await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      const failure = await failureOf(handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] }));
      expect(failure.type).toBe(OnboardingFailure.VerificationFailed);
      expect(failure.details?.[0]).toEqual(restricted);
      const state = await handle.query(getStateQuery);
      expect(state.status).toBe('AWAITING_CREDENTIALS');
      expect(state.lastCredentialCheck).toMatchObject({ ok: false, error: { code: 'restricted_access' } });
    });
    expect(events.map((e) => e.action)).toContain('credentials.verification_failed');
  });

  it('names the failing step when submit finds something changed in ServiceTitan', async () => {
    let submitting = false;
    const { activities } = stubs({
      verifyStep: async ({ request }) => {
        if (submitting && request.step === 'tag') {
          const error: VerificationError = { code: 'tag_type_not_found', message: 'ServiceTitan has no tag type named "SmartAC.com"', step: 'tag' };
          throw ApplicationFailure.nonRetryable(error.message, OnboardingFailure.VerificationFailed, error);
        }
        return { resolved: {} };
      },
    });
    await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitForState(handle, (s) => s.status === 'AWAITING_CREDENTIALS');
      await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] });
      await configure(handle);
      submitting = true;
      const failure = await failureOf(handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] }));
      expect(failure.details?.[0]).toMatchObject({ code: 'tag_type_not_found', step: 'tag' });
      const state = await handle.query(getStateQuery);
      expect(state.status).toBe('CONFIGURING');
      expect(state.steps.tag).toMatchObject({ status: 'failed', error: { code: 'tag_type_not_found' } });
    });
  });

  it('treats malformed or late decisions from the Temporal UI as audited no-ops', async () => {
    const { events, emails, activities } = stubs();
    await run(activities, async (handle) => {
      await handle.signal(approveSignal, { staffUser: 'alice' } as never);
      await waitFor(() => events.some((e) => e.action === 'review.approve_signal_invalid'));
      expect((await handle.query(getStateQuery)).status).toBe('AWAITING_REVIEW');
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await handle.signal(rejectSignal, { staffUserId: 'bob@smartac.com', reason: 'changed my mind' });
      await waitFor(() => events.some((e) => e.action === 'review.reject_ignored'));
      expect((await handle.query(getStateQuery)).status).toBe('AWAITING_CREDENTIALS');
    });
    expect(emails.map((e) => e.kind)).toEqual(['continueSetup']);
    expect(events.find((e) => e.action === 'review.approve_signal_invalid')?.detail).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'staffUserId' })]),
    });
    expect(events.find((e) => e.action === 'review.reject_ignored')?.actor).toEqual({ type: 'STAFF', id: 'bob@smartac.com' });
  });
});

async function waitForState(handle: WorkflowHandle, probe: (s: Awaited<ReturnType<typeof getState>>) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await getState(handle);
    if (probe(state)) return state;
    if (Date.now() > deadline) throw new Error(`state not reached; last: ${state.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
function getState(handle: WorkflowHandle) {
  return handle.query(getStateQuery);
}
