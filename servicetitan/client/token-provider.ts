// Client-credentials tokens for one tenant's Client ID: served from the cache while they have
// more than a minute left, refreshed once for everyone waiting (one request in flight per
// credential set and cache, so process-wide with the shared cache), and dropped on a 401.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidCredentialsError, RateLimitedError, ServerError, UnexpectedResponseError, type RequestRef, type ServiceTitanError } from './errors';
import type { Transport } from './transport';
import type { AccessToken, TokenCache } from './token-cache';

export interface Credentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Refresh this long before expiry, so a token never lapses between our check and ServiceTitan's. */
const REFRESH_MARGIN_MS = 60_000;

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
});

const oauthError = z.looseObject({ error: z.string() });

/** Token requests in flight per cache and key: every provider sharing a cache shares them. */
const inFlight = new WeakMap<TokenCache, Map<string, Promise<AccessToken>>>();

export class TokenProvider {
  readonly cacheKey: string;
  private readonly request: RequestRef = { method: 'POST', path: '/connect/token' };

  constructor(
    private readonly authBaseUrl: string,
    private readonly credentials: Credentials,
    private readonly cache: TokenCache,
    private readonly transport: Transport,
    private readonly clock: () => number,
  ) {
    // The secret is part of the key (hashed), so a rotated secret never reuses the old one's token.
    const secret = createHash('sha256').update(credentials.clientSecret).digest('hex').slice(0, 16);
    this.cacheKey = `${authBaseUrl}|${credentials.tenantId}|${credentials.clientId}|${secret}`;
  }

  async get(): Promise<string> {
    const cached = await this.cache.get(this.cacheKey);
    if (cached && cached.expiresAt - this.clock() > REFRESH_MARGIN_MS) return cached.value;
    return (await this.refreshOnce()).value;
  }

  /** The API refused `token` (401): forget it, so the next get() fetches a fresh one. */
  async invalidate(token: string): Promise<void> {
    await this.cache.invalidate(this.cacheKey, token);
  }

  private refreshOnce(): Promise<AccessToken> {
    let requests = inFlight.get(this.cache);
    if (!requests) {
      requests = new Map();
      inFlight.set(this.cache, requests);
    }
    let pending = requests.get(this.cacheKey);
    if (!pending) {
      const settle = requests;
      pending = this.fetchToken().finally(() => settle.delete(this.cacheKey));
      requests.set(this.cacheKey, pending);
    }
    return pending;
  }

  private async fetchToken(): Promise<AccessToken> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const requestedAt = this.clock();
    const response = await this.transport.send(this.request, `${this.authBaseUrl}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    if (response.status !== 200) throw this.failure(response.status, response.body, response.retryAfterMs);
    const parsed = tokenResponse.safeParse(response.body);
    if (!parsed.success) {
      throw new UnexpectedResponseError(
        'ServiceTitan token response is not an OAuth token',
        parsed.error.issues.map((i) => i.path.join('.') + ': ' + i.message),
        this.request,
        200,
      );
    }
    // Count the lifetime from when we asked, not when the answer arrived.
    const token = { value: parsed.data.access_token, expiresAt: requestedAt + parsed.data.expires_in * 1000 };
    await this.cache.set(this.cacheKey, token);
    return token;
  }

  private failure(status: number, body: unknown, retryAfterMs: number): ServiceTitanError {
    const prefix = `ServiceTitan token endpoint answered ${status}`;
    if (status === 429) return new RateLimitedError(`${prefix}: token requests are throttled`, retryAfterMs, this.request);
    if (status >= 500) return new ServerError(prefix, this.request, status);
    if (status === 400 || status === 401) {
      // OAuth error codes (invalid_client, ...) are fixed identifiers, never secrets.
      const error = oauthError.safeParse(body);
      const code = error.success ? error.data.error : 'no OAuth error code';
      return new InvalidCredentialsError(
        `${prefix} (${code}): Client ID or Client Secret refused for tenant ${this.credentials.tenantId}`,
        this.request,
        status,
      );
    }
    return new UnexpectedResponseError(prefix, [`unexpected status ${status}`], this.request, status);
  }
}
