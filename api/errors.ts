// HTTP errors and the one error handler: bad input is a 4xx with the zod issue paths, never a 500;
// anything unexpected is a 500 that names the request id (details go to the log only).
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { sqlStateOf } from '../lib/db/sql-state';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** zod-style issues: [{path, message}] */
    readonly issues?: unknown,
    /** Further machine-readable fields of the error body (e.g. the failed step). */
    readonly extra?: Record<string, unknown>,
    /** Response headers that go with it (e.g. Retry-After on a 503). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

type RequestPart = 'body' | 'params' | 'query' | 'headers';

export function zodIssues(error: z.ZodError, where: RequestPart): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: [where, ...issue.path].join('.'), message: issue.message }));
}

/** Parses part of a request with a zod schema, or throws a 400 listing every issue with its path. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, where: RequestPart): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'invalid_request', `invalid ${where}`, zodIssues(result.error, where));
  return result.data;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    if (err.headers) res.set(err.headers);
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}), ...err.extra } });
    return;
  }
  // body-parser failures (malformed JSON, too large, wrong charset) carry their own 4xx status.
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (err as { type?: string }).type === 'entity.parse.failed' ? 'malformed_json' : 'bad_request';
    res.status(status).json({ error: { code, message: (err as Error).message } });
    return;
  }
  // Postgres refused the data itself (class 22: NUL, bad encoding, out of range): the schemas should
  // have refused it first, so it is logged as our bug, but it is still the caller's input.
  const sqlState = sqlStateOf(err);
  if (sqlState?.startsWith('22')) {
    req.log.error({ sqlState }, 'input reached Postgres and was refused: a schema misses it');
    res.status(400).json({ error: { code: 'not_storable', message: 'the request contains data that cannot be stored', requestId: req.id } });
    return;
  }
  req.log.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'internal error', requestId: req.id } });
};
