// A fetch stand-in for client unit tests: answers the token endpoint with fresh tokens unless
// told otherwise, answers API calls from a script, and records everything it was asked.
import type { FetchLike } from '../../../../servicetitan/client';

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Reply = Response | Error | ((signal: AbortSignal | undefined) => Promise<Response>);

export interface ScriptedFetch {
  fetch: FetchLike;
  calls: RecordedCall[];
  apiCalls(): RecordedCall[];
  tokenCalls(): RecordedCall[];
  /** Tokens handed out so far, in order. */
  issued: string[];
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function problem(status: number, title: string, errors: Record<string, string[]> = {}): Response {
  return json(status, { type: 'about:blank', title, status, traceId: 'trace-1', errors, data: {} });
}

export function page<T>(data: T[], hasMore = false, pageNumber = 1): Response {
  return json(200, { page: pageNumber, pageSize: 50, hasMore, totalCount: null, data });
}

/**
 * `api(call, n)` answers the n-th API call (from 0); `token(call, n)` overrides the token
 * endpoint. Tokens are `token-1`, `token-2`... valid for 900 s.
 */
export function scriptedFetch(api: (call: RecordedCall, n: number) => Reply, token?: (call: RecordedCall, n: number) => Reply): ScriptedFetch {
  const calls: RecordedCall[] = [];
  const issued: string[] = [];
  let apiCount = 0;
  let tokenCount = 0;
  const fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const call: RecordedCall = { method: init.method ?? 'GET', url: new URL(url), headers, body: typeof init.body === 'string' ? init.body : undefined };
    calls.push(call);
    const isToken = call.url.pathname === '/connect/token';
    const reply: Reply = isToken ? (token?.(call, tokenCount++) ?? issue(issued)) : api(call, apiCount++);
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(init.signal ?? undefined);
    return reply;
  };
  return {
    fetch,
    calls,
    issued,
    apiCalls: () => calls.filter((c) => c.url.pathname !== '/connect/token'),
    tokenCalls: () => calls.filter((c) => c.url.pathname === '/connect/token'),
  };
}

function issue(issued: string[]): Response {
  const value = `token-${issued.length + 1}-abcdefgh`;
  issued.push(value);
  return json(200, { access_token: value, expires_in: 900, token_type: 'Bearer' });
}

/** A fetch failure the way undici reports one. */
export function networkFailure(code = 'ECONNRESET'): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}
