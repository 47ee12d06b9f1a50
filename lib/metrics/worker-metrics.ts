// The worker's own series, recorded on the Temporal SDK's meter (Runtime.instance().metricMeter)
// so that the SDK's Prometheus exporter serves them next to its runtime metrics on one port
// (WORKER_METRICS_PORT, README "Metrics"). Other processes (the API, tests calling activities
// directly) record on the no-op meter. Label values: tenant ids and our own names only.
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import type { ServiceTitanMetrics } from '../../servicetitan/client/metrics';
import type { SyncChild, SyncHealth } from '../../workflows/sync/types';

/** How a pass attempt ended: the health it left (ok, partial, failed, paused), a failure still to be retried, or a cancellation. */
export type PassOutcome = NonNullable<SyncHealth['lastResult']> | 'retrying' | 'cancelled';

export interface SyncMetrics {
  passEnded(child: SyncChild, outcome: PassOutcome): void;
  wrote(child: SyncChild, writes: number): void;
}

export interface WorkerMetrics {
  sync: SyncMetrics;
  serviceTitan: ServiceTitanMetrics;
}

/** Limiter waits in milliseconds: most are 0, a throttled tenant's run to the Retry-After (≤ 30 s). */
export const LIMITER_WAIT_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
export const LIMITER_WAIT_SERIES = 'smartac_servicetitan_limiter_wait_ms';

export function workerMetrics(meter: MetricMeter = noopMetricMeter): WorkerMetrics {
  const passes = meter.createCounter('smartac_sync_passes', undefined, 'Sync pass attempts that ended, by sync child and outcome.');
  const writes = meter.createCounter('smartac_sync_writes', undefined, 'Writes to ServiceTitan made by sync passes, by sync child.');
  const requests = meter.createCounter(
    'smartac_servicetitan_requests',
    undefined,
    'ServiceTitan API attempts, by tenant and status class (2xx, 4xx, 5xx, or unanswered).',
  );
  const throttled = meter.createCounter('smartac_servicetitan_throttled', undefined, 'ServiceTitan API attempts answered 429, by tenant.');
  const limiterWait = meter.createHistogram(LIMITER_WAIT_SERIES, 'float', 'ms', 'Time a ServiceTitan call waited for its tenant’s rate limit, by tenant.');
  return {
    sync: {
      passEnded: (child, outcome) => passes.add(1, { child, outcome }),
      wrote: (child, n) => {
        if (n > 0) writes.add(n, { child });
      },
    },
    serviceTitan: {
      answered: (tenantId, status) => {
        requests.add(1, { tenant_id: tenantId, status_class: status === undefined ? 'unanswered' : `${Math.floor(status / 100)}xx` });
        if (status === 429) throttled.add(1, { tenant_id: tenantId });
      },
      limiterWaited: (tenantId, ms) => limiterWait.record(Math.max(0, ms), { tenant_id: tenantId }),
    },
  };
}
