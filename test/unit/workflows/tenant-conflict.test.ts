// One ServiceTitan tenant, one owner, in the onboarding workflow (stubbed activities): a tenant
// another partner holds is flagged without naming them, going live waits for an explicit staff
// decision (validated like every Temporal UI signal, audited with the staff id), and a go-live the
// database refuses (another partner went live meanwhile) is the same typed refusal.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../../activities';
import {
  approveSignal,
  configureStepUpdate,
  getStateQuery,
  resolveTenantConflictSignal,
  submitConfigurationUpdate,
  submitCredentialsUpdate,
} from '../../../workflows/onboarding/messages';
import type { AuditEvent } from '../../../workflows/onboarding/types';
import { startTimeSkippingTemporal } from '../../support/temporal';
import * as harness from '../../support/workflow-harness';
import { OnboardingFailure, TENANT_ALREADY_LIVE } from '../../../workflows/failures';

const { partnerActor: partner, sealedSecret, failureOf, waitFor } = harness;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkippingTemporal();
});
afterAll(async () => {
  await env?.teardown();
});

const OTHER = 'p-other-owner';

type Handle = Parameters<Parameters<typeof harness.runOnboarding>[2]>[0];

async function toConfigured(handle: Handle): Promise<void> {
  await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
  await waitFor(async () => (await handle.query(getStateQuery)).status === 'AWAITING_CREDENTIALS');
  await toConfiguredAfterApproval(handle);
}

describe('tenant conflicts in the onboarding workflow', () => {
  it('flags a tenant another partner holds, refuses to go live until staff allow it, then goes live', async () => {
    const checks: string[] = [];
    const { events, activities } = harness.stubs({
      findTenantConflicts: async ({ tenantId }) => (checks.push(tenantId), { otherPartnerIds: [OTHER] }),
    } as Partial<Activities>);
    await harness.runOnboarding(env, activities, async (handle, input) => {
      await waitFor(() => events.some((e) => e.action === 'tenant.conflict_flagged'));
      const flagged = await handle.query(getStateQuery);
      expect(flagged.tenantConflict).toMatchObject({ foundAt: 'start' });
      // The partner's state says a check is needed, never by whom the tenant is held.
      expect(JSON.stringify(flagged)).not.toContain(OTHER);

      await toConfigured(handle);
      expect((await handle.query(getStateQuery)).nextAction).toMatch(/staff need to check your ServiceTitan tenant/);
      const refused = await failureOf(handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] }));
      expect(refused.type).toBe(OnboardingFailure.TenantConflict);
      expect(refused.message).not.toContain(OTHER);
      expect((await handle.query(getStateQuery)).status).toBe('CONFIGURING');

      // From the Temporal UI: malformed (no note, not explicit) is audited and changes nothing.
      await handle.signal(resolveTenantConflictSignal, { staffUserId: 'alice@smartac.com', allowSharedTenant: false } as never);
      await waitFor(() => events.some((e) => e.action === 'tenant.resolve_signal_invalid'));
      expect((await handle.query(getStateQuery)).tenantConflict?.allowed).toBeUndefined();

      await handle.signal(resolveTenantConflictSignal, {
        staffUserId: 'alice@smartac.com',
        allowSharedTenant: true,
        note: 'franchise: both partners serve this tenant',
      });
      await waitFor(async () => (await handle.query(getStateQuery)).tenantConflict?.allowed !== undefined);
      const live = await handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] });
      expect(live.status).toBe('ACTIVE');
      expect(live.tenantConflict?.allowed).toEqual({ staffUserId: 'alice@smartac.com', decidedAt: expect.any(String) });
      expect(checks.every((t) => t === input.tenantId)).toBe(true);
    });

    const action = (name: string) => events.find((e) => e.action === name);
    expect(action('tenant.conflict_flagged')).toMatchObject({ detail: { checkpoint: 'start', otherPartnerIds: [OTHER] }, tenant: { conflict: true } });
    expect(action('configuration.submit_refused')).toMatchObject({ detail: { code: 'tenant_conflict_unresolved' } });
    expect(action('tenant.resolve_signal_invalid')?.detail).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'allowSharedTenant' }), expect.objectContaining({ path: 'note' })]),
    });
    expect(action('tenant.shared_tenant_allowed')).toMatchObject({
      actor: { type: 'STAFF', id: 'alice@smartac.com' },
      detail: { note: 'franchise: both partners serve this tenant' },
      tenant: { conflict: true, allowedBy: 'alice@smartac.com' },
    });
    expect(events.filter((e) => e.to).map((e) => e.to)).toEqual(['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE']);
  });

  it('flags a conflict that appears later (at approval) and clears one whose other partner has gone', async () => {
    let others: string[] = [];
    let checks = 0;
    const { events, activities } = harness.stubs({ findTenantConflicts: async () => (checks++, { otherPartnerIds: others }) } as Partial<Activities>);
    await harness.runOnboarding(env, activities, async (handle) => {
      await waitFor(() => checks === 1); // the start's check has its answer
      expect((await handle.query(getStateQuery)).tenantConflict).toBeUndefined();
      others = [OTHER];
      await handle.signal(approveSignal, { staffUserId: 'alice@smartac.com' });
      await waitFor(async () => (await handle.query(getStateQuery)).status === 'AWAITING_CREDENTIALS');
      expect((await handle.query(getStateQuery)).tenantConflict).toMatchObject({ foundAt: 'approval' });
      // The other partner's onboarding ended before this one submits: nothing left to decide.
      others = [];
      await toConfiguredAfterApproval(handle);
      expect((await handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] })).status).toBe('ACTIVE');
    });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.conflict_flagged', 'tenant.conflict_cleared']));
  });

  it('answers a go-live the database refuses (another partner went live meanwhile) with the same refusal', async () => {
    let live = false;
    const { events, activities } = harness.stubs({
      findTenantConflicts: async () => ({ otherPartnerIds: live ? [OTHER] : [] }),
      recordOnboardingEvent: async (e: AuditEvent) => {
        if (e.to === 'ACTIVE' && !live) {
          live = true; // the other partner committed first
          throw ApplicationFailure.nonRetryable('another partner’s integration is live on this ServiceTitan tenant', TENANT_ALREADY_LIVE);
        }
        events.push(e);
      },
    } as Partial<Activities>);
    await harness.runOnboarding(env, activities, async (handle) => {
      await toConfigured(handle);
      const refused = await failureOf(handle.executeUpdate(submitConfigurationUpdate, { args: [{ actor: partner }] }));
      expect(refused.type).toBe(OnboardingFailure.TenantConflict);
      const state = await handle.query(getStateQuery);
      expect(state).toMatchObject({ status: 'CONFIGURING', tenantConflict: { foundAt: 'submit' } });
      expect(state.activatedAt).toBeUndefined();
    });
    expect(events.find((e) => e.action === 'tenant.conflict_flagged')?.detail).toMatchObject({ checkpoint: 'submit', otherPartnerIds: [OTHER] });
  });
});

async function toConfiguredAfterApproval(handle: Handle): Promise<void> {
  await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partner, clientId: 'cid-1', sealedSecret }] });
  for (const [step, input] of [
    ['planMappings', { mappings: [{ planId: 'gold', membershipTypeId: 11 }] }],
    ['jobTypeMappings', { mappings: [{ tradeConditionId: 'hvac.not_cooling', businessUnitId: 1, jobTypeId: 2 }] }],
    ['comfortCreditField', { customFieldName: 'Comfort Credits' }],
    ['eligibleServices', { serviceIds: [7] }],
    ['tag', { tagName: 'SmartAC.com' }],
  ] as const) {
    await handle.executeUpdate(configureStepUpdate, { args: [{ actor: partner, step, input } as never] });
  }
}
