// The only way the pages reach the API: openapi-fetch typed by schema.d.ts, which is generated
// from our own /openapi.json (npm run web:api-types).
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export interface ApiClientOptions {
  /** The API's origin; '' (the default) is the origin that served the pages. */
  baseUrl?: string;
  /**
   * For a host app (SmartAC's Partner Dashboard) that holds the identity provider's token: each
   * request then carries it as a bearer token. Without it the pages rely on the same-origin
   * session cookie, and never see a token at all.
   */
  tokenSource?: () => Promise<string | null>;
}

export type ApiClient = Client<paths>;

export function createApiClient({ baseUrl = '', tokenSource }: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({ baseUrl, credentials: tokenSource ? 'omit' : 'same-origin' });
  client.use({
    async onRequest({ request }) {
      // The API refuses a cookie-authenticated write without this header (CSRF): a cross-site
      // form or a simple request cannot set it.
      request.headers.set('X-SmartAC-Client', 'web');
      if (tokenSource) {
        const token = await tokenSource();
        if (token) request.headers.set('Authorization', `Bearer ${token}`);
      }
      return request;
    },
  });
  return client;
}
