// The real express app (api/app.ts) on a random port: callers are authenticated before their
// bodies are read. Temporal and the database are never reached on these paths; the stand-ins
// throw if they were.
import { once } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from '../../api/app';
import { issueToken } from '../../api/auth';
import { signEvent } from '../../api/events';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';

const config = loadConfig({});
const untouchable = new Proxy(
  {},
  {
    get: (_t, name) => {
      throw new Error(`a refused request reached a dependency (${String(name)})`);
    },
  },
);
const PLANS = '/v1/partners/acme/maintenance-plans';
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

let server: Server;
let base: string;
beforeAll(async () => {
  const deps = { temporal: untouchable, db: untouchable, credentials: untouchable, logger: createLogger('test', 'silent'), config } as unknown as AppDeps;
  server = createApp(deps).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function send(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as { error: { code: string } } };
}

/**
 * Sends the headers and a first chunk of a body announced as 10 MB, and never the rest: only a
 * server that answers without reading the body answers at all.
 */
function answerToEndlessBody(method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the body was still coming: the server waited for it'));
    }, 3000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', () => undefined);
    req.write('{"plans": [');
  });
}

const bearer = async (claims: Parameters<typeof issueToken>[0]) => ({ authorization: `Bearer ${await issueToken(claims, config.auth.jwtSecret)}` });

describe('authentication comes before the body', () => {
  it('answers 401, not 413, to an unauthenticated 10 MB body', async () => {
    expect(await send('PUT', PLANS, TEN_MB)).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await send('POST', '/v1/staff/integrations/acme/approve', TEN_MB)).status).toBe(401);
  });

  it('answers 401, not 400, to an unauthenticated malformed body', async () => {
    expect(await send('PUT', PLANS, '{"plans": [}')).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await send('PUT', '/v1/partners/acme/integrations/servicetitan/credentials', '{', { authorization: 'Bearer not.a.token' })).status).toBe(401);
  });

  it('answers without waiting for the body of an unauthenticated request', async () => {
    expect(await answerToEndlessBody('PUT', PLANS)).toBe(401);
    expect(await answerToEndlessBody('POST', '/v1/staff/integrations/acme/reject')).toBe(401);
  });

  it('authorizes before the body too: 403 for another partner or a partner on a staff route', async () => {
    const acme = await bearer({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' });
    expect((await send('PUT', '/v1/partners/coolair/maintenance-plans', TEN_MB, acme)).status).toBe(403);
    expect(await answerToEndlessBody('POST', '/v1/staff/integrations/acme/approve', acme)).toBe(403);
  });

  it('still limits and parses the bodies of authenticated callers', async () => {
    const staff = await bearer({ sub: 'alice@smartac.com', role: 'staff' });
    expect(await send('PUT', PLANS, '{"plans": [}', staff)).toMatchObject({ status: 400, body: { error: { code: 'malformed_json' } } });
    expect((await send('PUT', PLANS, JSON.stringify({ plans: [], pad: 'x'.repeat(200 * 1024) }), staff)).status).toBe(413);
    expect(await send('PUT', PLANS, '{"plans": 1}', staff)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });

  it('answers 400 to JSON nested as deep as 100 kB allows, without blowing the stack', async () => {
    const staff = await bearer({ sub: 'alice@smartac.com', role: 'staff' });
    const deep = (depth: number) => `{"plans":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(await send('PUT', PLANS, deep(49_000), staff)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    const deepObject = `{"note":${'{"a":'.repeat(16_000)}1${'}'.repeat(16_000)}}`;
    expect((await send('POST', '/v1/staff/integrations/acme/approve', deepObject, staff)).status).toBe(400);
    const event = `{"id":"e1","data":${'['.repeat(49_000)}${']'.repeat(49_000)}}`;
    expect(await send('POST', '/v1/events', event, { 'smartac-signature': signEvent(event, config.secrets.webhookSecret) })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
  });
});

describe('POST /v1/events is authenticated by its signature header before the body is read', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('answers 401 to an unsigned 10 MB or malformed body', async () => {
    expect(await send('POST', '/v1/events', TEN_MB)).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
    expect((await send('POST', '/v1/events', '{', { 'smartac-signature': 't=1,v1=abc' })).status).toBe(401);
  });

  it('answers 401 to a signature outside the five minutes without reading the body', async () => {
    const stale = signEvent('{"plans": [', config.secrets.webhookSecret, nowSeconds() - 3600);
    expect(await answerToEndlessBody('POST', '/v1/events', { 'smartac-signature': stale })).toBe(401);
    expect(await answerToEndlessBody('POST', '/v1/events')).toBe(401);
  });

  it('keeps the 100 kB limit for signed requests, and checks the signature against the body', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(200 * 1024) });
    expect((await send('POST', '/v1/events', big, { 'smartac-signature': signEvent(big, config.secrets.webhookSecret) })).status).toBe(413);
    expect(await send('POST', '/v1/events', '{"id": 1}', { 'smartac-signature': signEvent('{"id": 2}', config.secrets.webhookSecret) })).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_signature' } },
    });
    const malformed = '{"id": [}';
    expect(await send('POST', '/v1/events', malformed, { 'smartac-signature': signEvent(malformed, config.secrets.webhookSecret) })).toMatchObject({
      status: 400,
      body: { error: { code: 'malformed_json' } },
    });
  });
});
