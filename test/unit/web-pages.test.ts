// The web pages' server side (api/web-pages.ts): a built page for every client-side route, with
// the strict Content-Security-Policy; API paths and missing assets never get the page.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../lib/config';
import { PAGES_CSP, webPagesRouter } from '../../api/web-pages';

const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>pages</title>');
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'export {};');
  const app = express();
  app.use(webPagesRouter(dist));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found' } });
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dist, { recursive: true, force: true });
});

const html = { accept: 'text/html' };

describe('web pages', () => {
  it.each(['/', '/sign-in', '/settings/integrations/servicetitan?partnerId=acme&step=credentials', '/staff/integrations/acme'])(
    'serves index.html with the CSP at %s',
    async (route) => {
      const res = await fetch(base + route, { headers: html });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>pages</title>');
      expect(res.headers.get('content-security-policy')).toBe(PAGES_CSP);
      expect(PAGES_CSP).toContain("script-src 'self'");
      expect(PAGES_CSP).toContain("frame-ancestors 'none'");
    },
  );

  it('serves hashed assets as immutable files', async () => {
    const res = await fetch(`${base}/assets/index-abc.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it.each(['/v1/nope', '/openapi.json', '/healthz', '/events/x', '/__sandbox/tenants', '/assets/missing.js'])('leaves %s to the API', async (route) => {
    const res = await fetch(base + route, { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('answers a JSON-only client with the API 404, not the page', async () => {
    const res = await fetch(`${base}/settings`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
  });
});

describe('DASHBOARD_BASE_URL default', () => {
  it('is the API origin outside production, where these pages stand in for the Partner Dashboard', () => {
    expect(loadConfig({}).dashboardBaseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ API_HOST: '0.0.0.0', API_PORT: '3300' }).dashboardBaseUrl).toBe('http://127.0.0.1:3300');
    expect(loadConfig({ DASHBOARD_BASE_URL: 'https://noc.smartac.com/' }).dashboardBaseUrl).toBe('https://noc.smartac.com');
  });
});
