// The onboarding's state and what each message and each deadline does to it (the workflow
// function, ./workflow.ts, registers the handlers and runs the timeline). Every mutation that
// awaits runs under `exclusive`, one at a time, handlers and timers alike.
import { condition, log, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import { toStorableText } from '../../lib/storable-text';
import { TENANT_ALREADY_LIVE } from '../failures';
import { OnboardingStatusKey } from '../search-attributes';
import { pauseSignal, resumeSignal } from '../sync/messages';
import type { SyncChild } from '../sync/types';
import {
  destroyCredentials,
  findTenantConflicts,
  recordOnboardingEvent,
  releasePendingEvents,
  saveCredentials,
  saveStep,
  sendOnboardingEmail,
  verifyCredentials,
  saveStepLocally,
  verifyStep,
  verifyStepLocally,
  verifyAndSaveStepLocally,
  verifyStoredCredentials,
  verifySubmissionLocally,
} from './activity-proxies';
import { activityFailureOfType, storageRefusalOf, tenantConflictFailure, verificationErrorOf, verificationFailure } from './errors';
import { Exclusive } from './exclusive';
import * as schemas from './input-schemas';
import type * as inputs from './inputs';
import type { ConfigureStepRequest, StepConfiguration } from './messages';
import { nextAction } from './next-action';
import {
  launchSyncChildren,
  markSyncStopped,
  prepareSyncChildren,
  setSyncHealth,
  signalSyncChildren,
  startSyncChildren,
  stopSyncChildren,
} from './sync-children';
import {
  CONFIG_STEPS,
  DEFAULT_SYNC,
  FINAL_STATUSES,
  OPTIONAL_STEPS,
  SYSTEM_ACTOR,
  type Actor,
  type ConfigStep,
  type OnboardingEmail,
  type AuditEvent,
  type OnboardingState,
  type OnboardingStatus,
  type StartOnboardingInput,
  type StepInputs,
  type StepState,
  type SyncTiming,
  type TenantCheckpoint,
  type VerificationError,
} from './types';
import { CONFIGURABLE_STATUSES, CREDENTIAL_STATUSES, DISCONNECTABLE_STATUSES, requireStatus, SUBMITTABLE_STATUSES } from './validators';

/** Onboardings recorded before the tenant check existed replay without its activities. */
const TENANT_CHECK_PATCH = 'tenant-conflict-check';

/** Every step pending: a new onboarding. */
function pendingSteps(): OnboardingState['steps'] {
  return {
    planMappings: { status: 'pending' },
    jobTypeMappings: { status: 'pending' },
    comfortCreditField: { status: 'pending' },
    eligibleServices: { status: 'pending' },
    tag: { status: 'pending' },
    campaign: { status: 'pending' },
    capacityScheduling: { status: 'pending' },
  };
}

/** Writes one step's state; generic over the steps' mapped type, so the step and its state stay paired without a cast. */
function setStep<K extends ConfigStep, S extends K>(steps: { [P in K]: StepState<P> }, step: S, value: StepState<S>): void {
  steps[step] = value;
}

/** A step and its input, paired (generic, so no cast is needed to keep them so). */
function configurationOf<S extends ConfigStep>(step: S, input: StepInputs[S]): StepConfiguration<S> {
  return { step, input };
}

/** The step's saved configuration, if it has one, as the verification activity takes it. */
function savedConfiguration<S extends ConfigStep>(steps: OnboardingState['steps'], step: S): StepConfiguration<S> | undefined {
  const input = steps[step].input;
  return input === undefined ? undefined : configurationOf(step, input);
}

export class Onboarding {
  readonly state: OnboardingState;
  /** One mutation at a time (see ./exclusive for why it wakes waiters the way it does). */
  readonly exclusive = new Exclusive(condition);
  private readonly syncSettings: SyncTiming;

  constructor(private readonly input: StartOnboardingInput) {
    const startedAt = new Date(workflowInfo().startTime).toISOString();
    this.state = input.resume ?? {
      partnerId: input.partnerId,
      tenantId: input.tenantId,
      contactEmail: input.contactEmail,
      prerequisites: input.prerequisites,
      status: 'AWAITING_REVIEW',
      nextAction: '',
      startedAt,
      statusChangedAt: startedAt,
      steps: pendingSteps(),
      systemReminders: { hubOffline: true, batteryHealth: true, airFilter: true },
    };
    this.state.nextAction = nextAction(this.state);
    this.syncSettings = input.sync ?? DEFAULT_SYNC;
  }

  // --- audit trail and transitions ----------------------------------------------------------
  private base() {
    const { partnerId, tenantId, contactEmail, prerequisites } = this.state;
    return { partnerId, tenantId, contactEmail, prerequisites };
  }

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
  private async record(withoutSnapshot: Omit<AuditEvent, 'snapshot'>, after: OnboardingState = this.state): Promise<void> {
    await this.store(this.eventOf(withoutSnapshot, after));
  }

  private eventOf(withoutSnapshot: Omit<AuditEvent, 'snapshot'>, after: OnboardingState = this.state): AuditEvent {
    // A deep copy: activity inputs are serialised when the command is made, which may be later.
    const state = JSON.parse(JSON.stringify(after)) as OnboardingState;
    return { ...withoutSnapshot, snapshot: { state, versionAt: now(), versionSeq: workflowInfo().historyLength } };
  }

  private async store(event: AuditEvent): Promise<void> {
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

  private async audit(actor: Actor, action: string, detail?: Record<string, unknown>, tenant?: AuditEvent['tenant']): Promise<void> {
    await this.record({ ...this.base(), actor, action, from: this.state.status, at: now(), detail, ...(tenant ? { tenant } : {}) });
  }

  /**
   * Records an audit event once the current message has been answered: the event and its
   * snapshot are made now, as they would have been, and stored as soon as the lock is free, before
   * any later message of this workflow changes a thing. The dashboard has its answer without
   * waiting for the database write; the read model trails it by that one activity (README).
   */
  private auditAfterAnswer(actor: Actor, action: string, detail?: Record<string, unknown>): void {
    const event = this.eventOf({ ...this.base(), actor, action, from: this.state.status, at: now(), detail });
    this.afterAnswer(() => this.store(event));
  }

  /** Runs `fn` under the lock after the message that holds it now has been answered. */
  private afterAnswer(fn: () => Promise<void>): void {
    // store() only throws for a bug or a cancellation: logged, since no caller is left to tell.
    void this.exclusive.run(fn).catch((err: unknown) => log.error('work after an answer failed', { error: (err as Error).message }));
  }

  private async transition(to: OnboardingStatus, actor: Actor, action: string, detail?: Record<string, unknown>): Promise<void> {
    const at = now();
    const from = this.state.status;
    // The read model gets the state as it is after the transition.
    const after: OnboardingState = { ...this.state, status: to, statusChangedAt: at };
    after.nextAction = nextAction(after);
    const event = this.eventOf({ ...this.base(), actor, action, from, to, at, detail }, after);
    if (patched(STATUS_BEFORE_RECORD_PATCH)) {
      // The read model may show the new status as soon as the activity writes it, before the
      // activity's completion reaches this workflow: the workflow must already be in that status,
      // or a dashboard that saw AWAITING_CREDENTIALS gets its credentials refused as "too early".
      // Handlers re-check the status under the lock, so an update accepted now still waits its turn.
      const before = { statusChangedAt: this.state.statusChangedAt, nextAction: this.state.nextAction };
      this.state.status = to;
      this.state.statusChangedAt = at;
      this.state.nextAction = after.nextAction;
      try {
        await this.store(event);
      } catch (err) {
        // Refused (another partner went live on the tenant): the workflow never left `from`.
        this.state.status = from;
        Object.assign(this.state, before);
        throw err;
      }
    } else {
      await this.store(event);
      this.state.status = to;
      this.state.statusChangedAt = at;
      this.state.nextAction = nextAction(this.state);
    }
    upsertSearchAttributes([{ key: OnboardingStatusKey, value: to }]);
  }

  /** Sends an email; one Postgres refuses to record (STORAGE_REFUSED) is audited, not fatal. */
  private async email(message: OnboardingEmail): Promise<void> {
    try {
      await sendOnboardingEmail(message);
    } catch (err) {
      const sqlState = storageRefusalOf(err);
      if (sqlState === undefined) throw err;
      await this.audit(SYSTEM_ACTOR, 'email.refused', { kind: message.kind, sqlState });
    }
  }

  // --- one tenant, one owner ------------------------------------------------------------------
  // Checked at the start, at approval and before going live (another partner may start later).

  /** Looks for other partners on the tenant and flags (or clears) the conflict; true if one is unresolved. */
  private async checkTenant(checkpoint: TenantCheckpoint, actor: Actor): Promise<boolean> {
    if (!patched(TENANT_CHECK_PATCH)) return false;
    const { otherPartnerIds } = await findTenantConflicts({ partnerId: this.state.partnerId, tenantId: this.state.tenantId });
    return this.noteTenantCheck(checkpoint, actor, otherPartnerIds);
  }

  private async noteTenantCheck(checkpoint: TenantCheckpoint, actor: Actor, otherPartnerIds: string[]): Promise<boolean> {
    const state = this.state;
    const conflict = state.tenantConflict;
    if (otherPartnerIds.length > 0 && !conflict) {
      state.tenantConflict = { flaggedAt: now(), foundAt: checkpoint };
      state.nextAction = nextAction(state);
      // The other partners are named in the audit trail (staff only), never in the partner's state.
      await this.audit(actor, 'tenant.conflict_flagged', { checkpoint, tenantId: state.tenantId, otherPartnerIds }, { conflict: true });
    } else if (otherPartnerIds.length === 0 && conflict && !conflict.allowed) {
      // The other onboarding ended (rejected, expired, disconnected): nothing left to decide.
      state.tenantConflict = undefined;
      state.nextAction = nextAction(state);
      await this.audit(actor, 'tenant.conflict_cleared', { checkpoint, tenantId: state.tenantId }, { conflict: false });
    }
    return state.tenantConflict !== undefined && !state.tenantConflict.allowed;
  }

  // --- the start ------------------------------------------------------------------------------
  /** Audits the start and checks the tenant; the caller holds `exclusive` from the start until this is done. */
  async recordStart(): Promise<void> {
    const input = this.input;
    await this.record({ ...this.base(), actor: input.requestedBy, action: 'onboarding.started', from: null, to: 'AWAITING_REVIEW', at: this.state.startedAt });
    await this.checkTenant('start', SYSTEM_ACTOR);
  }

  // --- staff decisions (signals: also sent from the Temporal UI, so parsed here) ---------------
  approve(payload: unknown): Promise<void> {
    return this.exclusive.run(async () => {
      const decision = this.readDecision('approve', schemas.approveReview(), payload);
      if ('refused' in decision) {
        await this.audit(...decision.refused);
        return;
      }
      const {
        actor: staff,
        data: { note },
      } = decision;
      // Approval goes ahead either way; a conflict found here waits for staff before going live.
      await this.checkTenant('approval', SYSTEM_ACTOR);
      const state = this.state;
      state.review = { decision: 'approved', staffUserId: staff.id, note, decidedAt: now() };
      state.credentialsDeadline = new Date(Date.now() + this.input.timings.credentialsExpireAfterMs).toISOString();
      await this.transition('AWAITING_CREDENTIALS', staff, 'review.approved', note ? { note } : undefined);
      await this.email({
        kind: 'continueSetup',
        partnerId: state.partnerId,
        tenantId: state.tenantId,
        to: state.contactEmail,
        linkExpiresAt: state.credentialsDeadline,
      });
    });
  }

  reject(payload: unknown): Promise<void> {
    return this.exclusive.run(async () => {
      const decision = this.readDecision('reject', schemas.rejectReview(), payload);
      if ('refused' in decision) {
        await this.audit(...decision.refused);
        return;
      }
      const {
        actor: staff,
        data: { reason },
      } = decision;
      const state = this.state;
      state.review = { decision: 'rejected', staffUserId: staff.id, reason, decidedAt: now() };
      await this.transition('REJECTED', staff, 'review.rejected', { reason });
      await this.email({ kind: 'rejected', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, reason });
    });
  }

  /**
   * A staff decision, parsed, with its staff member; or what to audit instead when it is malformed
   * or comes too late. Synchronous, so an applicable decision issues its first command at once.
   */
  private readDecision<T extends { staffUserId: string }>(
    decision: 'approve' | 'reject',
    schema: z.ZodType<T>,
    payload: unknown,
  ): { actor: Actor; data: T } | { refused: [actor: Actor, action: string, detail: Record<string, unknown>] } {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      // zod quotes unknown keys in its messages: what we audit must be storable too.
      const issues = parsed.error.issues.map((i) => ({ path: toStorableText(i.path.join('.')), message: toStorableText(i.message) }));
      return { refused: [SYSTEM_ACTOR, `review.${decision}_signal_invalid`, { issues }] };
    }
    const actor: Actor = { type: 'STAFF', id: parsed.data.staffUserId };
    if (this.state.status !== 'AWAITING_REVIEW')
      return { refused: [actor, `review.${decision}_ignored`, { reason: `the integration is ${this.state.status}` }] };
    return { actor, data: parsed.data };
  }

  resolveTenantConflict(payload: unknown): Promise<void> {
    return this.exclusive.run(async () => {
      const parsed = schemas.resolveTenantConflict().safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        await this.audit(SYSTEM_ACTOR, 'tenant.resolve_signal_invalid', { issues });
        return;
      }
      const state = this.state;
      const staff: Actor = { type: 'STAFF', id: parsed.data.staffUserId };
      const conflict = state.tenantConflict;
      if (FINAL_STATUSES.includes(state.status) || !conflict || conflict.allowed) {
        const reason = FINAL_STATUSES.includes(state.status)
          ? `the integration is ${state.status}`
          : conflict
            ? 'already allowed'
            : 'no tenant conflict is flagged';
        await this.audit(staff, 'tenant.resolve_ignored', { reason });
        return;
      }
      const decidedAt = now();
      state.tenantConflict = { ...conflict, allowed: { staffUserId: staff.id, decidedAt } };
      state.nextAction = nextAction(state);
      await this.audit(
        staff,
        'tenant.shared_tenant_allowed',
        { tenantId: state.tenantId, note: parsed.data.note },
        { conflict: true, allowedBy: staff.id, allowedAt: decidedAt },
      );
    });
  }

  // --- the dashboard's updates (validated before they are accepted: ./validators) -------------
  submitCredentials(request: inputs.SubmitCredentials & { actor: Actor }): Promise<OnboardingState> {
    return this.exclusive.run(async () => {
      const state = this.state;
      requireStatus(state.status, CREDENTIAL_STATUSES, 'Entering credentials');
      const actor = request.actor;
      let grantedAreas: string[];
      try {
        ({ grantedAreas } = await verifyCredentials({
          partnerId: state.partnerId,
          tenantId: state.tenantId,
          clientId: request.clientId,
          sealedSecret: request.sealedSecret,
        }));
      } catch (err) {
        const error = verificationErrorOf(err, 'credentials');
        state.lastCredentialCheck = { ok: false, at: now(), error };
        await this.audit(actor, 'credentials.verification_failed', { code: error.code, clientId: request.clientId });
        throw verificationFailure(error);
      }
      await saveCredentials({ partnerId: state.partnerId, clientId: request.clientId, sealedSecret: request.sealedSecret });
      const rotated = state.credentials !== undefined;
      state.credentials = { clientId: request.clientId, verifiedAt: now(), grantedAreas };
      state.lastCredentialCheck = { ok: true, at: state.credentials.verifiedAt };
      if (state.status === 'AWAITING_CREDENTIALS') await this.transition('CONFIGURING', actor, 'credentials.verified', { clientId: request.clientId });
      else if (state.status === 'NEEDS_ATTENTION') {
        await this.transition('ACTIVE', actor, 'credentials.rotated', { clientId: request.clientId });
        // Events that arrived while paused were kept as PENDING: they are live again too.
        await releasePendingEvents({ partnerId: state.partnerId });
        setSyncHealth(state, 'ok');
        await signalSyncChildren(state, resumeSignal);
      } else await this.audit(actor, rotated ? 'credentials.rotated' : 'credentials.verified', { clientId: request.clientId });
      return state;
    });
  }

  configureStep(request: ConfigureStepRequest): Promise<StepState> {
    return this.exclusive.run(async () => {
      const state = this.state;
      requireStatus(state.status, CONFIGURABLE_STATUSES, 'Changing the configuration');
      const { actor, step } = request;
      const configuration = configurationOf(step, request.input);
      const previous: StepState = state.steps[step];
      try {
        if (patched(STEP_VERIFIED_AND_SAVED_AT_ONCE_PATCH)) {
          // One local activity verifies, saves, and records the event with the state after it. The
          // event is made here without what ServiceTitan resolves (the activity adds it): nothing
          // else in it depends on that, the next action included.
          const verifiedAt = now();
          const after: OnboardingState = { ...state, steps: { ...state.steps } };
          setStep(after.steps, step, { status: 'verified', input: configuration.input, verifiedAt });
          after.nextAction = nextAction(after);
          const event = this.eventOf(
            { ...this.base(), actor, action: 'configuration.step_verified', from: state.status, at: verifiedAt, detail: { step } },
            after,
          );
          const { resolved } = await verifyAndSaveStepLocally({ partnerId: state.partnerId, tenantId: state.tenantId, request: configuration, event });
          const verified: StepState = { status: 'verified', input: configuration.input, resolved, verifiedAt };
          setStep(state.steps, step, verified);
          state.nextAction = after.nextAction;
          return verified;
        }
        // Steps verified before this change ran their activities through the server; they replay so.
        const locally = patched(STEP_LOCAL_ACTIVITIES_PATCH);
        const { resolved } = await (locally ? verifyStepLocally : verifyStep)({ partnerId: state.partnerId, tenantId: state.tenantId, request: configuration });
        if (patched(STEP_SAVED_WITH_AUDIT_PATCH)) {
          // The step's audit event and the state after it are stored with its configuration, in
          // one transaction: nothing is left to run after the answer.
          const verified: StepState = { status: 'verified', input: configuration.input, resolved, verifiedAt: now() };
          const after: OnboardingState = { ...state, steps: { ...state.steps } };
          setStep(after.steps, step, verified);
          after.nextAction = nextAction(after);
          const event = this.eventOf(
            { ...this.base(), actor, action: 'configuration.step_verified', from: state.status, at: now(), detail: { step, resolved } },
            after,
          );
          await saveStepLocally({ partnerId: state.partnerId, request: configuration, resolved, event });
          setStep(state.steps, step, verified);
          state.nextAction = after.nextAction;
          return verified;
        }
        await (locally ? saveStepLocally : saveStep)({ partnerId: state.partnerId, request: configuration, resolved });
        const verified: StepState = { status: 'verified', input: configuration.input, resolved, verifiedAt: now() };
        setStep(state.steps, step, verified);
        state.nextAction = nextAction(state);
        if (patched(STEP_ANSWERED_BEFORE_AUDIT_PATCH)) this.auditAfterAnswer(actor, 'configuration.step_verified', { step, resolved });
        else await this.audit(actor, 'configuration.step_verified', { step, resolved });
        return verified;
      } catch (err) {
        const error = verificationErrorOf(err, step);
        // A step that was verified before keeps its saved configuration; the error tells why the change was refused.
        setStep(state.steps, step, { ...previous, status: previous.status === 'verified' ? 'verified' : 'failed', error });
        if (patched(STEP_ANSWERED_BEFORE_AUDIT_PATCH)) this.auditAfterAnswer(actor, 'configuration.step_failed', { step, code: error.code });
        else await this.audit(actor, 'configuration.step_failed', { step, code: error.code });
        throw verificationFailure(error);
      }
    });
  }

  submitConfiguration(request: { actor: Actor }): Promise<OnboardingState> {
    return this.exclusive.run(async () => {
      const state = this.state;
      requireStatus(state.status, SUBMITTABLE_STATUSES, 'Submitting the integration form');
      if (await this.checkTenant('submit', request.actor)) {
        await this.audit(request.actor, 'configuration.submit_refused', { code: 'tenant_conflict_unresolved' });
        throw tenantConflictFailure();
      }
      const missing = CONFIG_STEPS.filter((step) => !OPTIONAL_STEPS.includes(step) && state.steps[step].status !== 'verified');
      if (missing.length > 0) {
        throw verificationFailure({
          code: 'configuration_incomplete',
          message: `Complete these steps first: ${missing.join(', ')}.`,
          step: missing[0]!,
          details: { missing },
        });
      }
      // Everything again: ServiceTitan may have changed since each step was verified.
      const configured = CONFIG_STEPS.flatMap((step) => savedConfiguration(state.steps, step) ?? []);
      const failures = patched(SUBMIT_VERIFIES_ONCE_PATCH)
        ? await verifySubmissionLocally({ partnerId: state.partnerId, tenantId: state.tenantId, configurations: configured }).then(
            (answer) => answer.failures,
            (err: unknown) => [verificationErrorOf(err, 'credentials')],
          )
        : await verifyEachSeparately(state.partnerId, state.tenantId, configured);
      if (failures.length > 0) {
        for (const failure of failures) {
          if (failure.step !== 'credentials') setStep(state.steps, failure.step, { ...state.steps[failure.step], status: 'failed', error: failure });
        }
        state.nextAction = nextAction(state);
        await this.audit(request.actor, 'configuration.submit_failed', { steps: failures.map((f) => f.step), codes: failures.map((f) => f.code) });
        throw verificationFailure({ ...failures[0]!, details: { ...failures[0]!.details, failures } });
      }
      state.activatedAt = now();
      try {
        await this.transition('ACTIVE', request.actor, 'configuration.submitted', { steps: configured.map((c) => c.step) });
      } catch (err) {
        // Another partner went live on the tenant since our check: the database refused this one.
        if (!activityFailureOfType(err, TENANT_ALREADY_LIVE)) throw err;
        state.activatedAt = undefined;
        await this.checkTenant('submit', request.actor);
        await this.audit(request.actor, 'configuration.submit_refused', { code: 'tenant_conflict_unresolved' });
        throw tenantConflictFailure();
      }
      // Onboardings that went live before the sync children existed replay without them.
      if (!patched('live-sync')) return state;
      if (patched(SUBMIT_ANSWERED_BEFORE_CHILDREN_PATCH)) {
        // The integration is live once the database says so (the transition above); starting its
        // five children takes a workflow task each, which the partner need not wait for.
        prepareSyncChildren(state);
        const settings = this.syncSettings;
        this.afterAnswer(() => launchSyncChildren(state, settings));
      } else await startSyncChildren(state, this.syncSettings);
      return state;
    });
  }

  disconnect(request: inputs.DisconnectInput & { actor: Actor }): Promise<OnboardingState> {
    return this.exclusive.run(async () => {
      const state = this.state;
      requireStatus(state.status, DISCONNECTABLE_STATUSES, 'Disconnecting');
      if (state.sync) {
        markSyncStopped(state);
        await stopSyncChildren(state);
      }
      await destroyCredentials({ partnerId: state.partnerId });
      state.credentials = undefined;
      state.disconnectedAt = now();
      await this.transition('DISCONNECTED', request.actor, 'integration.disconnected', request.reason ? { reason: request.reason } : undefined);
      return state;
    });
  }

  // --- the sync children's signals ------------------------------------------------------------
  credentialsRejected({ child, message }: { child: SyncChild; message: string }): Promise<void> {
    return this.exclusive.run(async () => {
      const state = this.state;
      // Once per episode: the first child to notice moves the integration, the others find it moved.
      if (state.status !== 'ACTIVE') return;
      await this.transition('NEEDS_ATTENTION', SYSTEM_ACTOR, 'sync.credentials_rejected', { child, message });
      setSyncHealth(state, 'paused');
      await signalSyncChildren(state, pauseSignal);
      await this.email({ kind: 'needsAttention', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail, problem: message });
    });
  }

  // --- deadlines (run by the workflow's timeline) ---------------------------------------------
  /** Reminds staff that a review waits (if it still does). */
  remindReview(): Promise<void> {
    return this.exclusive.run(async () => {
      const state = this.state;
      if (state.status !== 'AWAITING_REVIEW') return;
      await this.email({ kind: 'staffReviewReminder', partnerId: state.partnerId, tenantId: state.tenantId, waitingSince: state.startedAt });
      await this.audit(SYSTEM_ACTOR, 'review.reminder_sent');
    });
  }

  /** Reminds the partner to enter credentials (if still awaited). */
  remindCredentials(reminderNumber: number): Promise<void> {
    return this.exclusive.run(async () => {
      const state = this.state;
      if (state.status !== 'AWAITING_CREDENTIALS' || state.credentialsDeadline === undefined) return;
      await this.email({
        kind: 'credentialsReminder',
        partnerId: state.partnerId,
        tenantId: state.tenantId,
        to: state.contactEmail,
        reminderNumber,
        linkExpiresAt: state.credentialsDeadline,
      });
      await this.audit(SYSTEM_ACTOR, 'credentials.reminder_sent', { reminderNumber });
    });
  }

  /** No credentials in time: the onboarding expires (if still awaiting them). */
  expire(): Promise<void> {
    return this.exclusive.run(async () => {
      const state = this.state;
      if (state.status !== 'AWAITING_CREDENTIALS') return;
      await this.transition('EXPIRED', SYSTEM_ACTOR, 'onboarding.expired');
      await this.email({ kind: 'expired', partnerId: state.partnerId, tenantId: state.tenantId, to: state.contactEmail });
    });
  }
}

/** Submit's check before it read each catalog once (verifySubmission): kept for the histories of those submits. */
const SUBMIT_VERIFIES_ONCE_PATCH = 'submit-verifies-once';
/** Transitions before it took the new status only once the read model had it; they replay so. */
const STATUS_BEFORE_RECORD_PATCH = 'status-before-record';
const STEP_LOCAL_ACTIVITIES_PATCH = 'step-local-activities';
/** Steps before it answered after their audit event was stored; they replay so. */
const STEP_ANSWERED_BEFORE_AUDIT_PATCH = 'step-answered-before-audit';
/** Steps before it stored their audit event by an activity of its own, after the answer; they replay so. */
const STEP_SAVED_WITH_AUDIT_PATCH = 'step-saved-with-audit';
/** Steps before it verified, then saved, in two local activities; they replay so. */
const STEP_VERIFIED_AND_SAVED_AT_ONCE_PATCH = 'step-verified-and-saved-at-once';
/** Submits before it answered after the five sync children had started; they replay so. */
const SUBMIT_ANSWERED_BEFORE_CHILDREN_PATCH = 'submit-answered-before-children';
async function verifyEachSeparately(partnerId: string, tenantId: string, configured: StepConfiguration[]): Promise<VerificationError[]> {
  const checks = await Promise.all([
    verifyStoredCredentials({ partnerId, tenantId }).then(
      () => undefined,
      (err: unknown) => verificationErrorOf(err, 'credentials'),
    ),
    ...configured.map((configuration) =>
      verifyStep({ partnerId, tenantId, request: configuration }).then(
        () => undefined,
        (err: unknown) => verificationErrorOf(err, configuration.step),
      ),
    ),
  ]);
  return checks.filter((c): c is VerificationError => c !== undefined);
}

function now(): string {
  return new Date().toISOString();
}
