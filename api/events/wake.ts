// After an event is recorded, the sync children that act on it are woken so they run a pass now
// instead of at their next tick. Best effort: the children also run on a timer and read what the
// event left in our tables, so a lost wake-up delays the work and loses nothing.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from '../../lib/logger';
import { wakeSignal } from '../../workflows/sync/messages';
import { syncWorkflowId, type SyncChild } from '../../workflows/sync/types';
import type { EventType } from '../../lib/platform-events/schemas';

const CHILDREN_BY_EVENT_TYPE: Record<EventType, readonly SyncChild[]> = {
  'comfort_credits.balance_changed': ['comfortCredits'],
  'hub.alert_raised': ['technicianReminders'],
  'hub.alert_cleared': ['technicianReminders'],
  // A new member needs a membership, and their customer the SmartAC tag.
  'member.enrolled': ['memberships', 'tagging'],
  'visit.requested': ['visits'],
};

/** Never throws. */
export async function wakeSyncChildren(temporal: Pick<Client, 'workflow'>, logger: Logger, partnerId: string, type: EventType): Promise<void> {
  await Promise.all(
    CHILDREN_BY_EVENT_TYPE[type].map(async (child) => {
      const workflowId = syncWorkflowId(partnerId, child);
      try {
        await temporal.workflow.getHandle(workflowId).signal(wakeSignal);
      } catch (err) {
        // Not running: the integration is not ACTIVE (or was disconnected); nothing to wake.
        if (err instanceof WorkflowNotFoundError) return;
        logger.warn({ err, workflowId }, 'could not wake a sync child; it will pick the event up on its timer');
      }
    }),
  );
}
