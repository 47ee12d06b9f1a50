// Serves the web pages (web/dist, built by `vite build`; see scripts/bootstrap.mjs) at /, with
// index.html for every client-side route and a strict Content-Security-Policy: the pages load
// only their own script, style and API, and no other site may frame them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { findRepoRoot } from '../servicetitan/openapi/repo-root';

/** Found from the sources (ts-jest) and from dist/ alike. */
export const WEB_DIST = path.join(findRepoRoot(__dirname), 'web', 'dist');

export const PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Paths that belong to the API: an unknown one answers the API's JSON 404, never the pages. */
const API_PREFIXES = ['/v1/', '/openapi.json', '/healthz', '/readyz', '/events', '/__sandbox'];
const isApiPath = (p: string) => API_PREFIXES.some((prefix) => p === prefix.replace(/\/$/, '') || p.startsWith(prefix));

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGES_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

export function webPagesRouter(dist = WEB_DIST): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');
  // Hashed file names under assets/ never change content: cache them for a year.
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      setHeaders: pageHeaders,
    }),
  );
  router.use(express.static(dist, { index: false, setHeaders: pageHeaders }));
  router.get(/.*/, (req, res, next) => {
    // A missing asset is a 404, not the page (a stale tab asking for an old bundle).
    if (isApiPath(req.path) || req.path.startsWith('/assets/') || !req.accepts('html')) {
      next();
      return;
    }
    // Built lazily by bootstrap: a server started without it says how to get it.
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web pages are not built: run `npm run build` (vite build of web/).');
      return;
    }
    pageHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
