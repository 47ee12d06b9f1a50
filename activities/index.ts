// All activities, built by one factory from the clients they need (so tests and workers choose
// the real or test clients). Workflows import only the type of this factory's result.
import type { Db } from '../lib/db/client';
import { createAuditActivities } from './audit';

export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createAuditActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
