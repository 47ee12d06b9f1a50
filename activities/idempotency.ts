// One key per activity invocation of a workflow run, the same on every retry of it: what makes a
// retried activity find its own earlier write (an audit event, a sent email) instead of repeating it.
import { Context } from '@temporalio/activity';

export function activityIdempotencyKey(): string {
  const { workflowExecution, activityId, activityType } = Context.current().info;
  if (!workflowExecution) throw new Error(`${activityType} runs only on behalf of a workflow`);
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}
