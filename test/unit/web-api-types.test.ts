// The web client's types (web/src/api/schema.d.ts) are generated from the API's own document by
// `npm run web:api-types` (scripts/web-api-types.ts), and committed: they must match the routes.
// And they type the generated client (openapi-fetch) as the pages use it.
import type { paths } from '../../web/src/api/schema';
import { committedWebApiTypes, webApiTypes } from '../../scripts/web-api-types';

describe('web/src/api/schema.d.ts', () => {
  it('matches the API document (run `npm run web:api-types` when this fails)', async () => {
    const generated = (await webApiTypes()).split('\n');
    const committed = committedWebApiTypes().split('\n');
    const firstDifference = generated.findIndex((line, i) => line !== committed[i]);
    expect({ firstDifference, line: generated[firstDifference], committed: committed[firstDifference] }).toEqual({
      firstDifference: generated.length === committed.length ? -1 : Math.min(generated.length, committed.length),
      line: undefined,
      committed: undefined,
    });
  });

  it('types openapi-fetch calls: paths, parameters and the documented answers', async () => {
    const { default: createClient } = await import('openapi-fetch');
    const requests: Request[] = [];
    const client = createClient<paths>({
      baseUrl: 'http://api.test',
      fetch: async (request: Request) => {
        requests.push(request);
        const body = { partnerId: 'acme', events: [], nextCursor: null };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const { data } = await client.GET('/v1/staff/integrations/{partnerId}/audit', { params: { path: { partnerId: 'acme' }, query: { limit: 10 } } });
    // Typed from the document: `events` and `nextCursor` exist on the answer.
    const nextCursor: string | null | undefined = data?.nextCursor;
    expect({ events: data?.events, nextCursor }).toEqual({ events: [], nextCursor: null });
    expect(requests[0]!.url).toBe('http://api.test/v1/staff/integrations/acme/audit?limit=10');
  });
});
