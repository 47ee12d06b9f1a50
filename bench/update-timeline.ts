// Where an update's time goes, read from the workflow's history: per update (accepted to
// completed), the workflow tasks' time in the queue and on the worker, each activity's time in the
// queue and running, and child workflow starts. Used by bench/onboarding.ts.
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Milliseconds by part, for one update. */
export type UpdateTimeline = Map<string, number>;

function ms(event: HistoryEvent | undefined): number {
  const t = event?.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;
}

/** Each completed update of the workflow, by update name, with its parts. */
export async function updateTimelines(handle: WorkflowHandle): Promise<{ name: string; parts: UpdateTimeline }[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const byId = new Map<number, HistoryEvent>(events.map((e) => [Number(e.eventId), e]));
  const out: { name: string; parts: UpdateTimeline }[] = [];
  events.forEach((accepted, index) => {
    if (accepted.eventType !== E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) return;
    const attributes = accepted.workflowExecutionUpdateAcceptedEventAttributes;
    const updateId = attributes?.acceptedRequest?.meta?.updateId;
    const end = events.findIndex(
      (e, i) =>
        i > index &&
        e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED &&
        e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId,
    );
    if (end < 0) return;
    const parts: UpdateTimeline = new Map();
    const add = (part: string, value: number) => parts.set(part, (parts.get(part) ?? 0) + value);
    add('total (accepted to completed)', ms(events[end]) - ms(accepted));
    // The workflow task that accepted the update (for an update answered in that same task, the
    // whole of its time in Temporal and on the worker).
    const accepting = events
      .slice(0, index)
      .reverse()
      .find((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const acceptingStarted = byId.get(Number(accepting?.workflowTaskCompletedEventAttributes?.startedEventId));
    const acceptingScheduled = byId.get(Number(acceptingStarted?.workflowTaskStartedEventAttributes?.scheduledEventId));
    if (accepting && acceptingStarted && acceptingScheduled) {
      add('accepting workflow task: queue', ms(acceptingStarted) - ms(acceptingScheduled));
      add('accepting workflow task: on the worker', ms(accepting) - ms(acceptingStarted));
    }
    for (const event of events.slice(index + 1, end + 1)) {
      switch (event.eventType) {
        case E.EVENT_TYPE_WORKFLOW_TASK_STARTED:
          add('workflow tasks: queue', ms(event) - ms(byId.get(Number(event.workflowTaskStartedEventAttributes?.scheduledEventId))));
          break;
        case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
          add('workflow tasks: on the worker', ms(event) - ms(byId.get(Number(event.workflowTaskCompletedEventAttributes?.startedEventId))));
          break;
        case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        case E.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
          const a = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes;
          const scheduled = byId.get(Number(a?.scheduledEventId));
          const started = byId.get(Number(a?.startedEventId));
          const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
          add(`activity ${type}: queue`, ms(started) - ms(scheduled));
          add(`activity ${type}: running`, ms(event) - ms(started));
          break;
        }
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
          add('child workflow starts', ms(event) - ms(byId.get(Number(event.childWorkflowExecutionStartedEventAttributes?.initiatedEventId))));
          break;
        default:
      }
    }
    out.push({ name: attributes?.acceptedRequest?.input?.name ?? 'update', parts });
  });
  return out;
}
