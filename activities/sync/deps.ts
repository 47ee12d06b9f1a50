// What the sync activities are built from (activities/sync/index.ts builds them; each pass's
// module takes this type from here, not from the index that imports it).
import type { Db } from '../../lib/db/client';
import type { SyncMetrics } from '../../lib/metrics/worker-metrics';
import type { PartnerCredentials } from '../../lib/partner-credentials';
import type { SyncPassTiming } from '../../workflows/sync/types';

export interface SyncActivityDeps {
  db: Db;
  credentials: PartnerCredentials;
  /** Our app's GUID in ServiceTitan's externalData (config.serviceTitan.applicationGuid). */
  applicationGuid: string;
  /** First retry of an item ServiceTitan refused (config.syncItemRetryFirstMs; default one minute). */
  itemRetryFirstMs?: number;
  /**
   * The worker's sync timings (config.sync and config.syncIdleCheckMs), returned with every pass so
   * live children follow them. Absent (tests and benchmarks calling passes directly): the
   * children keep those of their input.
   */
  syncTiming?: SyncPassTiming;
  /** Passes and writes per child for the worker's metrics; absent: not counted. */
  syncMetrics?: SyncMetrics;
}
