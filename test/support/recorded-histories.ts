// Recording the histories that test/unit/workflows/replay.test.ts replays on every run.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Bump when the workflows change (with patched()), so new recordings sit beside the old ones. */
export const WORKFLOW_VERSION = 'v8';

/**
 * With RECORD_HISTORIES=1 (see README), saves the workflow's history under test/histories/, where
 * replay.test.ts replays it against the current workflow code: a change that breaks running
 * workflows then fails CI until it is made with patching.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  writeFileSync(path.join(__dirname, '..', 'histories', `${name}.${WORKFLOW_VERSION}.json`), historyToJSON(await handle.fetchHistory()));
}
