// Activities around SmartAC's events: when an integration goes live, the events that arrived
// before (stored as PENDING) are released to the sync children.
import { releasePendingEvents } from '../../lib/platform-events/record';
import type { Db } from '../../lib/db/client';

export function createPendingEventActivities({ db }: { db: Db }) {
  return {
    async releasePendingEvents({ partnerId }: { partnerId: string }): Promise<{ released: number }> {
      return { released: await releasePendingEvents(db, partnerId) };
    },
  };
}
