// Why the field history (test/evidence/) diverged, at the level where it happened: the workflow's
// answer to "its interval timer fired and it was cancelled" in one workflow task. This drives
// syncWorkflow in the SDK's own workflow sandbox with the activations core sends, so both ways the
// two jobs can reach the workflow are tried: together in one activation (what SDK 1.24 does, live
// and in replay) and one after the other, where the timer lets the next pass schedule its activity
// before the cancellation arrives (what the field history's commands require). The commands the
// server sees must be the same both ways. Uses SDK internals (`lib/workflow/vm`), pinned by 1.24;
// test/unit/workflows/sync-cancellation.test.ts covers the same on a real server.
import {
  ActivityFailure,
  CancelledFailure,
  defaultFailureConverter,
  defaultPayloadConverter as pc,
  RetryState,
  TypedSearchAttributes,
} from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { coresdk } from '@temporalio/proto';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { VMWorkflowCreator } from '@temporalio/worker/lib/workflow/vm';
import type { WorkflowCreateOptions } from '@temporalio/worker/lib/workflow/interface';
import type { SyncWorkflowInput } from '../../../workflows/sync/workflow';
import { workflowBundle } from '../../support/workflow-bundle';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;
type Command = coresdk.workflow_commands.IWorkflowCommand;

const input: SyncWorkflowInput = {
  partnerId: 'p',
  tenantId: '5550101',
  child: 'tagging',
  parentWorkflowId: 'onboarding-p',
  intervalMs: 60_000,
  reconcileEveryMs: 6 * 3600_000,
  reminderLookaheadHours: 48,
};
const idle = { checked: 149, writes: 0, backlog: 0, failed: 0 };

/** Runs the child to its interval timer, then delivers `ending`; returns every command it issued, in order. */
async function commandsFor(ending: Job[][]): Promise<Command[]> {
  const creator = await VMWorkflowCreator.create(parseWorkflowCode((await workflowBundle()).code), 5000, new Set(['syncTags']));
  const runId = `run-${ending.length}-${Date.now()}`;
  let now = Date.parse('2026-12-02T00:08:41Z');
  const info = {
    workflowId: 'onboarding-p/sync-tagging',
    runId,
    workflowType: 'syncWorkflow',
    searchAttributes: {},
    typedSearchAttributes: new TypedSearchAttributes(),
    taskQueue: 'q',
    namespace: 'default',
    firstExecutionRunId: runId,
    originalExecutionRunId: runId,
    startTime: new Date(now),
    runStartTime: new Date(now),
    taskTimeoutMs: 10_000,
    attempt: 1,
    historyLength: 3,
    historySize: 700,
    continueAsNewSuggested: false,
    targetWorkerDeploymentVersionChanged: false,
    suggestedContinueAsNewReasons: [],
    currentBuildId: '',
    unsafe: { now: () => Date.now(), isReplaying: false, isReplayingHistoryEvents: false },
  };
  const workflow = await creator.createWorkflow({
    info,
    randomnessSeed: [7, 0, 0, 0, 0, 0, 0, 0],
    now,
    showStackTraceSources: false,
    failureExceptionTypeNames: [],
  } as unknown as WorkflowCreateOptions);
  const commands: Command[] = [];
  const activate = async (jobs: Job[]) => {
    const activation = coresdk.workflow_activation.WorkflowActivation.fromObject({
      runId,
      timestamp: msToTs(now),
      isReplaying: false,
      historyLength: 10,
      historySizeBytes: 1000,
      jobs,
    });
    const completion = await workflow.activate(activation);
    if (completion.failed) throw new Error(`activation failed: ${JSON.stringify(completion.failed)}`);
    commands.push(...(completion.successful?.commands ?? []));
  };
  try {
    const init = coresdk.workflow_activation.InitializeWorkflow.fromObject({
      workflowId: info.workflowId,
      workflowType: 'syncWorkflow',
      arguments: [pc.toPayload(input)],
      randomnessSeed: 7,
      firstExecutionRunId: runId,
      attempt: 1,
      startTime: msToTs(now),
      workflowTaskTimeout: msToTs(10_000),
      headers: {},
    });
    await activate([{ initializeWorkflow: init }]);
    now += 500;
    await activate([{ resolveActivity: { seq: 1, result: { completed: { result: pc.toPayload(idle) } } } }]);
    await activate([{ resolveSignalExternalWorkflow: { seq: 1 } }]);
    now += 157_000;
    commands.length = 0; // from here on: the disputed workflow task
    for (const jobs of ending) await activate(jobs);
    return commands;
  } finally {
    await workflow.dispose();
    await creator.destroy();
  }
}

/** What reaches the server: core drops an activity cancelled before its schedule command was sent. */
function sentToServer(commands: Command[]): string[] {
  const cancelled = new Set(commands.flatMap((c) => (c.requestCancelActivity ? [c.requestCancelActivity.seq] : [])));
  return commands
    .filter(
      (c) =>
        !(c.scheduleActivity && cancelled.has(c.scheduleActivity.seq)) &&
        !(c.requestCancelActivity && commands.some((s) => s.scheduleActivity?.seq === c.requestCancelActivity!.seq)),
    )
    .map((c) => Object.keys(c).find((k) => k !== 'eventGroupMarkers' && k !== 'userMetadata' && c[k as keyof Command] != null)!);
}

/** Core resolves such an activity as cancelled, in the same workflow task. */
const cancelledActivity = (seq: number): Job => ({
  resolveActivity: {
    seq,
    result: {
      cancelled: {
        failure: defaultFailureConverter.errorToFailure(
          new ActivityFailure(
            'Activity cancelled',
            'syncTags',
            `${seq}`,
            RetryState.NON_RETRYABLE_FAILURE,
            'worker',
            new CancelledFailure('Activity cancelled'),
          ),
          pc,
        ),
      },
    },
  },
});

describe('a sync child whose timer fires in the workflow task that cancels it', () => {
  it('sends the server the same commands whether the two jobs arrive together or one after the other', async () => {
    const together = await commandsFor([[{ fireTimer: { seq: 1 } }, { cancelWorkflow: {} }]]);
    const apart = await commandsFor([[{ fireTimer: { seq: 1 } }], [{ cancelWorkflow: {} }], [cancelledActivity(2)]]);
    // Apart, the next pass really did start before the cancellation (as in the field history).
    expect(apart.some((c) => c.scheduleActivity?.activityType === 'syncTags')).toBe(true);
    expect(sentToServer(apart)).toEqual(sentToServer(together));
    expect(sentToServer(together)).toEqual(['setPatchMarker', 'cancelWorkflowExecution']);
  });
});
