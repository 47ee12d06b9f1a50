// GET /metrics of the real express app (api/app.ts) on a random port: the text format parses, the
// request series are labelled by route template (never a partner id from the URL), onboardings
// are counted by status from the read model, METRICS_TOKEN guards the endpoint when set, and a
// request that addresses an onboarding names its workflow on its log line.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type AppDeps } from '../../api/app';
import { issueToken } from '../../api/auth';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { parsePrometheusText, samplesOf } from '../support/prometheus-text';

const METRICS_TOKEN = 'scrape-token-0123456789';
const PARTNER = 'acme-hvac-7731';

async function serve(env: NodeJS.ProcessEnv, logLines: string[] = []) {
  const config = loadConfig(env);
  let groupBys = 0;
  // Only the onboardings count reaches the database here; anything else is a 500 we can see.
  const db = {
    integration: {
      groupBy: () => {
        groupBys += 1;
        return Promise.resolve([
          { status: 'ACTIVE', _count: { _all: 2 } },
          { status: 'AWAITING_REVIEW', _count: { _all: 1 } },
        ]);
      },
    },
  };
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const deps = { temporal: {}, db, credentials: {}, logger: createLogger('test', 'info', logStream), config } as unknown as AppDeps;
  const server: Server = createApp(deps).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, config, groupBys: () => groupBys };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('GET /metrics on the API', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  const logLines: string[] = [];
  beforeAll(async () => {
    api = await serve({}, logLines);
  });
  afterAll(() => close(api.server));

  it('counts requests by route template and status, with latencies, and onboardings by status', async () => {
    await fetch(`${api.base}/healthz`);
    await fetch(`${api.base}/v1/partners/${PARTNER}/maintenance-plans`); // 401 before its route
    const staff = await issueToken({ sub: 'ops', role: 'staff' }, api.config.auth.jwtSecret);
    // Reaches its route; the stand-in database refuses the read (500): labelled by the route's template.
    await fetch(`${api.base}/v1/staff/integrations/${PARTNER}/audit`, { headers: { authorization: `Bearer ${staff}` } });
    await fetch(`${api.base}/v1/nothing-here/${PARTNER}`, { headers: { accept: 'application/json' } });

    const res = await fetch(`${api.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const samples = parsePrometheusText(text);

    const requests = (labels: Record<string, string>) => samplesOf(samples, 'smartac_api_http_requests_total', labels)[0]?.value;
    expect(requests({ route: '/healthz', method: 'GET', status: '200' })).toBe(1);
    expect(requests({ route: '/v1/partners/:partnerId/maintenance-plans', method: 'GET', status: '401' })).toBe(1);
    expect(requests({ route: '/v1/staff/integrations/:partnerId/audit', method: 'GET', status: '500' })).toBe(1);
    expect(requests({ route: '(unmatched)', method: 'GET', status: '404' })).toBe(1);
    expect(text).not.toContain(PARTNER);

    const latency = samplesOf(samples, 'smartac_api_http_request_duration_seconds_count', { route: '/healthz', method: 'GET' });
    expect(latency[0]?.value).toBe(1);
    const buckets = samplesOf(samples, 'smartac_api_http_request_duration_seconds_bucket', { route: '/healthz' });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(1);

    const onboardings = Object.fromEntries(samplesOf(samples, 'smartac_onboardings').map((s) => [s.labels.status, s.value]));
    expect(onboardings).toMatchObject({ ACTIVE: 2, AWAITING_REVIEW: 1, REJECTED: 0, DISCONNECTED: 0 });
  });

  it('counts onboardings with one query per few seconds, however often it is scraped', async () => {
    const before = api.groupBys();
    await fetch(`${api.base}/metrics`);
    await fetch(`${api.base}/metrics`);
    expect(api.groupBys() - before).toBeLessThanOrEqual(1);
  });

  it('names the onboarding workflow on the log line of a request that addresses it', async () => {
    await fetch(`${api.base}/v1/partners/${PARTNER}/integrations/servicetitan`);
    const staff = await issueToken({ sub: 'ops', role: 'staff' }, api.config.auth.jwtSecret);
    await fetch(`${api.base}/v1/staff/integrations/${PARTNER}-2/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const lines = logLines.map((l) => JSON.parse(l) as { msg: string; workflowId?: string; req?: { url: string }; res?: unknown });
    const about = (url: string) => lines.filter((l) => l.req?.url === url);
    // The request line (401 before the route) and, for the staff decision, its error line too.
    expect(about(`/v1/partners/${PARTNER}/integrations/servicetitan`).map((l) => l.workflowId)).toEqual([`onboarding-${PARTNER}`]);
    const decision = about(`/v1/staff/integrations/${PARTNER}-2/approve`);
    expect(decision.map((l) => l.msg)).toEqual(['unhandled error', 'request errored']);
    expect(decision.every((l) => l.workflowId === `onboarding-${PARTNER}-2`)).toBe(true);
    expect(about('/healthz')).toEqual([]);
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    api = await serve({ METRICS_TOKEN });
  });
  afterAll(() => close(api.server));

  it('answers only a scraper that sends the token', async () => {
    expect((await fetch(`${api.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const res = await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(samplesOf(parsePrometheusText(await res.text()), 'smartac_onboardings').length).toBeGreaterThan(0);
  });
});
