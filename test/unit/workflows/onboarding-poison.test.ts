// Poison input against the onboarding workflow (stubbed activities, time-skipping server): text
// Postgres cannot store is refused by the validators and signal handlers, as it is when sent from
// the Temporal UI; and an audit event Postgres refuses anyway (STORAGE_REFUSED) is recorded
// without its detail, so the handler finishes and the next one runs.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AuditEvent } from '../../../workflows/onboarding/types';
import { OnboardingFailure, STORAGE_REFUSED } from '../../../workflows/failures';
import { approveSignal, configureStepUpdate, disconnectUpdate, getStateQuery, rejectSignal } from '../../../workflows/onboarding/messages';
import { startTimeSkippingTemporal } from '../../support/temporal';
import * as harness from '../../support/workflow-harness';

const { partnerActor: partner, failureOf, waitFor, driveToActive } = harness;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkippingTemporal();
});
afterAll(async () => {
  await env?.teardown();
});

describe('onboarding workflow under poison input', () => {
  it('records a staff signal carrying NUL or a lone surrogate as invalid and changes nothing', async () => {
    const { events, activities } = harness.stubs();
    await harness.runOnboarding(env, activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', note: 'ok\u0000' });
      await handle.signal(rejectSignal, { staffUserId: 'alice@smartac.com', reason: 'no \ud800' });
      await handle.signal(approveSignal, { staffUserId: 'bob\u0000', note: 'fine' });
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', ['x\u0000']: 1 } as never);
      await waitFor(() => events.filter((e) => e.action.endsWith('_signal_invalid')).length === 4);
      const invalid = events.filter((e) => e.action.endsWith('_signal_invalid'));
      expect(invalid.map((e) => [e.action, (e.detail as { issues: { path: string }[] }).issues.map((i) => i.path)])).toEqual([
        ['review.approve_signal_invalid', ['note']],
        ['review.reject_signal_invalid', ['reason']],
        ['review.approve_signal_invalid', ['staffUserId']],
        ['review.approve_signal_invalid', ['']],
      ]);
      // Nothing unstorable reached an activity.
      expect(JSON.stringify(events)).not.toMatch(/\\u0000|\\ud800/);
      expect((await handle.query(getStateQuery)).status).toBe('AWAITING_REVIEW');

      const refused = await failureOf(handle.executeUpdate(disconnectUpdate, { args: [{ actor: partner, reason: 'bye\u0000' }] }));
      expect(refused.type).toBe(OnboardingFailure.InvalidInput);
      expect(refused.details).toEqual([expect.objectContaining({ path: 'reason' })]);
      const badActor = await failureOf(handle.executeUpdate(disconnectUpdate, { args: [{ actor: { type: 'PARTNER', id: 'p\u0000' }, reason: 'bye' }] }));
      expect(badActor.type).toBe(OnboardingFailure.InvalidInput);

      // The onboarding still answers: staff approve, the partner disconnects.
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', note: 'ok' });
      await waitFor(async () => (await handle.query(getStateQuery)).status === 'AWAITING_CREDENTIALS');
      expect((await handle.executeUpdate(disconnectUpdate, { args: [{ actor: partner, reason: 'bye' }] })).status).toBe('DISCONNECTED');
    });
  });

  it('refuses configuration input with NUL in any field before it enters history', async () => {
    const { activities, calls } = harness.stubs();
    await harness.runOnboarding(env, activities, async (handle) => {
      await driveToActive(handle);
      const before = calls.length;
      const inputs = [
        { step: 'tag', input: { tagName: 'Smart\u0000AC' }, path: 'tagName' },
        { step: 'comfortCreditField', input: { customFieldName: '\udc00Credits' }, path: 'customFieldName' },
        { step: 'planMappings', input: { mappings: [{ planId: 'gold\u0000', membershipTypeId: 11 }] }, path: 'mappings.0.planId' },
        {
          step: 'jobTypeMappings',
          input: { mappings: [{ tradeConditionId: '\u0000', businessUnitId: 1, jobTypeId: 2 }] },
          path: 'mappings.0.tradeConditionId',
        },
      ] as const;
      for (const { step, input, path } of inputs) {
        const failure = await failureOf(handle.executeUpdate(configureStepUpdate, { args: [{ actor: partner, step, input } as never] }));
        expect([step, failure.type, failure.details]).toEqual([step, OnboardingFailure.InvalidInput, [expect.objectContaining({ path })]]);
      }
      expect(calls.slice(before).filter((c) => c.includes('Step'))).toEqual([]);
    });
  });

  it('records an audit event Postgres refuses without its detail, and the next update runs', async () => {
    const refusedDetails: unknown[] = [];
    const { events, activities } = harness.stubs({
      // What the real activity does when Postgres refuses the data (class 22/23): fail for good.
      recordOnboardingEvent: async (e: AuditEvent) => {
        if (JSON.stringify(e.detail ?? {}).includes('poison')) {
          refusedDetails.push(e.detail);
          throw ApplicationFailure.create({
            type: STORAGE_REFUSED,
            message: 'Postgres refused the data',
            details: [{ sqlState: '22P05', activity: 'recordOnboardingEvent' }],
            nonRetryable: true,
          });
        }
        events.push(e);
      },
    });
    await harness.runOnboarding(env, activities, async (handle) => {
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com', note: 'poison' });
      await waitFor(async () => (await handle.query(getStateQuery)).status === 'AWAITING_CREDENTIALS');
      const state = await handle.executeUpdate(disconnectUpdate, { args: [{ actor: partner, reason: 'poison again' }] });
      expect(state.status).toBe('DISCONNECTED');
      expect(await handle.result()).toMatchObject({ status: 'DISCONNECTED' });
    });
    expect(refusedDetails).toEqual([{ note: 'poison' }, { reason: 'poison again' }]);
    expect(events.filter((e) => e.to).map((e) => [e.action, e.to, e.detail])).toEqual([
      ['onboarding.started', 'AWAITING_REVIEW', undefined],
      ['review.approved', 'AWAITING_CREDENTIALS', { detailRefused: true, sqlState: '22P05' }],
      ['integration.disconnected', 'DISCONNECTED', { detailRefused: true, sqlState: '22P05' }],
    ]);
  });

  it('audits an email Postgres refuses to record instead of failing the onboarding', async () => {
    const { events, activities } = harness.stubs({
      sendOnboardingEmail: async () => {
        throw ApplicationFailure.create({
          type: STORAGE_REFUSED,
          message: 'Postgres refused the data',
          details: [{ sqlState: '22021', activity: 'sendOnboardingEmail' }],
          nonRetryable: true,
        });
      },
    });
    const final = await harness.runOnboarding(env, activities, async (handle) => {
      await handle.signal(rejectSignal, { staffUserId: 'alice@smartac.com', reason: 'not an HVAC contractor' });
      return handle.result();
    });
    expect(final.status).toBe('REJECTED');
    expect(events.map((e) => [e.action, e.detail])).toContainEqual(['email.refused', { kind: 'rejected', sqlState: '22021' }]);
  });
});
