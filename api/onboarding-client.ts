// The API's one way to talk to onboarding workflows: start, read, signal, update; and the
// mapping of their outcomes to HTTP errors (409 wrong status, 400 invalid input, 422 not
// verified by ServiceTitan, 404 no onboarding).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../lib/config';
import type { StartOnboardingBody } from '../workflows/onboarding/inputs';
import { getStateQuery, OnboardingFailure } from '../workflows/onboarding/messages';
import { syncHealthQuery } from '../workflows/sync/messages';
import { SYNC_CHILDREN, syncWorkflowId } from '../workflows/sync/types';
import { onboardingWorkflowId, type Actor, type OnboardingState } from '../workflows/onboarding/types';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { HttpError } from './errors';

export class OnboardingClient {
  constructor(
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'temporal' | 'onboarding' | 'sync'>,
  ) {}

  private handle(partnerId: string) {
    return this.temporal.workflow.getHandle(onboardingWorkflowId(partnerId));
  }

  /** Starts the partner's onboarding unless one runs; returns its state and whether it is new. */
  async start(partnerId: string, body: StartOnboardingBody, requestedBy: Actor): Promise<{ created: boolean; state: OnboardingState }> {
    const running = await this.isRunning(partnerId);
    if (!running) {
      // USE_EXISTING closes the race between two simultaneous starts: both get the same run.
      await this.temporal.workflow.start('onboardingWorkflow', {
        workflowId: onboardingWorkflowId(partnerId),
        taskQueue: this.config.temporal.taskQueue,
        args: [{ partnerId, ...body, requestedBy, timings: this.config.onboarding, sync: this.config.sync }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    }
    return { created: !running, state: await this.state(partnerId) };
  }

  async state(partnerId: string): Promise<OnboardingState> {
    let state: OnboardingState;
    try {
      state = await this.handle(partnerId).query(getStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'this partner has no ServiceTitan integration yet');
      throw err;
    }
    if (state.sync && (state.status === 'ACTIVE' || state.status === 'NEEDS_ATTENTION')) {
      // Each child knows its own last run best; the parent only hears of changes.
      const reports = await Promise.allSettled(SYNC_CHILDREN.map((child) => this.temporal.workflow.getHandle(syncWorkflowId(partnerId, child)).query(syncHealthQuery)));
      reports.forEach((report, i) => {
        if (report.status === 'fulfilled') state.sync!.children[SYNC_CHILDREN[i]!] = report.value;
      });
    }
    return state;
  }

  /** Signals a running onboarding; 409 unless it is in one of `allowed` statuses. */
  async signal<T>(partnerId: string, signal: SignalDefinition<[T]>, payload: T, allowed: OnboardingState['status'][]): Promise<OnboardingState> {
    const current = await this.state(partnerId);
    if (!allowed.includes(current.status)) throw new HttpError(409, 'invalid_state', `not possible while the integration is ${current.status}`);
    await this.handle(partnerId).signal(signal, payload);
    return current;
  }

  async update<Ret, Arg>(partnerId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.handle(partnerId).executeUpdate(update, { args: [arg] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw httpErrorOf(err.cause);
      if (err instanceof WorkflowNotFoundError) {
        // A finished onboarding (rejected, expired, disconnected) still answers queries.
        const state = await this.state(partnerId);
        throw new HttpError(409, 'invalid_state', `not possible while the integration is ${state.status}`);
      }
      throw err;
    }
  }

  private async isRunning(partnerId: string): Promise<boolean> {
    try {
      return (await this.handle(partnerId).describe()).status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
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
