// Every API call goes through here: pace under the tenant's rate limit, attach the bearer token
// and ST-App-Key, refresh the token once on 401, honour 429 Retry-After, retry 5xx and network
// failures with jittered backoff when the call is safe to repeat, and turn failures into typed
// errors. Log lines carry method, path, status and timing only.
import type { ApiModule } from '../openapi/modules';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { errorForResponse } from './error-mapping';
import { NetworkError, RateLimitedError, ServiceTitanError, UnansweredWriteError, type RequestRef } from './errors';
import type { ServiceTitanLogger } from './logger';
import type { ServiceTitanMetrics } from './metrics';
import { readProblem } from './problem';
import type { RateLimiter } from './rate-limiter';
import type { TokenProvider } from './token-provider';
import type { Transport } from './transport';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValues = Record<string, string | number | boolean | null | undefined>;

export interface ApiRequest {
  method: HttpVerb;
  module: ApiModule;
  /** Path below `/{module}/v2/tenant/{tenant}`, e.g. `/locations/12`. */
  path: string;
  query?: QueryValues;
  body?: unknown;
  /**
   * Sending it twice leaves the same result as sending it once (reads, PATCHes of a full set,
   * tag add/remove). Only these are retried after a 5xx or a network failure, since the first
   * attempt may have been applied.
   */
  idempotent: boolean;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  request: RequestRef;
}

export interface HttpSettings {
  apiBaseUrl: string;
  appKey: string;
  tenantId: string;
  clientSecret: string;
  tokens: TokenProvider;
  limiter: RateLimiter;
  limiterKey: string;
  transport: Transport;
  logger: ServiceTitanLogger;
  metrics: ServiceTitanMetrics;
  maxRetries: number;
  /** A Retry-After longer than this is not waited out in-process: the caller gets RateLimitedError. */
  maxRetryAfterMs: number;
  backoff: BackoffPolicy;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export class ApiHttp {
  constructor(private readonly settings: HttpSettings) {}

  async call(request: ApiRequest): Promise<ApiResponse> {
    const s = this.settings;
    const path = `/${request.module}/v2/tenant/${encodeURIComponent(s.tenantId)}${request.path}`;
    const ref: RequestRef = { method: request.method, path };
    const url = `${s.apiBaseUrl}${path}${queryString(request.query)}`;
    let attempt = 0;
    let refreshedAfter401 = false;
    for (;;) {
      let sent = false;
      try {
        const waitFrom = s.now();
        await s.limiter.acquire(s.limiterKey);
        s.metrics.limiterWaited(s.tenantId, s.now() - waitFrom);
        const token = await s.tokens.get();
        const started = s.now();
        s.transport.refuseIfCancelled(ref);
        sent = true;
        const response = await this.send(ref, url, {
          method: request.method,
          headers: headers(token, s.appKey, request.body !== undefined),
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
        s.logger.debug({ method: request.method, path, status: response.status, attempt, durationMs: Math.round(s.now() - started) }, 'servicetitan request');
        if (response.status >= 200 && response.status < 300) return { status: response.status, body: response.body, request: ref };
        if (response.status === 401 && !refreshedAfter401) {
          // Expired early or revoked: one fresh token, one more try. A second 401 is final.
          refreshedAfter401 = true;
          await s.tokens.invalidate(token);
          s.logger.info({ method: request.method, path }, 'servicetitan token refused, refreshing once');
          continue;
        }
        const redact = (text: string): string => redactSecrets(text, [s.clientSecret, token]);
        const error = errorForResponse(request.module, ref, {
          status: response.status,
          problem: readProblem(response.body, redact),
          retryAfterMs: response.retryAfterMs,
        });
        // Pause every call for this tenant in the process, but not beyond what we would wait out.
        if (error instanceof RateLimitedError) await s.limiter.penalize(s.limiterKey, Math.min(error.retryAfterMs, s.maxRetryAfterMs));
        throw error;
      } catch (error) {
        if (!(error instanceof ServiceTitanError) || !this.shouldRetry(error, request, attempt, sent)) {
          throw error instanceof NetworkError && sent && !request.idempotent ? new UnansweredWriteError(error) : error;
        }
        // A 429 already paused the limiter key (penalize), so acquire() does the waiting; a
        // throttled token endpoint has no key and is waited out here.
        const delayMs = error instanceof RateLimitedError ? (sent ? 0 : error.retryAfterMs) : backoffDelay(attempt, s.backoff);
        s.logger.warn({ method: request.method, path, code: error.code, status: error.status, attempt, delayMs }, 'servicetitan call failed, retrying');
        attempt += 1;
        if (delayMs > 0) await s.sleep(delayMs);
      }
    }
  }

  /** One attempt, counted for metrics whether answered or not. */
  private async send(ref: RequestRef, url: string, init: Parameters<Transport['send']>[2]): ReturnType<Transport['send']> {
    const s = this.settings;
    try {
      const response = await s.transport.send(ref, url, init);
      s.metrics.answered(s.tenantId, response.status);
      return response;
    } catch (error) {
      s.metrics.answered(s.tenantId, undefined);
      throw error;
    }
  }

  private shouldRetry(error: ServiceTitanError, request: ApiRequest, attempt: number, sent: boolean): boolean {
    if (!error.retryable || attempt >= this.settings.maxRetries) return false;
    // Our caller gave up (activity cancelled, pass out of time): nobody waits for the answer.
    if (error instanceof NetworkError && error.aborted) return false;
    // ServiceTitan rejects a throttled call before acting on it, so any call may be repeated.
    if (error instanceof RateLimitedError) return error.retryAfterMs <= this.settings.maxRetryAfterMs;
    // Failed while getting a token: the API call itself never left.
    return request.idempotent || !sent;
  }
}

function headers(token: string, appKey: string, hasBody: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'st-app-key': appKey,
    accept: 'application/json',
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
  };
}

export function queryString(query: QueryValues | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Defence in depth: should ServiceTitan ever echo a credential in an error body, it stops here. */
function redactSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  return out;
}
