// The workflow bundle, built once per test process (webpack takes a second or two).
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SHARED_WORKFLOW_MODULES } from '../../workers/shared-workflow-modules';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As the worker bundles (workers/worker.ts), so tests run the workflows on the shared zod.
    preloadModules: SHARED_WORKFLOW_MODULES,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  return bundle;
}
