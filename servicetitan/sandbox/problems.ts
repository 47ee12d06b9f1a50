// RFC 7807 error bodies in ServiceTitan's shape ({type, title, status, traceId, errors, data};
// the document's ApiErrorResponse allows nothing else). ServiceTitan does not publish its 401/403
// wording; the titles below are the sandbox's, and the client recognises the cases it must tell
// apart by them (servicetitan/client/error-mapping.ts).
import { randomBytes } from 'node:crypto';

export const TITLES = {
  badRequest: 'One or more validation errors occurred.',
  unauthorized: 'Unauthorized',
  invalidAppKey: 'Missing or invalid ST-App-Key header',
  appKeyMismatch: 'ST-App-Key does not belong to the application the access token was issued to',
  notConnected: 'Application is not connected to this tenant',
  tenantMismatch: 'Access token was issued for another tenant',
  bookingProviderOnly: 'Application access is restricted to a booking provider',
  insufficientScope: 'Insufficient scope',
  notFound: 'Not Found',
  conflict: 'Conflict',
  methodNotAllowed: 'Method Not Allowed',
  tooManyRequests: 'Too Many Requests',
  serverError: 'Internal Server Error',
  notImplemented: 'Not implemented by the ServiceTitan sandbox',
} as const;

const TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
  401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
  403: 'https://tools.ietf.org/html/rfc7231#section-6.5.3',
  404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
  405: 'https://tools.ietf.org/html/rfc7231#section-6.5.5',
  409: 'https://tools.ietf.org/html/rfc7231#section-6.5.8',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
  501: 'https://tools.ietf.org/html/rfc7231#section-6.6.2',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  traceId: string;
  errors: Record<string, string[]>;
  data: Record<string, unknown>;
}

export function problem(status: number, title: string, errors: Record<string, string[]> = {}, data: Record<string, unknown> = {}): ProblemBody {
  return {
    type: TYPES[status] ?? `https://httpstatuses.io/${status}`,
    title,
    status,
    traceId: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    errors,
    data,
  };
}

/** Thrown by handlers; the pipeline answers with its problem body. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(title);
  }

  body(): ProblemBody {
    return problem(this.status, this.title, this.errors);
  }
}

export function badRequest(field: string, message: string): ProblemError {
  return new ProblemError(400, TITLES.badRequest, { [field]: [message] });
}

export function notFound(what: string, id: number | string): ProblemError {
  return new ProblemError(404, TITLES.notFound, { id: [`${what} ${id} was not found`] });
}
