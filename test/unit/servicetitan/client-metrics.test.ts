// What the client reports for metrics (servicetitan/client/metrics.ts): every attempt with its
// status (or none when unanswered) and every limiter wait, by tenant; and how the worker turns
// that into its series (lib/metrics/worker-metrics.ts): status classes, 429s apart.
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { workerMetrics } from '../../../lib/metrics/worker-metrics';
import type { ServiceTitanMetrics } from '../../../servicetitan/client';
import { testClient } from './support/client';
import { json, networkFailure, page, scriptedFetch } from './support/scripted-fetch';

function recordingMetrics() {
  const answered: (number | undefined)[] = [];
  const waits: { tenantId: string; ms: number }[] = [];
  const metrics: ServiceTitanMetrics = {
    answered: (tenantId, status) => {
      expect(tenantId).toBe('777');
      answered.push(status);
    },
    limiterWaited: (tenantId, ms) => waits.push({ tenantId, ms }),
  };
  return { metrics, answered, waits };
}

const throttled = () => json(429, { type: 'x', title: 'Too Many Requests', status: 429, traceId: 't', errors: {}, data: {} }, { 'retry-after': '0' });

describe('ServiceTitan client metrics', () => {
  it('reports each attempt: a 429 then a success, each after a limiter wait', async () => {
    const recorded = recordingMetrics();
    const { client } = testClient(
      scriptedFetch((_c, n) => (n === 0 ? throttled() : page([]))),
      { metrics: recorded.metrics },
    );
    await client.listCampaigns().page();
    expect(recorded.answered).toEqual([429, 200]);
    expect(recorded.waits.map((w) => w.tenantId)).toEqual(['777', '777']);
    expect(recorded.waits.every((w) => w.ms >= 0)).toBe(true);
  });

  it('reports an attempt that got no answer', async () => {
    const recorded = recordingMetrics();
    const { client } = testClient(
      scriptedFetch((_c, n) => (n === 0 ? networkFailure() : page([]))),
      { metrics: recorded.metrics },
    );
    await client.listJobs().page();
    expect(recorded.answered).toEqual([undefined, 200]);
  });
});

describe('the worker series', () => {
  /** A meter that records what is added, by series name. */
  function recordingMeter() {
    const added: { name: string; value: number; tags: MetricTags }[] = [];
    const metric = (name: string) => ({
      name,
      add: (value: number, tags: MetricTags = {}) => added.push({ name, value, tags }),
      record: (value: number, tags: MetricTags = {}) => added.push({ name, value, tags }),
    });
    const meter = { createCounter: metric, createHistogram: metric, createGauge: metric, withTags: () => meter };
    return { meter: meter as unknown as MetricMeter, added };
  }

  it('counts attempts by status class, 429s per tenant, waits, passes and writes', () => {
    const { meter, added } = recordingMeter();
    const metrics = workerMetrics(meter);
    metrics.serviceTitan.answered('42', 200);
    metrics.serviceTitan.answered('42', 429);
    metrics.serviceTitan.answered('42', undefined);
    metrics.serviceTitan.limiterWaited('42', 12.5);
    metrics.sync.passEnded('tagging', 'ok');
    metrics.sync.wrote('tagging', 3);
    metrics.sync.wrote('tagging', 0);
    expect(added).toEqual([
      { name: 'smartac_servicetitan_requests', value: 1, tags: { tenant_id: '42', status_class: '2xx' } },
      { name: 'smartac_servicetitan_requests', value: 1, tags: { tenant_id: '42', status_class: '4xx' } },
      { name: 'smartac_servicetitan_throttled', value: 1, tags: { tenant_id: '42' } },
      { name: 'smartac_servicetitan_requests', value: 1, tags: { tenant_id: '42', status_class: 'unanswered' } },
      { name: 'smartac_servicetitan_limiter_wait_ms', value: 12.5, tags: { tenant_id: '42' } },
      { name: 'smartac_sync_passes', value: 1, tags: { child: 'tagging', outcome: 'ok' } },
      { name: 'smartac_sync_writes', value: 3, tags: { child: 'tagging' } },
    ]);
  });
});
