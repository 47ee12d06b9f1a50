// Builds the worker that runs every workflow and activity of the service on one task queue.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Mailer } from '../activities/onboarding/email/mailer';
import { emailSettingsOf } from '../activities/onboarding/emails';
import { HEARTBEAT_EVERY_MS } from '../activities/sync/pass-scope';
import type { Config } from '../lib/config';
import type { WorkerMetrics } from '../lib/metrics/worker-metrics';
import type { Services } from '../lib/services';
import { WORKFLOW_BUNDLER_OPTIONS } from './shared-workflow-modules';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Tests pass a prebuilt bundle to save the webpack build per test file; the worker process the one built once. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How long running activities may finish after shutdown is requested (SIGTERM/SIGINT); the SDK's default is 0. */
  shutdownGraceMs?: number;
}

export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities(setup.deps),
    // The SDK sends a heartbeat to Temporal at most every 0.8 x the heartbeat timeout (16 s of a
    // sync pass's 20 s), leaving 4 s before Temporal declares a busy but live attempt dead and
    // starts a second beside it: one CPU-starved moment, and a membership was sold twice. Sent as
    // the pass beats (every 5 s, activities/sync/pass-scope.ts), only a worker silent for 15 s is
    // taken over. Short activities end before their first beat and send none.
    maxHeartbeatThrottleInterval: `${HEARTBEAT_EVERY_MS} milliseconds`,
    ...workflowOptions(setup.workflowBundle),
    // On SIGTERM/SIGINT the Runtime shuts the worker down: it stops polling at once, lets running
    // activities finish for this long, then cancels them (a sync pass stops between items; the
    // next attempt resumes it). A deploy or scale-in then loses no work in flight.
    ...(setup.shutdownGraceMs !== undefined ? { shutdownGraceTime: setup.shutdownGraceMs } : {}),
  });
}

/** How this worker runs workflows; bench/memory.ts builds its worker with the same options. */
export function workflowOptions(workflowBundle?: WorkerOptions['workflowBundle']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (workflowBundle) return { workflowBundle };
  return { workflowsPath: require.resolve('../workflows'), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };
}

/** The activities' clients and settings, from the process's configuration and services. */
export function activityDeps(config: Config, services: Services, mailer: Mailer, metrics?: WorkerMetrics): ActivityDeps {
  return {
    syncMetrics: metrics?.sync,
    db: services.db,
    credentials: services.credentials,
    mailer,
    emailSettings: emailSettingsOf(config),
    applicationGuid: config.serviceTitan.applicationGuid,
    itemRetryFirstMs: config.syncItemRetryFirstMs,
    // The worker's settings, not those frozen into each onboarding at its start: a change reaches live integrations.
    syncTiming: { ...config.sync, idleCheckMs: config.syncIdleCheckMs },
  };
}
