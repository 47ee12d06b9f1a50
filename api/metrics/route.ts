// GET /metrics on the API port: the API's series in the Prometheus text format. Not in
// /openapi.json (it is for operators' scrapers, not API clients; README "Metrics"). With
// METRICS_TOKEN set, a scraper must send it as a bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '../../lib/db/client';
import { HttpError } from '../errors';
import { HttpRequestMetrics } from './http-requests';
import { OnboardingsByStatus } from './onboardings-by-status';
import { PROMETHEUS_CONTENT_TYPE } from './text-format';

export const METRICS_PATH = '/metrics';

export function metricsHandler(http: HttpRequestMetrics, db: Db, token: string | undefined): RequestHandler {
  const onboardings = new OnboardingsByStatus(db);
  return async (req, res) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'unauthenticated', 'the metrics need the METRICS_TOKEN bearer token');
    }
    const lines = [...http.render(), ...(await onboardings.render())];
    res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
    res.setHeader('cache-control', 'no-store');
    res.send(`${lines.join('\n')}\n`);
  };
}

/** Constant-time comparison, so the token cannot be guessed from answer times. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
