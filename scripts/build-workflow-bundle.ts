// Builds the worker's workflow bundle once (bootstrap runs it after tsc; so does the Dockerfile),
// with the options the worker would bundle with at start (workers/shared-workflow-modules.ts:
// the shared zod preload is part of the bundle). Skipped when the bundle is newer than every
// source it was built from. Writes WORKFLOW_BUNDLE_PATH (default dist/workflow-bundle.js).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { WORKFLOW_BUNDLER_OPTIONS } from '../workers/shared-workflow-modules';
import { prebuiltWorkflowBundle } from '../workers/workflow-bundle-file';

async function main(): Promise<void> {
  const codePath = path.resolve(loadConfig().worker.workflowBundlePath);
  const existing = prebuiltWorkflowBundle(codePath);
  if (existing.bundle) {
    console.log(`workflow bundle up to date: ${codePath}`);
    return;
  }
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), ...WORKFLOW_BUNDLER_OPTIONS, logger: quiet });
  mkdirSync(path.dirname(codePath), { recursive: true });
  // Written beside and renamed: a worker starting meanwhile reads the old bundle or the new, never half.
  writeFileSync(`${codePath}.tmp`, code);
  renameSync(`${codePath}.tmp`, codePath);
  console.log(`workflow bundle built: ${codePath} (${(code.length / 1e6).toFixed(1)} MB)`);
}

main().catch((err: Error) => {
  console.error(`workflow bundle failed: ${err.message}`);
  process.exit(1);
});
