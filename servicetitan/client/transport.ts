// One HTTP exchange with a timeout: fetch failures become NetworkError, bodies are parsed, and
// Retry-After is read. Retries, auth and error mapping live above this (http.ts).
import { NetworkError, type RequestRef } from './errors';
import { parseRetryAfter } from './retry-after';

export interface RawResponse {
  status: number;
  /** Parsed JSON; raw text when the body is not JSON; undefined when empty. */
  body: unknown;
  /** From Retry-After (seconds or HTTP date); meaningful on 429 and 503. */
  retryAfterMs: number;
}

export interface RequestInitLite {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class Transport {
  /**
   * `cancel`, when given, aborts the call in flight (and refuses new ones) once it fires: an
   * activity's cancellation, so a pass that Temporal gave up on stops writing at once.
   */
  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly timeoutMs: number,
    private readonly wallClock: () => number = Date.now,
    private readonly cancel?: AbortSignal,
  ) {}

  /** Throws the NetworkError of a cancelled caller if `cancel` has fired: nothing is sent then. */
  refuseIfCancelled(ref: RequestRef): void {
    if (this.cancel?.aborted) throw this.cancelled(ref);
  }

  async send(ref: RequestRef, url: string, init: RequestInitLite): Promise<RawResponse> {
    this.refuseIfCancelled(ref);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { ...init, signal: this.cancel ? AbortSignal.any([timeout, this.cancel]) : timeout });
      text = await response.text();
    } catch (error) {
      if (this.cancel?.aborted) throw this.cancelled(ref);
      // Duck-typed: the abort reason is a DOMException, which is not an Error in every realm.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const why = timedOut ? `no answer within ${this.timeoutMs} ms` : describeNetworkFailure(error);
      throw new NetworkError(`ServiceTitan ${ref.method} ${ref.path} failed: ${why}`, timedOut, ref);
    }
    return {
      status: response.status,
      body: parseBody(text, response.headers.get('content-type')),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.wallClock()),
    };
  }

  private cancelled(ref: RequestRef): NetworkError {
    const reason: unknown = this.cancel?.reason;
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'cancelled';
    return new NetworkError(`ServiceTitan ${ref.method} ${ref.path} abandoned: ${why}`, false, ref, true);
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType && /json/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** undici wraps the socket error in `cause`; its code (ECONNREFUSED, ECONNRESET...) is what helps. */
function describeNetworkFailure(error: unknown): string {
  const failure = error as { message?: unknown; cause?: { code?: unknown } } | null;
  const message = typeof failure?.message === 'string' ? failure.message : 'network failure';
  const code = typeof failure?.cause?.code === 'string' ? failure.cause.code : undefined;
  return code ? `${message} (${code})` : message;
}
