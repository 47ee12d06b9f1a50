// The worker's one metrics endpoint: the Temporal SDK's Prometheus exporter (core, in Rust) on
// WORKER_METRICS_HOST:WORKER_METRICS_PORT at /metrics. It serves the SDK's runtime series
// (temporal_*) and ours, recorded on the same meter (./worker-metrics.ts), so nothing merges two
// endpoints. Port 0: no exporter, and our series go to the no-op meter.
import type { MetricsExporterConfig } from '@temporalio/worker';
import type { Config } from '../config';
import { LIMITER_WAIT_BUCKETS_MS, LIMITER_WAIT_SERIES } from './worker-metrics';

export function prometheusExporter({ workerHost, workerPort }: Config['metrics']): { options: MetricsExporterConfig; url: string } | undefined {
  if (workerPort === 0) return undefined;
  const address = `${workerHost.includes(':') ? `[${workerHost}]` : workerHost}:${workerPort}`;
  return {
    options: { prometheus: { bindAddress: address, histogramBucketOverrides: { [LIMITER_WAIT_SERIES]: LIMITER_WAIT_BUCKETS_MS } } },
    url: `http://${address}/metrics`,
  };
}
