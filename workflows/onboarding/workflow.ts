// One long-running workflow per partner, from Tenant ID to a live integration: the setup guide
// (../shared/reference/seed-servicetitan-integration-setup.txt), step by step.
//
//   AWAITING_REVIEW --approve--> AWAITING_CREDENTIALS --verified credentials--> CONFIGURING --submit--> ACTIVE
//        |  reject                     |  30 days                                                         |
//        v                             v                                                                  v
//     REJECTED                      EXPIRED                 (any status) --disconnect--> DISCONNECTED
//
// Staff decide by signal (API or Temporal UI); the dashboard's requests are updates, so it gets
// each verification's outcome synchronously and malformed input is rejected before history.
// Mutations run one at a time (`exclusive`), timers and handlers alike.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { Activities } from '../../activities';
import { toStorableText } from '../../lib/storable-text';
import { STORAGE_REFUSED } from '../failures';
import { OnboardingStatusKey, PartnerIdKey, SyncHealthKey, TenantIdKey } from '../search-attributes';
import { credentialsRejectedSignal, pauseSignal, resumeSignal, syncReportSignal } from '../sync/messages';
import { SYNC_CHILDREN, syncWorkflowId } from '../sync/types';
import { syncWorkflow } from '../sync/workflow';
import * as inputs from './inputs';
import {
  approveSignal,
  configureStepUpdate,
  disconnectUpdate,
  getStateQuery,
  OnboardingFailure,
  rejectSignal,
  resolveTenantConflictSignal,
  startOnboardingUpdate,
  submitConfigurationUpdate,
  submitCredentialsUpdate,
  TENANT_ALREADY_LIVE,
  type ConfigureStepRequest,
} from './messages';
import { nextAction } from './next-action';
import {
  CONFIG_STEPS,
  DEFAULT_SYNC,
  FINAL_STATUSES,
  OPTIONAL_STEPS,
  SYSTEM_ACTOR,
  type Actor,
  type ConfigStep,
  type OnboardingEmail,
  type OnboardingEvent,
  type OnboardingState,
  type OnboardingStatus,
  type StartOnboardingInput,
  type StepState,
  type TenantCheckpoint,
  type VerificationError,
} from './types';

const { recordOnboardingEvent, saveCredentials, destroyCredentials, saveStep, sendOnboardingEmail, releasePendingEvents, findTenantConflicts } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Database and SMTP outages delay these; they never give up.
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

// Verifications answer a waiting dashboard: a few quick tries, then a clear "try again later".
const { verifyCredentials, verifyStoredCredentials, verifyStep } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

const CREDENTIAL_STATUSES: OnboardingStatus[] = ['AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION'];
/** The live integration: sync children run (NEEDS_ATTENTION: paused until credentials work again). */
const LIVE_STATUSES: OnboardingStatus[] = ['ACTIVE', 'NEEDS_ATTENTION'];
const CONFIGURABLE_STATUSES: OnboardingStatus[] = ['CONFIGURING', 'ACTIVE'];

export async function onboardingWorkflow(input: StartOnboardingInput): Promise<OnboardingState> {
  const startedAt = new Date(workflowInfo().startTime).toISOString();
  const state: OnboardingState = input.resume ?? {
    partnerId: input.partnerId,
    tenantId: input.tenantId,
    contactEmail: input.contactEmail,
    prerequisites: input.prerequisites,
    status: 'AWAITING_REVIEW',
    nextAction: '',
    startedAt,
    statusChangedAt: startedAt,
    steps: Object.fromEntries(CONFIG_STEPS.map((step) => [step, { status: 'pending' }])) as OnboardingState['steps'],
    systemReminders: { hubOffline: true, batteryHealth: true, airFilter: true },
  };
  state.nextAction = nextAction(state);
  const syncSettings = input.sync ?? DEFAULT_SYNC;

  // --- helpers -------------------------------------------------------------------------------
  // Held from the start until the start itself is recorded: a decision signalled in the same
  // instant as the start must not be audited (or mirrored) before it.
  let locked = !input.resume;
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Re-check after every wake-up: two waiters released by the same unlock both see it free.
    while (locked) await condition(() => !locked);
    locked = true;
    try {
      return await fn();
    } finally {
      locked = false;
    }
  }

  const now = () => new Date().toISOString();
  const base = () => ({ partnerId: state.partnerId, tenantId: state.tenantId, contactEmail: state.contactEmail, prerequisites: state.prerequisites });

  /**
   * Records an audit event. If Postgres refuses its data for good (STORAGE_REFUSED: only input that
   * slipped past validation), the event is recorded again without its detail, marked as refused,
   * and the workflow carries on: an audit that can never be stored must not hold this handler, and
   * every handler queued behind it, forever. No patch is needed: until now such an activity retried
   * forever, so no recorded history reaches this path. An onboarding wedged that way before this
   * release recovers: its pending activity now fails STORAGE_REFUSED and lands here. (Its replayed
   * signal now parses as invalid, which schedules the same recordOnboardingEvent command, so the
   * history still matches; the run goes on as "signal invalid", and staff decide again.)
   */
  async function record(event: OnboardingEvent): Promise<void> {
    try {
      await recordOnboardingEvent(event);
    } catch (err) {
      const sqlState = storageRefusalOf(err);
      if (sqlState === undefined) throw err;
      try {
        await recordOnboardingEvent({ ...event, detail: { detailRefused: true, sqlState } });
      } catch (again) {
        if (storageRefusalOf(again) === undefined) throw again;
        // Not even the bare event could be stored (nothing of ours should ever get here).
        log.error('audit event could not be stored', { action: event.action, sqlState });
      }
    }
  }

  /** The SQLSTATE of an activity failure of type STORAGE_REFUSED, else undefined. */
  function storageRefusalOf(err: unknown): string | undefined {
    if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure) || err.cause.type !== STORAGE_REFUSED) return undefined;
    return String((err.cause.details?.[0] as { sqlState?: string } | undefined)?.sqlState ?? 'unknown');
  }

  async function audit(actor: Actor, action: string, detail?: Record<string, unknown>, tenant?: OnboardingEvent['tenant']): Promise<void> {
    await record({ ...base(), actor, action, from: state.status, at: now(), detail, ...(tenant ? { tenant } : {}) });
  }

  async function transition(to: OnboardingStatus, actor: Actor, action: string, detail?: Record<string, unknown>): Promise<void> {
    const at = now();
    await record({ ...base(), actor, action, from: state.status, to, at, detail });
    state.status = to;
    state.statusChangedAt = at;
    state.nextAction = nextAction(state);
    upsertSearchAttributes([{ key: OnboardingStatusKey, value: to }]);
  }

  /** Sends an email; one Postgres refuses to record (STORAGE_REFUSED) is audited, not fatal. */
  const email = async (message: OnboardingEmail): Promise<void> => {
    try {
      await sendOnboardingEmail(message);
    } catch (err) {
      const sqlState = storageRefusalOf(err);
      if (sqlState === undefined) throw err;
      await audit(SYSTEM_ACTOR, 'email.refused', { kind: message.kind, sqlState });
    }
  };

  // --- one tenant, one owner ------------------------------------------------------------------
  // Checked at the start, at approval and before going live (another partner may start later).
  // Onboardings recorded before the check existed replay without these activities.
  const TENANT_CHECK_PATCH = 'tenant-conflict-check';

  /** Looks for other partners on the tenant and flags (or clears) the conflict; true if one is unresolved. */
  async function checkTenant(checkpoint: TenantCheckpoint, actor: Actor): Promise<boolean> {
    if (!patched(TENANT_CHECK_PATCH)) return false;
    const { otherPartnerIds } = await findTenantConflicts({ partnerId: state.partnerId, tenantId: state.tenantId });
    return noteTenantCheck(checkpoint, actor, otherPartnerIds);
  }

  async function noteTenantCheck(checkpoint: TenantCheckpoint, actor: Actor, otherPartnerIds: string[]): Promise<boolean> {
    const conflict = state.tenantConflict;
    if (otherPartnerIds.length > 0 && !conflict) {
      state.tenantConflict = { flaggedAt: now(), foundAt: checkpoint };
      state.nextAction = nextAction(state);
      // The other partners are named in the audit trail (staff only), never in the partner's state.
      await audit(actor, 'tenant.conflict_flagged', { checkpoint, tenantId: state.tenantId, otherPartnerIds }, { conflict: true });
    } else if (otherPartnerIds.length === 0 && conflict && !conflict.allowed) {
      // The other onboarding ended (rejected, expired, disconnected): nothing left to decide.
      state.tenantConflict = undefined;
      state.nextAction = nextAction(state);
      await audit(actor, 'tenant.conflict_cleared', { checkpoint, tenantId: state.tenantId }, { conflict: false });
    }
    return state.tenantConflict !== undefined && !state.tenantConflict.allowed;
  }

  function tenantConflictFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      type: OnboardingFailure.TenantConflict,
      message: 'SmartAC staff must check this ServiceTitan tenant before the integration can go live. We will be in touch.',
      details: [{ code: 'tenant_conflict_unresolved' }],
      nonRetryable: true,
    });
  }

  function requireStatus(allowed: OnboardingStatus[], what: string): void {
    if (!allowed.includes(state.status)) {
      throw ApplicationFailure.create({
        type: OnboardingFailure.InvalidState,
        message: `${what} is not possible while the integration is ${state.status}`,
        details: [{ status: state.status, allowed }],
        nonRetryable: true,
      });
    }
  }

  /** Validator side: the same zod schema as the API, so malformed input never enters history. */
  function requireValid<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: OnboardingFailure.InvalidInput,
        message: 'invalid input',
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        nonRetryable: true,
      });
    }
    return parsed.data;
  }

  function verificationFailure(error: VerificationError): ApplicationFailure {
    return ApplicationFailure.create({ type: OnboardingFailure.VerificationFailed, message: error.message, details: [error], nonRetryable: true });
  }

  /** Turns a failed verification activity into the reason to show, or rethrows a real bug. */
  function verificationErrorOf(err: unknown, step: VerificationError['step']): VerificationError {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
      const cause = err.cause;
      if (cause.type === OnboardingFailure.VerificationFailed && cause.details?.[0]) return cause.details[0] as VerificationError;
      if (cause.type === STORAGE_REFUSED) return { code: 'not_storable', message: 'This could not be saved. Check it for unusual characters and try again.', step };
      // Retries exhausted on an outage or throttling: the partner can simply try again.
      return { code: 'servicetitan_unavailable', message: 'ServiceTitan did not answer in time. Please try again in a few minutes.', step };
    }
    throw err;
  }

  // --- handlers (all registered before the first await) ----------------------------------------
  setHandler(getStateQuery, () => state);
  // The API's start request: a read that also tells that request whether it started this run.
  setHandler(startOnboardingUpdate, () => ({ created: input.startUpdateId !== undefined && currentUpdateInfo()?.id === input.startUpdateId, state }));

  const decide = (decision: 'approve' | 'reject', payload: unknown) =>
    exclusive(async () => {
      const schema = decision === 'approve' ? inputs.approveReview : inputs.rejectReview;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        // zod quotes unknown keys in its messages: what we audit must be storable too.
        const issues = parsed.error.issues.map((i) => ({ path: toStorableText(i.path.join('.')), message: toStorableText(i.message) }));
        await audit(SYSTEM_ACTOR, `review.${decision}_signal_invalid`, { issues });
        return;
      }
      const staff: Actor = { type: 'STAFF', id: parsed.data.staffUserId };
      if (state.status !== 'AWAITING_REVIEW') {
        await audit(staff, `review.${decision}_ignored`, { reason: `the integration is ${state.status}` });
        return;
      }
      if (decision === 'reject') {
        const { reason } = parsed.data as inputs.RejectReview;
        state.review = { decision: 'rejected', staffUserId: staff.id, reason, decidedAt: now() };
        await transition('REJECTED', staff, 'review.rejected', { reason });
        await email({ kind: 'rejected', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, reason });
        return;
      }
      const { note } = parsed.data as inputs.ApproveReview;
      // Approval goes ahead either way; a conflict found here waits for staff before going live.
      await checkTenant('approval', SYSTEM_ACTOR);
      state.review = { decision: 'approved', staffUserId: staff.id, note, decidedAt: now() };
      state.credentialsDeadline = new Date(Date.now() + input.timings.credentialsExpireAfterMs).toISOString();
      await transition('AWAITING_CREDENTIALS', staff, 'review.approved', note ? { note } : undefined);
      await email({ kind: 'continueSetup', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, linkExpiresAt: state.credentialsDeadline });
    });
  setHandler(approveSignal, (payload) => decide('approve', payload));
  setHandler(rejectSignal, (payload) => decide('reject', payload));

  setHandler(resolveTenantConflictSignal, (payload) =>
    exclusive(async () => {
      const parsed = inputs.resolveTenantConflict.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        await audit(SYSTEM_ACTOR, 'tenant.resolve_signal_invalid', { issues });
        return;
      }
      const staff: Actor = { type: 'STAFF', id: parsed.data.staffUserId };
      const conflict = state.tenantConflict;
      if (FINAL_STATUSES.includes(state.status) || !conflict || conflict.allowed) {
        const reason = FINAL_STATUSES.includes(state.status) ? `the integration is ${state.status}` : conflict ? 'already allowed' : 'no tenant conflict is flagged';
        await audit(staff, 'tenant.resolve_ignored', { reason });
        return;
      }
      const decidedAt = now();
      state.tenantConflict = { ...conflict, allowed: { staffUserId: staff.id, decidedAt } };
      state.nextAction = nextAction(state);
      await audit(staff, 'tenant.shared_tenant_allowed', { tenantId: state.tenantId, note: parsed.data.note }, { conflict: true, allowedBy: staff.id, allowedAt: decidedAt });
    }),
  );

  setHandler(
    submitCredentialsUpdate,
    (request) =>
      exclusive(async () => {
        requireStatus(CREDENTIAL_STATUSES, 'Entering credentials');
        const actor = request.actor;
        let grantedAreas: string[];
        try {
          ({ grantedAreas } = await verifyCredentials({ partnerId: state.partnerId, tenantId: state.tenantId, clientId: request.clientId, sealedSecret: request.sealedSecret }));
        } catch (err) {
          const error = verificationErrorOf(err, 'credentials');
          state.lastCredentialCheck = { ok: false, at: now(), error };
          await audit(actor, 'credentials.verification_failed', { code: error.code, clientId: request.clientId });
          throw verificationFailure(error);
        }
        await saveCredentials({ partnerId: state.partnerId, clientId: request.clientId, sealedSecret: request.sealedSecret });
        const rotated = state.credentials !== undefined;
        state.credentials = { clientId: request.clientId, verifiedAt: now(), grantedAreas };
        state.lastCredentialCheck = { ok: true, at: state.credentials.verifiedAt };
        if (state.status === 'AWAITING_CREDENTIALS') await transition('CONFIGURING', actor, 'credentials.verified', { clientId: request.clientId });
        else if (state.status === 'NEEDS_ATTENTION') {
          await transition('ACTIVE', actor, 'credentials.rotated', { clientId: request.clientId });
          // Events that arrived while paused were kept as PENDING: they are live again too.
          await releasePendingEvents({ partnerId: state.partnerId });
          setSyncHealth('ok');
          await signalChildren(resumeSignal);
        } else await audit(actor, rotated ? 'credentials.rotated' : 'credentials.verified', { clientId: request.clientId });
        return state;
      }),
    {
      validator: (request) => {
        requireStatus(CREDENTIAL_STATUSES, 'Entering credentials');
        requireValid(inputs.actor, request.actor);
        requireValid(inputs.submitCredentials, { clientId: request.clientId, sealedSecret: request.sealedSecret });
      },
    },
  );

  setHandler(
    configureStepUpdate,
    (request) =>
      exclusive(async () => {
        requireStatus(CONFIGURABLE_STATUSES, 'Changing the configuration');
        const { step, actor } = request;
        const previous: StepState = state.steps[step];
        try {
          const { resolved } = await verifyStep({ partnerId: state.partnerId, tenantId: state.tenantId, request: { step, input: request.input } as ConfigureStepRequest });
          await saveStep({ partnerId: state.partnerId, request: { step, input: request.input } as ConfigureStepRequest, resolved });
          const verified = { status: 'verified', input: request.input, resolved, verifiedAt: now() } as StepState;
          (state.steps as Record<ConfigStep, StepState>)[step] = verified;
          state.nextAction = nextAction(state);
          await audit(actor, 'configuration.step_verified', { step, resolved });
          return verified;
        } catch (err) {
          const error = verificationErrorOf(err, step);
          // A step that was verified before keeps its saved configuration; the error tells why the change was refused.
          (state.steps as Record<ConfigStep, StepState>)[step] = { ...previous, status: previous.status === 'verified' ? 'verified' : 'failed', error };
          await audit(actor, 'configuration.step_failed', { step, code: error.code });
          throw verificationFailure(error);
        }
      }),
    {
      validator: (request) => {
        requireStatus(CONFIGURABLE_STATUSES, 'Changing the configuration');
        requireValid(inputs.actor, request.actor);
        const schemas: Record<ConfigStep, z.ZodType> = {
          planMappings: inputs.planMappings,
          jobTypeMappings: inputs.jobTypeMappings,
          comfortCreditField: inputs.comfortCreditField,
          eligibleServices: inputs.eligibleServices,
          tag: inputs.tag,
          campaign: inputs.campaign,
          capacityScheduling: inputs.capacityScheduling,
        };
        const schema = schemas[request.step as ConfigStep];
        if (!schema) requireValid(inputs.configStep, request.step);
        else requireValid(schema, request.input);
      },
    },
  );

  setHandler(
    submitConfigurationUpdate,
    (request) =>
      exclusive(async () => {
        requireStatus(['CONFIGURING'], 'Submitting the integration form');
        if (await checkTenant('submit', request.actor)) {
          await audit(request.actor, 'configuration.submit_refused', { code: 'tenant_conflict_unresolved' });
          throw tenantConflictFailure();
        }
        const missing = CONFIG_STEPS.filter((step) => !OPTIONAL_STEPS.includes(step) && state.steps[step].status !== 'verified');
        if (missing.length > 0) {
          throw verificationFailure({ code: 'configuration_incomplete', message: `Complete these steps first: ${missing.join(', ')}.`, step: missing[0]!, details: { missing } });
        }
        // Everything again, in parallel: ServiceTitan may have changed since each step was verified.
        const configured = CONFIG_STEPS.filter((step) => state.steps[step].input !== undefined);
        const checks = await Promise.all([
          verifyStoredCredentials({ partnerId: state.partnerId, tenantId: state.tenantId }).then(
            () => undefined,
            (err: unknown) => verificationErrorOf(err, 'credentials'),
          ),
          ...configured.map((step) =>
            verifyStep({ partnerId: state.partnerId, tenantId: state.tenantId, request: { step, input: state.steps[step].input } as ConfigureStepRequest }).then(
              () => undefined,
              (err: unknown) => verificationErrorOf(err, step),
            ),
          ),
        ]);
        const failures = checks.filter((c): c is VerificationError => c !== undefined);
        if (failures.length > 0) {
          for (const failure of failures) {
            if (failure.step !== 'credentials') (state.steps as Record<ConfigStep, StepState>)[failure.step] = { ...state.steps[failure.step], status: 'failed', error: failure };
          }
          state.nextAction = nextAction(state);
          await audit(request.actor, 'configuration.submit_failed', { steps: failures.map((f) => f.step), codes: failures.map((f) => f.code) });
          throw verificationFailure({ ...failures[0]!, details: { ...failures[0]!.details, failures } });
        }
        state.activatedAt = now();
        try {
          await transition('ACTIVE', request.actor, 'configuration.submitted', { steps: configured });
        } catch (err) {
          // Another partner went live on the tenant since our check: the database refused this one.
          if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === TENANT_ALREADY_LIVE)) throw err;
          state.activatedAt = undefined;
          await checkTenant('submit', request.actor);
          await audit(request.actor, 'configuration.submit_refused', { code: 'tenant_conflict_unresolved' });
          throw tenantConflictFailure();
        }
        // Onboardings that went live before the sync children existed replay without them.
        if (patched('live-sync')) await startSyncChildren();
        return state;
      }),
    {
      validator: (request) => {
        requireStatus(['CONFIGURING'], 'Submitting the integration form');
        requireValid(inputs.actor, request.actor);
      },
    },
  );

  setHandler(
    disconnectUpdate,
    (request) =>
      exclusive(async () => {
        requireStatus(notFinal(), 'Disconnecting');
        if (state.sync) {
          markSyncStopped();
          await stopSyncChildren();
        }
        await destroyCredentials({ partnerId: state.partnerId });
        state.credentials = undefined;
        state.disconnectedAt = now();
        await transition('DISCONNECTED', request.actor, 'integration.disconnected', request.reason ? { reason: request.reason } : undefined);
        return state;
      }),
    {
      validator: (request) => {
        requireStatus(notFinal(), 'Disconnecting');
        requireValid(inputs.actor, request.actor);
        requireValid(inputs.disconnect, { reason: request.reason });
      },
    },
  );

  function notFinal(): OnboardingStatus[] {
    return ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION'];
  }

  // --- the live integration: sync children -------------------------------------------------
  async function startSyncChildren(): Promise<void> {
    // Events that arrived before the integration was live are now applied by the children.
    await releasePendingEvents({ partnerId: state.partnerId });
    // Ready for the children's reports before the first child starts.
    state.sync = { health: 'ok', children: {} };
    upsertSearchAttributes([{ key: SyncHealthKey, value: 'ok' }]);
    for (const child of SYNC_CHILDREN) {
      await startChild(syncWorkflow, {
        workflowId: syncWorkflowId(state.partnerId, child),
        args: [{ partnerId: state.partnerId, tenantId: state.tenantId, child, parentWorkflowId: workflowInfo().workflowId, ...syncSettings }],
        // The children outlive each run of this workflow (it continues as new while live);
        // disconnect stops them explicitly.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
  }

  /** Children are addressed by id, so a later run (after continue-as-new) reaches them too. */
  async function signalChildren(signal: SignalDefinition): Promise<void> {
    if (!state.sync) return;
    await Promise.all(SYNC_CHILDREN.map((child) => getExternalWorkflowHandle(syncWorkflowId(state.partnerId, child)).signal(signal).catch(() => undefined)));
  }

  async function stopSyncChildren(): Promise<void> {
    await Promise.all(SYNC_CHILDREN.map((child) => getExternalWorkflowHandle(syncWorkflowId(state.partnerId, child)).cancel().catch(() => undefined)));
  }

  /**
   * Disconnect: the state must not keep showing the children's last (healthy) reports. Reports
   * still in flight from a child's last pass are ignored from here on. Onboardings disconnected
   * before this existed replay without it.
   */
  function markSyncStopped(): void {
    if (!state.sync || !patched('sync-stopped-on-disconnect')) return;
    for (const child of SYNC_CHILDREN) {
      state.sync.children[child] = { runs: 0, writes: 0, backlog: 0, ...state.sync.children[child], lastResult: 'stopped' };
    }
    setSyncHealth('stopped');
  }

  function setSyncHealth(health: NonNullable<OnboardingState['sync']>['health']): void {
    if (!state.sync || state.sync.health === health) return;
    state.sync.health = health;
    upsertSearchAttributes([{ key: SyncHealthKey, value: health }]);
  }

  setHandler(syncReportSignal, ({ child, health }) => {
    if (!state.sync || state.sync.health === 'stopped') return;
    state.sync.children[child] = health;
    if (state.status === 'NEEDS_ATTENTION') return;
    // Items ServiceTitan refuses (partial) degrade it too: the partner's data is not all there.
    setSyncHealth(Object.values(state.sync.children).some((h) => h?.lastResult === 'failed' || h?.lastResult === 'partial') ? 'degraded' : 'ok');
  });

  setHandler(credentialsRejectedSignal, ({ child, message }) =>
    exclusive(async () => {
      // Once per episode: the first child to notice moves the integration, the others find it moved.
      if (state.status !== 'ACTIVE') return;
      await transition('NEEDS_ATTENTION', SYSTEM_ACTOR, 'sync.credentials_rejected', { child, message });
      setSyncHealth('paused');
      await signalChildren(pauseSignal);
      await email({ kind: 'needsAttention', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, problem: message });
    }),
  );

  // --- the process ------------------------------------------------------------------------
  // Staff filter on these in the Temporal UI; the workflow owns them, however it was started.
  upsertSearchAttributes([
    { key: PartnerIdKey, value: input.partnerId },
    { key: TenantIdKey, value: input.tenantId },
    { key: OnboardingStatusKey, value: state.status },
    // A run that continues a live integration carries its sync health on.
    ...(state.sync ? [{ key: SyncHealthKey, value: state.sync.health }] : []),
  ]);
  if (!input.resume) {
    try {
      await record({ ...base(), actor: input.requestedBy, action: 'onboarding.started', from: null, to: 'AWAITING_REVIEW', at: startedAt });
      await checkTenant('start', SYSTEM_ACTOR);
    } finally {
      locked = false;
    }
  }

  /** Waits until the status leaves `status` or `deadline` (workflow time) passes; true if it left. */
  const leftBefore = async (status: OnboardingStatus, deadline: number): Promise<boolean> => {
    const remaining = deadline - Date.now();
    return remaining > 0 ? condition(() => state.status !== status, remaining) : state.status !== status;
  };

  // Review: remind staff each time the SLA passes without a decision.
  while (state.status === 'AWAITING_REVIEW') {
    if (await leftBefore('AWAITING_REVIEW', Date.now() + input.timings.reviewSlaMs)) break;
    await exclusive(async () => {
      if (state.status !== 'AWAITING_REVIEW') return;
      await email({ kind: 'staffReviewReminder', partnerId: state.partnerId, tenantId: state.tenantId, waitingSince: state.startedAt });
      await audit(SYSTEM_ACTOR, 'review.reminder_sent');
    });
  }

  // Credentials: reminders after 3 and 7 days, expiry after 30.
  if (state.status === 'AWAITING_CREDENTIALS') {
    const approvedAt = Date.parse(state.statusChangedAt);
    for (const [index, after] of input.timings.credentialsReminderAfterMs.entries()) {
      if (await leftBefore('AWAITING_CREDENTIALS', approvedAt + after)) break;
      await exclusive(async () => {
        if (state.status !== 'AWAITING_CREDENTIALS') return;
        await email({ kind: 'credentialsReminder', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, reminderNumber: index + 1, linkExpiresAt: state.credentialsDeadline! });
        await audit(SYSTEM_ACTOR, 'credentials.reminder_sent', { reminderNumber: index + 1 });
      });
    }
    if (!(await leftBefore('AWAITING_CREDENTIALS', approvedAt + input.timings.credentialsExpireAfterMs))) {
      await exclusive(async () => {
        if (state.status !== 'AWAITING_CREDENTIALS') return;
        await transition('EXPIRED', SYSTEM_ACTOR, 'onboarding.expired');
        await email({ kind: 'expired', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail });
      });
    }
  }

  // Configuring and live: everything happens in the handlers until the onboarding ends. A live
  // integration runs for years: its history is kept small by continuing as new.
  await condition(() => FINAL_STATUSES.includes(state.status) || (LIVE_STATUSES.includes(state.status) && workflowInfo().continueAsNewSuggested));
  await condition(() => !locked && allHandlersFinished());
  if (!FINAL_STATUSES.includes(state.status)) await continueAsNew<typeof onboardingWorkflow>({ ...input, resume: state });
  return state;
}
