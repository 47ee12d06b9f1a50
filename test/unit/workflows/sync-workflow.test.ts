// The live integration's sync children, with stub activities on a real Temporal dev server (real
// time, short intervals: many workflows and timers at once are what this is about): they start
// when the onboarding goes live, run passes (on wake, on backlog, after a failed pass, at an
// item's retry time), pause the integration in NEEDS_ATTENTION when ServiceTitan refuses the
// credentials and resume after rotation, report health, survive continue-as-new, and stop on
// disconnect. Then, on the time-skipping server (hours of idle time): an idle child costs nothing
// but its idle check, and only work that needs a clock keeps one.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { disconnectUpdate, getStateQuery, submitCredentialsUpdate } from '../../../workflows/onboarding/messages';
import { OnboardingStatusKey, SyncFailedItemsKey, SyncHealthKey, SyncLastErrorKey, SyncResultKey } from '../../../workflows/search-attributes';
import { syncHealthQuery, wakeSignal } from '../../../workflows/sync/messages';
import { CREDENTIALS_REJECTED, SyncFailure } from '../../../workflows/failures';
import { SYNC_CHILDREN, syncWorkflowId, type SyncPassResult, type SyncPassTiming } from '../../../workflows/sync/types';
import { recordHistory } from '../../support/recorded-histories';
import { startTestTemporal, startTimeSkippingTemporal } from '../../support/temporal';
import { driveToActive, partnerActor, runOnboarding, sealedSecret, stubs, waitFor } from '../../support/workflow-harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTestTemporal();
});
afterAll(async () => {
  await env?.teardown();
});

const child = (handle: WorkflowHandle, name: (typeof SYNC_CHILDREN)[number]) =>
  env.client.workflow.getHandle(syncWorkflowId(handle.workflowId.replace(/^onboarding-/, ''), name));
const count = (calls: string[], name: string) => calls.filter((c) => c === name).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Half a second after a failed pass (tests), or an hour. Idle children wait for an event either way. */
const FAST = { intervalMs: 500, reconcileEveryMs: 3600_000, reminderLookaheadHours: 48 };
const SLOW = { ...FAST, intervalMs: 3600_000 };

describe('sync children of a live integration', () => {
  it('start when the integration goes live, run on wake and while work waits, and stop on disconnect', async () => {
    let backlog = 3;
    const { calls, activities } = stubs({
      bookPendingVisits: async (): Promise<SyncPassResult> => {
        calls.push('bookPendingVisits');
        const writes = backlog > 0 ? 1 : 0;
        backlog = Math.max(0, backlog - 1);
        return { checked: writes, writes, backlog, failed: 0 };
      },
    });
    await runOnboarding(
      env,
      activities,
      async (handle) => {
        await driveToActive(handle);
        expect(calls).toContain('releasePendingEvents');
        // Every child runs a first pass; visits keeps going while its backlog lasts (3 passes, then idle).
        await waitFor(
          () =>
            ['syncComfortCredits', 'addTechnicianReminders', 'syncTags', 'syncMemberships'].every((a) => calls.includes(a)) &&
            count(calls, 'bookPendingVisits') === 3,
        );
        const visits = await child(handle, 'visits').query(syncHealthQuery);
        expect(visits).toMatchObject({ runs: 3, writes: 3, backlog: 0, lastResult: 'ok', paused: false });

        // An event wakes a child long before its (hour-long) interval.
        const before = count(calls, 'syncMemberships');
        await child(handle, 'memberships').signal(wakeSignal);
        await waitFor(() => count(calls, 'syncMemberships') === before + 1);

        const state = await handle.query(getStateQuery);
        expect(state.sync?.health).toBe('ok');
        expect((await handle.describe()).typedSearchAttributes.get(SyncHealthKey)).toBe('ok');

        await handle.executeUpdate(disconnectUpdate, { args: [{ actor: partnerActor }] });
        for (const name of SYNC_CHILDREN) {
          await waitFor(async () => (await child(handle, name).describe()).status.name === 'CANCELLED');
        }
      },
      SLOW,
    );
  });

  it('puts the integration in NEEDS_ATTENTION once when ServiceTitan refuses the credentials, and resumes after rotation', async () => {
    let rejecting = true;
    const refuse = (name: string) => async (): Promise<SyncPassResult> => {
      calls.push(name);
      if (rejecting)
        throw ApplicationFailure.nonRetryable('ServiceTitan did not accept the Client ID and Client Secret', CREDENTIALS_REJECTED, {
          code: 'invalid_credentials',
        });
      return { checked: 0, writes: 0, backlog: 0, failed: 0 };
    };
    const { calls, emails, events, activities } = stubs({ syncComfortCredits: refuse('syncComfortCredits'), syncTags: refuse('syncTags') });
    await runOnboarding(
      env,
      activities,
      async (handle) => {
        await driveToActive(handle);
        await waitFor(async () => (await handle.query(getStateQuery)).status === 'NEEDS_ATTENTION');
        await waitFor(async () => (await child(handle, 'tagging').query(syncHealthQuery)).paused);
        const state = await handle.query(getStateQuery);
        expect(state.nextAction).toMatch(/Client ID and Client Secret/);
        expect(state.sync?.health).toBe('paused');
        const description = await handle.describe();
        expect(description.typedSearchAttributes.get(OnboardingStatusKey)).toBe('NEEDS_ATTENTION');

        // Paused: many intervals pass without another pass of the refusing children.
        const seen = count(calls, 'syncComfortCredits');
        await sleep(3000);
        expect(count(calls, 'syncComfortCredits')).toBe(seen);
        for (const name of SYNC_CHILDREN) expect((await child(handle, name).query(syncHealthQuery)).paused).toBe(true);
        // Children paused by the parent show it in the Temporal UI too, not only the refusing ones.
        await waitFor(async () => (await child(handle, 'visits').describe()).typedSearchAttributes.get(SyncResultKey) === 'paused');

        // The partner rotates credentials: verified, live again, children resume by themselves.
        rejecting = false;
        const rotated = await handle.executeUpdate(submitCredentialsUpdate, { args: [{ actor: partnerActor, clientId: 'cid-2', sealedSecret }] });
        expect(rotated.status).toBe('ACTIVE');
        await waitFor(() => count(calls, 'syncComfortCredits') > seen);
        await waitFor(async () => (await child(handle, 'comfortCredits').query(syncHealthQuery)).lastResult === 'ok');
        // Still live: running integrations that went through this episode must keep replaying.
        await recordHistory(handle, 'onboarding-credentials-rotated');
        await recordHistory(child(handle, 'comfortCredits'), 'sync-child-paused-resumed');
      },
      FAST,
    );
    expect(emails.filter((e) => e.kind === 'needsAttention')).toHaveLength(1);
    expect(events.filter((e) => e.to).map((e) => e.to)).toEqual([
      'AWAITING_REVIEW',
      'AWAITING_CREDENTIALS',
      'CONFIGURING',
      'ACTIVE',
      'NEEDS_ATTENTION',
      'ACTIVE',
    ]);
  });

  it('keeps a child paused that was paused while its pass ran', async () => {
    let rejecting = false;
    let holdVisits = false;
    let visitsHeld = 0;
    let releaseVisits: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (releaseVisits = resolve));
    const { activities } = stubs({
      syncComfortCredits: async (): Promise<SyncPassResult> => {
        if (rejecting) throw ApplicationFailure.nonRetryable('ServiceTitan did not accept the Client ID and Client Secret', CREDENTIALS_REJECTED);
        return { checked: 0, writes: 0, backlog: 0, failed: 0 };
      },
      bookPendingVisits: async (): Promise<SyncPassResult> => {
        if (holdVisits) {
          visitsHeld += 1;
          await released;
        }
        return { checked: 1, writes: 1, backlog: 0, failed: 0 };
      },
    });
    await runOnboarding(
      env,
      activities,
      async (handle) => {
        await driveToActive(handle);
        // A visits pass in flight when the credentials are refused and the parent pauses every child.
        holdVisits = true;
        await child(handle, 'visits').signal(wakeSignal);
        await waitFor(() => visitsHeld > 0);
        rejecting = true;
        await child(handle, 'comfortCredits').signal(wakeSignal);
        const pausedWith = await waitFor(async () => {
          const health = await child(handle, 'visits').query(syncHealthQuery);
          return health.paused && health;
        });
        releaseVisits();
        await waitFor(async () => (await child(handle, 'visits').query(syncHealthQuery)).runs > pausedWith.runs);
        expect(await child(handle, 'visits').query(syncHealthQuery)).toMatchObject({ paused: true, lastResult: 'paused' });
        await waitFor(async () => (await child(handle, 'visits').describe()).typedSearchAttributes.get(SyncResultKey) === 'paused');
      },
      SLOW,
    );
  });

  it('carries a live integration over into a continued run, children and all', async () => {
    const { calls, events, activities } = stubs();
    await runOnboarding(
      env,
      activities,
      async (handle, input) => {
        await driveToActive(handle);
        // Every child has reported its first pass: a report sent while no run of the parent is
        // open (only possible in this hand-made gap, not in a real continue-as-new) fails the child.
        await waitFor(async () => Object.keys((await handle.query(getStateQuery)).sync?.children ?? {}).length === SYNC_CHILDREN.length);
        const live = await handle.query(getStateQuery);
        // What continue-as-new does, done by hand: end this run, start the next with the state.
        await handle.terminate('continuing as new');
        const next = await env.client.workflow.start('onboardingWorkflow', {
          workflowId: handle.workflowId,
          taskQueue: (await handle.describe()).taskQueue,
          args: [{ ...input, resume: live }],
        });
        expect((await next.query(getStateQuery)).status).toBe('ACTIVE');
        expect((await next.describe()).typedSearchAttributes.get(SyncHealthKey)).toBe('ok');
        // The children kept running and still reach their parent by id; disconnect stops them.
        const before = count(calls, 'syncTags');
        await child(handle, 'tagging').signal(wakeSignal);
        await waitFor(() => count(calls, 'syncTags') > before);
        await next.executeUpdate(disconnectUpdate, { args: [{ actor: partnerActor }] });
        for (const name of SYNC_CHILDREN) await waitFor(async () => (await child(handle, name).describe()).status.name === 'CANCELLED');
      },
      SLOW,
    );
    expect(events.filter((e) => e.action === 'onboarding.started')).toHaveLength(1);
  });

  it('reports a failing sync as degraded, and healthy again when it recovers', async () => {
    let failing = true;
    const { activities } = stubs({
      syncMemberships: async (): Promise<SyncPassResult> => {
        if (failing) throw ApplicationFailure.nonRetryable('ServiceTitan answered 500', SyncFailure.Unavailable);
        return { checked: 1, writes: 0, backlog: 0, failed: 0 };
      },
    });
    await runOnboarding(
      env,
      activities,
      async (handle) => {
        await driveToActive(handle);
        await waitFor(async () => (await handle.query(getStateQuery)).sync?.health === 'degraded');
        expect((await handle.query(getStateQuery)).sync?.children.memberships).toMatchObject({ lastResult: 'failed', lastError: 'ServiceTitan answered 500' });
        failing = false;
        await waitFor(async () => (await handle.query(getStateQuery)).sync?.health === 'ok');
      },
      FAST,
    );
  });

  it('reports items ServiceTitan refuses as partial or failed, with their count and last error in the state and search attributes', async () => {
    const refusal = {
      item: 'location 1001234',
      message: 'ServiceTitan GET /crm/v2/tenant/5550101/locations/1001234 answered 404: Not Found',
      status: 404,
      at: '2026-12-02T10:00:00.000Z',
    };
    let result: SyncPassResult = { checked: 1, writes: 0, backlog: 0, failed: 1, failing: 1, succeeded: 0, lastItemError: refusal };
    // The refused item's retry is due half a second after each pass: the child passes again then.
    const { activities } = stubs({
      syncComfortCredits: async (): Promise<SyncPassResult> => ({ ...result, nextWakeAt: new Date(Date.now() + 500).toISOString() }),
    });
    await runOnboarding(
      env,
      activities,
      async (handle) => {
        await driveToActive(handle);
        const comfortCredits = child(handle, 'comfortCredits');
        const attributes = async () => (await comfortCredits.describe()).typedSearchAttributes;

        // Every balance refused: failed.
        await waitFor(async () => (await comfortCredits.query(syncHealthQuery)).lastResult === 'failed');
        expect(await comfortCredits.query(syncHealthQuery)).toMatchObject({
          lastResult: 'failed',
          failedItems: 1,
          lastItemError: refusal,
          lastError: `location 1001234: ${refusal.message}`,
        });
        await waitFor(async () => (await attributes()).get(SyncResultKey) === 'failed');
        expect((await attributes()).get(SyncFailedItemsKey)).toBe(1);
        expect((await attributes()).get(SyncLastErrorKey)).toBe(`location 1001234: ${refusal.message}`);
        await waitFor(async () => (await handle.query(getStateQuery)).sync?.health === 'degraded');
        expect((await handle.describe()).typedSearchAttributes.get(SyncHealthKey)).toBe('degraded');

        // Others go through: partial, still degraded.
        result = { checked: 3, writes: 2, backlog: 0, failed: 0, failing: 1, succeeded: 2, lastItemError: refusal };
        await waitFor(async () => (await attributes()).get(SyncResultKey) === 'partial');
        expect(await comfortCredits.query(syncHealthQuery)).toMatchObject({ lastResult: 'partial', failedItems: 1, lastItemError: refusal });
        expect((await handle.query(getStateQuery)).sync).toMatchObject({
          health: 'degraded',
          children: { comfortCredits: { lastResult: 'partial', failedItems: 1 } },
        });

        // The refused item goes through at last: ok everywhere, the error gone.
        result = { checked: 1, writes: 1, backlog: 0, failed: 0, failing: 0, succeeded: 3 };
        await waitFor(async () => (await attributes()).get(SyncResultKey) === 'ok');
        expect((await attributes()).get(SyncFailedItemsKey)).toBe(0);
        expect((await attributes()).get(SyncLastErrorKey)).toBeUndefined();
        expect(await comfortCredits.query(syncHealthQuery)).toMatchObject({ lastResult: 'ok', failedItems: 0 });
        await waitFor(async () => (await handle.query(getStateQuery)).sync?.health === 'ok');
      },
      FAST,
    );
  });
});

describe('sync children waiting for work (time-skipping: hours pass in seconds)', () => {
  // One time-skipping server per test: skipped time is shared by everything on a server, and a
  // failed test's workflows, left without a worker, would hold every later test's skip.
  let skipping: TestWorkflowEnvironment;
  beforeEach(async () => {
    skipping = await startTimeSkippingTemporal();
  });
  afterEach(async () => {
    await skipping?.teardown();
  });

  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  /** The worker's timings, returned with every pass as the real activities do. */
  const timing: SyncPassTiming = { intervalMs: MINUTE, reconcileEveryMs: 6 * HOUR, reminderLookaheadHours: 48, idleCheckMs: 2 * HOUR };
  const ACTIVITY_OF = {
    comfortCredits: 'syncComfortCredits',
    technicianReminders: 'addTechnicianReminders',
    tagging: 'syncTags',
    memberships: 'syncMemberships',
    visits: 'bookPendingVisits',
  } as const;
  /** The server's (skipped) time at which the running pass was scheduled. */
  const serverNow = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const skippingChild = (handle: WorkflowHandle, name: (typeof SYNC_CHILDREN)[number]) =>
    skipping.client.workflow.getHandle(syncWorkflowId(handle.workflowId.replace(/^onboarding-/, ''), name));
  const { EventType } = temporal.api.enums.v1;
  /** Upserts of our search attributes (patched() also upserts TemporalChangeVersion, once per marker). */
  const healthUpserts = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? []).filter(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES &&
        Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some((k) => k !== 'TemporalChangeVersion'),
    ).length;
  const idleWith =
    (name: string, calls: string[], at: number[] = []) =>
    async (): Promise<SyncPassResult> => {
      calls.push(name);
      at.push(serverNow());
      return { checked: 0, writes: 0, backlog: 0, failed: 0, timing };
    };

  it('an idle child runs no pass but its idle check for hours, upserts nothing, and a wake runs a pass at once', async () => {
    const calls: string[] = [];
    const { activities } = stubs(Object.fromEntries(Object.values(ACTIVITY_OF).map((name) => [name, idleWith(name, calls)])));
    await runOnboarding(
      skipping,
      activities,
      async (handle) => {
        await driveToActive(handle);
        await waitFor(() => Object.values(ACTIVITY_OF).every((name) => count(calls, name) === 1));
        // Start, and the first pass's health (upserted once the pass's result reaches the child):
        // nothing more while nothing changes.
        await waitFor(async () => (await healthUpserts(skippingChild(handle, 'memberships'))) === 2);

        // Five hours without an event: the old way was 300 passes per child; now the idle check's two.
        await skipping.sleep(5 * HOUR);
        for (const name of Object.values(ACTIVITY_OF)) expect({ name, passes: count(calls, name) }).toEqual({ name, passes: 3 });
        for (const name of SYNC_CHILDREN) expect(await healthUpserts(skippingChild(handle, name))).toBe(2);
        expect(await skippingChild(handle, 'memberships').query(syncHealthQuery)).toMatchObject({ runs: 3, lastResult: 'ok', paused: false });

        // An event's wake-up runs a pass at once (no time skipped).
        await skippingChild(handle, 'memberships').signal(wakeSignal);
        await waitFor(() => count(calls, 'syncMemberships') === 4);
        expect(count(calls, 'syncTags')).toBe(3);
        await waitFor(async () => (await skippingChild(handle, 'memberships').query(syncHealthQuery)).runs === 4);
        await recordHistory(skippingChild(handle, 'memberships'), 'sync-child-idle-woken');
      },
      { intervalMs: MINUTE, reconcileEveryMs: 6 * HOUR, reminderLookaheadHours: 48 },
    );
  });

  it('keeps looking for appointments every interval while a hub alert is open, and stops when it clears', async () => {
    const calls: string[] = [];
    let alertOpen = true;
    const { activities } = stubs({
      ...Object.fromEntries(Object.values(ACTIVITY_OF).map((name) => [name, idleWith(name, calls)])),
      addTechnicianReminders: async (): Promise<SyncPassResult> => {
        calls.push('addTechnicianReminders');
        const watching = alertOpen ? { nextWakeAt: new Date(serverNow() + timing.intervalMs).toISOString() } : {};
        return { checked: 0, writes: 0, backlog: 0, failed: 0, timing, ...watching };
      },
    });
    await runOnboarding(
      skipping,
      activities,
      async (handle) => {
        await driveToActive(handle);
        await waitFor(() => count(calls, 'addTechnicianReminders') === 1);
        await skipping.sleep(10 * MINUTE + 30_000);
        // One look a minute while the alert is open.
        expect(count(calls, 'addTechnicianReminders')).toBeGreaterThanOrEqual(10);
        expect(count(calls, 'addTechnicianReminders')).toBeLessThanOrEqual(11);

        // hub.alert_cleared: the event wakes the child, its pass finds no open alert, it sleeps.
        alertOpen = false;
        await skippingChild(handle, 'technicianReminders').signal(wakeSignal);
        const cleared = await waitFor(async () => {
          const runs = (await skippingChild(handle, 'technicianReminders').query(syncHealthQuery)).runs;
          return runs === count(calls, 'addTechnicianReminders') && runs;
        });
        await skipping.sleep(HOUR);
        expect(count(calls, 'addTechnicianReminders')).toBe(cleared);
      },
      { intervalMs: MINUTE, reconcileEveryMs: 6 * HOUR, reminderLookaheadHours: 48 },
    );
  });

  it('retries a refused item at its retry time, not before and not at the next idle check', async () => {
    const calls: string[] = [];
    const passes: number[] = [];
    const refusal = { item: 'location 1001234', message: 'ServiceTitan answered 404: Not Found', status: 404, at: '2026-12-02T10:00:00.000Z' };
    const { activities } = stubs({
      ...Object.fromEntries(Object.values(ACTIVITY_OF).map((name) => [name, idleWith(name, calls)])),
      syncComfortCredits: async (): Promise<SyncPassResult> => {
        calls.push('syncComfortCredits');
        passes.push(serverNow());
        // Refused in the first pass (next try in 4 minutes, item-retry.ts), taken in the second.
        if (passes.length === 1)
          return {
            checked: 1,
            writes: 0,
            backlog: 0,
            failed: 1,
            failing: 1,
            succeeded: 0,
            lastItemError: refusal,
            nextWakeAt: new Date(serverNow() + 4 * MINUTE).toISOString(),
            timing,
          };
        return { checked: 1, writes: 1, backlog: 0, failed: 0, failing: 0, succeeded: 1, timing };
      },
    });
    await runOnboarding(
      skipping,
      activities,
      async (handle) => {
        await driveToActive(handle);
        await waitFor(() => passes.length === 1);
        await skipping.sleep(10 * MINUTE);
        expect(passes).toHaveLength(2);
        const waited = passes[1]! - passes[0]!;
        expect(waited).toBeGreaterThanOrEqual(4 * MINUTE);
        expect(waited).toBeLessThan(5 * MINUTE);
        expect(await skippingChild(handle, 'comfortCredits').query(syncHealthQuery)).toMatchObject({ lastResult: 'ok', failedItems: 0 });
        // Failed, then ok: the health changed twice, so two upserts after the start's.
        expect(await healthUpserts(skippingChild(handle, 'comfortCredits'))).toBe(3);
        await recordHistory(skippingChild(handle, 'comfortCredits'), 'sync-child-item-retry');
      },
      { intervalMs: MINUTE, reconcileEveryMs: 6 * HOUR, reminderLookaheadHours: 48 },
    );
  });
});
