// The workflow bundle, built once per test process (webpack takes a second or two).
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOW_BUNDLER_OPTIONS } from '../../workers/shared-workflow-modules';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As the worker bundles (workers/worker.ts), so tests run the workflows on the shared zod.
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  return bundle;
}
