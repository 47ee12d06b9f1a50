// Log fields naming the workflow and activity a line was written for, when written inside an
// activity: pino lines of the clients an activity uses (the ServiceTitan client's retries,
// refreshed tokens) then carry the same workflowId as the SDK's own activity log lines and as the
// API's request line that addressed the workflow (api/workflow-log-context.ts).
import { Context } from '@temporalio/activity';

export function activityLogFields(): { workflowId?: string; activityType?: string } {
  let info: Context['info'];
  // Context.current() throws outside an activity; there is no non-throwing accessor.
  try {
    info = Context.current().info;
  } catch {
    return {}; // not in an activity (the API, a script, a test calling the code directly)
  }
  // A standalone activity (started by a client, not a workflow) has no workflow to name.
  const workflowId = info.workflowExecution?.workflowId;
  return { ...(workflowId !== undefined ? { workflowId } : {}), activityType: info.activityType };
}
