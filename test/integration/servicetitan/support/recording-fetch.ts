// A fetch that keeps every API exchange (request and answer, parsed) for the contract test.
import type { FetchLike } from '../../../../servicetitan/client';

export interface Exchange {
  method: string;
  url: URL;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

export function recordingFetch(): { fetch: FetchLike; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const fetchAndRecord: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.clone().text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const body = typeof init.body === 'string' ? init.body : undefined;
    exchanges.push({
      method: init.method ?? 'GET',
      url: new URL(url),
      requestBody: body === undefined ? undefined : /json/.test(new Headers(init.headers).get('content-type') ?? '') ? (JSON.parse(body) as unknown) : body,
      status: response.status,
      responseBody: text === '' ? undefined : isJson ? (JSON.parse(text) as unknown) : text,
    });
    return response;
  };
  return { fetch: fetchAndRecord, exchanges };
}
