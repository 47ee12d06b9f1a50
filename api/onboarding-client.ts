// The API's one way to talk to onboarding workflows: start, read, signal, update; and the
// mapping of their outcomes to HTTP errors (409 wrong status, 400 invalid input, 422 not
// verified by ServiceTitan, 404 no onboarding, 503 Temporal did not answer in time).
//
// Reads come from the read model (./read-model.ts), not from Temporal; the answers of start and
// of updates carry the state straight from the workflow, so a dashboard reads its own writes.
//
// Every call has a deadline (config.temporal.apiDeadlines): a worker that is down or a workflow
// that cannot answer gives 503 with Retry-After, never a request that hangs. Repeating is safe:
// an update carries the caller's Idempotency-Key as its update id, so a repeat attaches to the
// same update (Temporal keeps one outcome per update id and run) instead of applying it again;
// a start is USE_EXISTING; a repeated staff decision is audited as ignored.
import { randomUUID } from 'node:crypto';
import {
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db/client';
import type { StartOnboardingBody } from '../workflows/onboarding/inputs';
import { OnboardingFailure, STORAGE_REFUSED } from '../workflows/failures';
import {
  configureStepUpdate,
  getStateQuery,
  startOnboardingUpdate,
  type ConfigureStepRequest,
  type StartOnboardingResult,
} from '../workflows/onboarding/messages';
import { nextAction } from '../workflows/onboarding/next-action';
import type { onboardingWorkflow } from '../workflows/onboarding/workflow';
import { onboardingWorkflowId, type Actor, type ConfigStep, type OnboardingState, type StepState } from '../workflows/onboarding/types';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { HttpError } from './errors';
import { backfillState, readChildHealths, readState, withChildHealth } from './read-model';

/** gRPC status codes of a call that ran out of time or was cancelled. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_CANCELLED = 1;

export class OnboardingClient {
  constructor(
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'temporal' | 'onboarding' | 'sync'>,
    private readonly db: Db,
  ) {}

  private handle(partnerId: string) {
    return this.temporal.workflow.getHandle(onboardingWorkflowId(partnerId));
  }

  /** Runs `fn` with every Temporal call in it bounded by the deadline of its kind; 503 past it. */
  private async bounded<T>(kind: 'query' | 'update', fn: () => Promise<T>): Promise<T> {
    const ms = kind === 'query' ? this.config.temporal.apiDeadlines.queryMs : this.config.temporal.apiDeadlines.updateMs;
    try {
      return await this.temporal.withDeadline(Date.now() + ms, fn);
    } catch (err) {
      if (isDeadlineError(err)) throw temporalTimeout(kind, ms);
      throw err;
    }
  }

  /**
   * Starts the partner's onboarding unless one runs, and reads its state, in one call:
   * update-with-start with USE_EXISTING, so two simultaneous starts (or a start repeated after a
   * 503) reach the same run, and only the request that started it gets `created`. A finished
   * onboarding (rejected, expired, disconnected) is started again, as a new run. `idempotencyKey`
   * (the request's Idempotency-Key) makes the update id: a repeat gets the first one's answer.
   */
  async start(partnerId: string, body: StartOnboardingBody, requestedBy: Actor, idempotencyKey?: string): Promise<StartOnboardingResult> {
    const updateId = `${startOnboardingUpdate.name}:${idempotencyKey ?? randomUUID()}`;
    const { created, state } = await this.bounded('query', () =>
      this.temporal.workflow.executeUpdateWithStart(startOnboardingUpdate, {
        updateId,
        startWorkflowOperation: new WithStartWorkflowOperation<typeof onboardingWorkflow>('onboardingWorkflow', {
          workflowId: onboardingWorkflowId(partnerId),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ partnerId, ...body, requestedBy, timings: this.config.onboarding, sync: this.config.sync, startUpdateId: updateId }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }),
    );
    return { created, state: await this.withChildReports(partnerId, state) };
  }

  /**
   * The partner's state from the read model (api/read-model.ts): one database round trip, no
   * Temporal query, so it answers while the workers are busy or down. Only an onboarding that has
   * recorded nothing since the read model exists is asked once, then stored.
   */
  async state(partnerId: string): Promise<OnboardingState> {
    const stored = await readState(this.db, partnerId);
    if (stored) return stored;
    let state: OnboardingState;
    try {
      state = await this.bounded('query', () => this.handle(partnerId).query(getStateQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'this partner has no ServiceTitan integration yet');
      throw err;
    }
    await backfillState(this.db, state);
    return (await readState(this.db, partnerId)) ?? state;
  }

  /** A state the workflow just answered with, with its sync children's health from the read model. */
  private async withChildReports(partnerId: string, state: OnboardingState): Promise<OnboardingState> {
    if (state.status !== 'ACTIVE' && state.status !== 'NEEDS_ATTENTION') return state;
    return withChildHealth(state, (await readChildHealths(this.db, [partnerId])).get(partnerId) ?? {});
  }

  /** Signals a running onboarding; 409 unless it is in one of `allowed` statuses. */
  async signal<T>(partnerId: string, signal: SignalDefinition<[T]>, payload: T, allowed: OnboardingState['status'][]): Promise<OnboardingState> {
    const current = await this.state(partnerId);
    if (!allowed.includes(current.status)) throw new HttpError(409, 'invalid_state', `not possible while the integration is ${current.status}`);
    await this.bounded('query', () => this.handle(partnerId).signal(signal, payload));
    return current;
  }

  /**
   * Configures a step and answers the whole state, so the page has the step's result and what
   * comes next from one request. The workflow's update answers the step alone (its result type
   * is fixed by recorded histories); the rest comes from the read model, whose snapshot with
   * this step is written just after the answer (the step's audit event follows it), so the
   * step's own result goes over it and nextAction is derived again by the workflow's rule.
   */
  async configureStep(partnerId: string, request: ConfigureStepRequest, idempotencyKey?: string): Promise<OnboardingState> {
    const result = await this.update(partnerId, configureStepUpdate, request, idempotencyKey);
    return withStepResult(await this.state(partnerId), request.step, result);
  }

  /**
   * Runs an update and waits for its outcome. `idempotencyKey` (the request's Idempotency-Key)
   * becomes the update id, scoped by the update's name: a repeat of a request that timed out
   * attaches to the same update and gets its outcome, applied once. Without a key every request
   * is a new update: after a 503 it may still be applied, so read the state before repeating.
   */
  async update<Ret, Arg>(partnerId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, idempotencyKey?: string): Promise<Ret> {
    try {
      return await this.bounded('update', () =>
        this.handle(partnerId).executeUpdate(update, { args: [arg], ...(idempotencyKey ? { updateId: `${update.name}:${idempotencyKey}` } : {}) }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw httpErrorOf(err.cause);
      if (
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ActivityFailure &&
        err.cause.cause instanceof ApplicationFailure &&
        err.cause.cause.type === STORAGE_REFUSED
      ) {
        throw new HttpError(422, 'not_storable', 'This could not be saved. Check it for unusual characters and try again.');
      }
      if (err instanceof WorkflowNotFoundError) {
        // A finished onboarding (rejected, expired, disconnected) still answers queries.
        const state = await this.state(partnerId);
        throw new HttpError(409, 'invalid_state', `not possible while the integration is ${state.status}`);
      }
      throw err;
    }
  }
}

/** The state with a step's fresh result in it, and the next action that follows. */
function withStepResult(state: OnboardingState, step: ConfigStep, result: StepState): OnboardingState {
  const steps = { ...state.steps };
  setStep(steps, step, result);
  const updated = { ...state, steps };
  return { ...updated, nextAction: nextAction(updated) };
}

/** Generic, so a step and its state stay paired without a cast (as the workflow sets them). */
function setStep<K extends ConfigStep, S extends K>(steps: { [P in K]: StepState<P> }, step: S, value: StepState<S>): void {
  steps[step] = value;
}

function httpErrorOf(failure: ApplicationFailure): HttpError {
  const detail = failure.details?.[0] as Record<string, unknown> | undefined;
  switch (failure.type) {
    case OnboardingFailure.InvalidState:
      return new HttpError(409, 'invalid_state', failure.message);
    case OnboardingFailure.InvalidInput:
      return new HttpError(400, 'invalid_request', failure.message, failure.details);
    case OnboardingFailure.TenantConflict:
      // Says only that staff must check the tenant: never which other partner holds it.
      return new HttpError(409, 'tenant_conflict_unresolved', failure.message);
    case OnboardingFailure.VerificationFailed:
      return new HttpError(422, String(detail?.code ?? 'verification_failed'), failure.message, undefined, { step: detail?.step, details: detail?.details });
    default:
      return new HttpError(500, 'internal', 'the onboarding workflow failed this request');
  }
}

function isDeadlineError(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  const code = (grpc as { code?: unknown } | undefined)?.code;
  return code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED;
}

/** Retry-After: long enough for a restarting worker, short enough for an impatient dashboard. */
const RETRY_AFTER_SECONDS = { query: 2, update: 5 };

function temporalTimeout(kind: 'query' | 'update', ms: number): HttpError {
  const message =
    kind === 'update'
      ? `The onboarding did not answer within ${ms} ms. Send the same request again with the same Idempotency-Key: it is applied once.`
      : `The onboarding did not answer within ${ms} ms. Try again shortly.`;
  return new HttpError(
    503,
    'temporal_timeout',
    message,
    undefined,
    { retryAfterSeconds: RETRY_AFTER_SECONDS[kind] },
    { 'Retry-After': String(RETRY_AFTER_SECONDS[kind]) },
  );
}
