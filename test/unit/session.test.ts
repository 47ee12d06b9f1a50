// The web pages' session over real HTTP, on the real express app (api/app.ts) with stand-ins for
// Temporal and the database that throw if reached: the cookie made by the development sign-in or
// from a bearer token, its attributes, the CSRF header on cookie-authenticated changes, and the
// development sign-in's absence in production.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { createApp, type AppDeps } from '../../api/app';
import { issueToken } from '../../api/auth';
import { setSessionCookie } from '../../api/session-cookie';
import { loadConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';

const config = loadConfig({});
const untouchable = new Proxy(
  {},
  {
    get: (_t, name) => {
      throw new Error(`the request reached a dependency (${String(name)})`);
    },
  },
);
const PLANS = '/v1/partners/acme/maintenance-plans';

async function start(appConfig: Config): Promise<{ server: Server; base: string }> {
  const deps = {
    temporal: untouchable,
    db: untouchable,
    credentials: untouchable,
    logger: createLogger('test', 'silent'),
    config: appConfig,
  } as unknown as AppDeps;
  const server = createApp(deps).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

let dev: { server: Server; base: string };
beforeAll(async () => {
  dev = await start(config);
});
afterAll(() => stop(dev.server));

async function call(method: string, path: string, { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${dev.base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, setCookie: res.headers.getSetCookie(), text, body: text ? JSON.parse(text) : undefined };
}

/** Signs in through the development route and returns the cookie pair to send back. */
async function signIn(body: unknown): Promise<{ cookie: string; setCookie: string }> {
  const res = await call('POST', '/v1/dev/sign-in', { body });
  expect(res.status).toBe(204);
  const setCookie = res.setCookie[0]!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

describe('the session cookie', () => {
  it('is set by the development sign-in: HttpOnly, SameSite=Strict, Path=/, as long as the token lives, no body', async () => {
    const res = await call('POST', '/v1/dev/sign-in', { body: { role: 'partner', partnerId: 'acme', name: 'owner@acme.example' } });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.setCookie).toHaveLength(1);
    const attributes = res.setCookie[0]!.split('; ');
    expect(attributes[0]).toMatch(/^smartac_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', `Max-Age=${12 * 3600}`, 'Path=/', 'SameSite=Strict']);
  });

  it('signs the browser in: GET /v1/session names the caller and expiry, never the token', async () => {
    const { cookie } = await signIn({ role: 'partner', partnerId: 'acme', name: 'owner@acme.example' });
    const session = await call('GET', '/v1/session', { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme', expiresAt: expect.any(String) });
    expect(Date.parse(session.body.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
    expect(session.text).not.toContain(cookie.split('=')[1]!);
    expect(session.setCookie).toEqual([]);

    const staff = await signIn({ role: 'staff' });
    expect((await call('GET', '/v1/session', { headers: { cookie: staff.cookie } })).body).toEqual({
      sub: 'local-dev@smartac.com',
      role: 'staff',
      expiresAt: expect.any(String),
    });
  });

  it('answers 401 without a session, and drops a cookie that no longer verifies', async () => {
    expect((await call('GET', '/v1/session')).status).toBe(401);
    const forged = await call('GET', '/v1/session', { headers: { cookie: 'smartac_session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' } });
    expect(forged.status).toBe(401);
    expect(forged.setCookie[0]).toMatch(/^smartac_session=; .*Max-Age=0/);
  });

  it('refuses a partner sign-in without a partner id, with the path', async () => {
    const res = await call('POST', '/v1/dev/sign-in', { body: { role: 'partner' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'body.partnerId' })]);
    expect(res.setCookie).toEqual([]);
  });

  it('needs X-SmartAC-Client: web on changes authenticated by the cookie (403 csrf_header_missing), not on reads or with a bearer token', async () => {
    const { cookie } = await signIn({ role: 'partner', partnerId: 'acme' });
    const forged = await call('PUT', PLANS, { body: {}, headers: { cookie } });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_header_missing');
    // With the header the request is authenticated and goes on to its input check.
    const fromPage = await call('PUT', PLANS, { body: {}, headers: { cookie, 'x-smartac-client': 'web' } });
    expect(fromPage.status).toBe(400);
    const bearer = await issueToken({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' }, config.auth.jwtSecret);
    expect((await call('PUT', PLANS, { body: {}, headers: { authorization: `Bearer ${bearer}` } })).status).toBe(400);
    // The cookie still says whose it is: another partner's path is refused.
    expect((await call('PUT', '/v1/partners/other/maintenance-plans', { body: {}, headers: { cookie, 'x-smartac-client': 'web' } })).status).toBe(403);
  });

  it('is made from a bearer token by POST /v1/session (the cookie alone cannot make one), and cleared by DELETE', async () => {
    const token = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, config.auth.jwtSecret, '1h');
    const created = await call('POST', '/v1/session', { headers: { authorization: `Bearer ${token}` } });
    expect(created.status).toBe(204);
    expect(created.text).toBe('');
    const [pair, ...attributes] = created.setCookie[0]!.split('; ');
    expect(pair).toBe(`smartac_session=${token}`);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))!.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);

    expect((await call('POST', '/v1/session', { headers: { cookie: pair! } })).status).toBe(401);
    expect((await call('POST', '/v1/session', { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);

    const deleted = await call('DELETE', '/v1/session', { headers: { cookie: pair! } });
    expect(deleted.status).toBe(204);
    expect(deleted.setCookie[0]).toBe('smartac_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('is Secure when the request came over https', () => {
    const headers: string[] = [];
    const res = { append: (_name: string, value: string) => headers.push(value) } as unknown as Response;
    setSessionCookie({ secure: true } as Request, res, 'a.b.c', new Date(Date.now() + 60_000));
    expect(headers[0]!.split('; ')).toContain('Secure');
  });
});

describe('the development sign-in in production', () => {
  let prod: { server: Server; base: string };
  beforeAll(async () => {
    prod = await start({ ...config, env: 'production' });
  });
  afterAll(() => stop(prod.server));

  it('does not exist (404) and is not in /openapi.json', async () => {
    const res = await fetch(`${prod.base}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'staff' }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toEqual([]);
    const document = await (await fetch(`${prod.base}/openapi.json`)).text();
    expect(document).not.toContain('/v1/dev/sign-in');
    expect(document).toContain('/v1/session');
  });
});
