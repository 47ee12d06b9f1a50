// Builds the worker that runs every workflow and activity of the service on one task queue.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Mailer } from '../activities/onboarding/email/mailer';
import { emailSettingsOf } from '../activities/onboarding/emails';
import type { Config } from '../lib/config';
import type { Services } from '../lib/services';
import { WORKFLOW_BUNDLER_OPTIONS } from './shared-workflow-modules';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Tests pass a prebuilt bundle to save the webpack build per test file. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities(setup.deps),
    ...workflowOptions(setup.workflowBundle),
  });
}

/** How this worker runs workflows; bench/memory.ts builds its worker with the same options. */
export function workflowOptions(workflowBundle?: WorkerOptions['workflowBundle']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (workflowBundle) return { workflowBundle };
  return { workflowsPath: require.resolve('../workflows'), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };
}

/** The activities' clients and settings, from the process's configuration and services. */
export function activityDeps(config: Config, services: Services, mailer: Mailer): ActivityDeps {
  return {
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
