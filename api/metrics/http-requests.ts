// Requests by route and status, and their latency by route. The route is express's route
// template (`/v1/partners/:partnerId/...`), never the URL: partner ids and tokens stay out of the
// labels, and the series stay few whatever callers send.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram } from './text-format';

/** Seconds; the API's answers range from a cached read (ms) to a verifying update (tens of s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Answers no route took (404s, and requests refused before their route, e.g. a 401) are labelled so. */
export const UNMATCHED_ROUTE = '(unmatched)';

export class HttpRequestMetrics {
  readonly requests = new Counter('smartac_api_http_requests_total', 'HTTP requests answered, by route template, method and status.', [
    'route',
    'method',
    'status',
  ]);
  readonly latency = new Histogram(
    'smartac_api_http_request_duration_seconds',
    'Time from the request to the end of its answer, by route template and method.',
    ['route', 'method'],
    LATENCY_BUCKETS,
  );

  /** First middleware of the app: times every request and records it when its answer ends. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = routeTemplate(req, res);
        const method = req.method;
        this.requests.inc({ route, method, status: String(res.statusCode) });
        this.latency.observe({ route, method }, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    };
  }

  render(): string[] {
    return [...this.requests.render(), ...this.latency.render()];
  }
}

/**
 * Marks where a router is mounted (its path template): express keeps only the matched URL of a
 * mount, so the template is recorded here and completed by the route's own path at the end.
 */
export function mountedAt(template: string): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.routeMount = template;
    next();
  };
}

function routeTemplate(req: Request, res: Response): string {
  const mount: unknown = res.locals.routeMount;
  const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
  const base = typeof mount === 'string' ? mount : '';
  if (typeof routePath === 'string') return (base + routePath).replace(/(.)\/$/, '$1') || '/';
  // A pattern route (the web pages' catch-all), or a mounted router that refused the request
  // before its route (401, 403, 413): the mount names it.
  return base || UNMATCHED_ROUTE;
}
