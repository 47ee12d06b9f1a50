// Sync passes heartbeat as they go, so Temporal notices a worker that died mid-pass within the
// workflow's heartbeat timeout and gives the pass to another worker. Outside an activity (tests
// that call a pass directly, the benchmark) there is nobody to tell.
import { Context } from '@temporalio/activity';

export function heartbeat(): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.heartbeat();
}
