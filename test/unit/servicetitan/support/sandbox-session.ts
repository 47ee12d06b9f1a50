// Raw HTTP against an in-process sandbox, for tests of the sandbox itself (not the client).
import type { RunningSandbox } from '../../../../servicetitan/sandbox/server';
import { sandboxCredentials, SMARTAC_APP } from '../../../../servicetitan/sandbox/seed/credentials';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function http(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function requestToken(sandbox: RunningSandbox, form: Record<string, string>): Promise<Answer> {
  return http(`${sandbox.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export interface Session {
  token: string;
  call(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
}

/** A token for a seeded connection and a caller for `/module/v2/tenant/...` paths. */
export async function session(sandbox: RunningSandbox, tenantId: number, appKey: string = SMARTAC_APP.appKey): Promise<Session> {
  const credentials = sandboxCredentials(tenantId, appKey);
  const answer = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
  if (answer.status !== 200) throw new Error(`token request failed: ${answer.status}`);
  const token = (answer.body as { access_token: string }).access_token;
  return {
    token,
    call: (method, path, options = {}) =>
      http(`${sandbox.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'st-app-key': appKey,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      }),
  };
}
