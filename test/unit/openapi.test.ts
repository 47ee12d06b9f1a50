import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { buildOpenApiDocument, type RouteDoc } from '../../api/openapi';

const partnerParams = z.object({ partnerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) });
const startBody = z
  .object({
    tenantId: z.string().regex(/^\d{1,19}$/),
    contactEmail: z.email(),
    campaignCodes: z.boolean().default(false),
  })
  .strict();
const state = z.object({ partnerId: z.string(), status: z.enum(['AWAITING_REVIEW', 'ACTIVE']), startedAt: z.string() }).meta({ id: 'OnboardingState' });
const listing = z.object({ integrations: z.array(z.object({ partnerId: z.string() })) });
const health = z.object({ status: z.literal('ok') });
const staffQuery = z.object({ status: z.enum(['AWAITING_REVIEW', 'ACTIVE']).optional(), limit: z.coerce.number().int().max(500).default(50) });

const INTEGRATION = '/v1/partners/:partnerId/integrations/servicetitan';
const routes: RouteDoc[] = [
  {
    method: 'post',
    path: INTEGRATION,
    operationId: 'startOnboarding',
    summary: 'Start',
    tags: ['onboarding'],
    auth: 'partner',
    params: partnerParams,
    body: startBody,
    responses: { 201: { description: 'started', schema: state }, 200: { description: 'running', schema: state } },
  },
  {
    method: 'get',
    path: INTEGRATION,
    operationId: 'getOnboardingState',
    summary: 'State',
    auth: 'partner',
    params: partnerParams,
    responses: { 200: { description: 'the state', schema: state }, 404: { description: 'no onboarding yet' } },
  },
  {
    method: 'delete',
    path: INTEGRATION,
    operationId: 'disconnect',
    summary: 'Disconnect',
    auth: 'partner',
    params: partnerParams,
    body: z.object({ reason: z.string().optional() }).optional(),
    responses: { 200: { description: 'disconnected', schema: state } },
  },
  {
    method: 'get',
    path: '/v1/staff/integrations',
    operationId: 'listStaffIntegrations',
    summary: 'Listing',
    auth: 'staff',
    query: staffQuery,
    responses: { 200: { description: 'the listing', schema: listing } },
  },
  {
    method: 'get',
    path: '/v1/continue-setup',
    operationId: 'continueSetup',
    summary: 'Continue Setup link',
    auth: 'none',
    query: z.object({ token: z.string().min(1) }),
    responses: { 302: { description: 'to the dashboard' }, 410: { description: 'expired' } },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness',
    auth: 'none',
    responses: { 200: { description: 'alive', schema: health } },
  },
];

const doc = buildOpenApiDocument(routes, { title: 'SmartAC ServiceTitan integration API', version: '1' }, [{ url: 'http://127.0.0.1:3000' }]);
/** The document's operations, walked by path in the assertions. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const integration = doc.paths['/v1/partners/{partnerId}/integrations/servicetitan'] as Record<string, Json>;
const staffListing = doc.paths['/v1/staff/integrations']!.get as Json;
const continueSetup = doc.paths['/v1/continue-setup']!.get as Json;
const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** Validates values against schemas inside the document, resolving its component refs like a client would. */
function validatorAt(pointer: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The document's own keywords carry no validation; declaring them keeps strict mode on for the schemas.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components']);
  ajv.addSchema({ ...doc, $id: 'https://smartac.example/openapi.json' });
  return ajv.compile({ $ref: `https://smartac.example/openapi.json#${pointer}` });
}
const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1 document that survives JSON as is', () => {
    expect(doc).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'SmartAC ServiceTitan integration API', version: '1' },
      servers: [{ url: 'http://127.0.0.1:3000' }],
    });
    expect(integration.get.operationId).toBe('getOnboardingState');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/v1/continue-setup',
      '/v1/partners/{partnerId}/integrations/servicetitan',
      '/v1/staff/integrations',
    ]);
    expect(Object.keys(integration).sort()).toEqual(['delete', 'get', 'post']);
  });

  it('declares path parameters with the schema of the params object', () => {
    expect(integration.get.parameters).toEqual([
      { name: 'partnerId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' } },
    ]);
  });

  it('declares query parameters, required only when the request must send them', () => {
    expect(staffListing.parameters).toEqual([
      { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['AWAITING_REVIEW', 'ACTIVE'] } },
      { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', default: 50, maximum: 500 }) },
    ]);
    expect(continueSetup.parameters).toEqual([{ name: 'token', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }]);
  });

  it('describes request bodies as input: defaulted fields are optional, and optional bodies are not required', () => {
    const body = integration.post.requestBody;
    expect(body.required).toBe(true);
    expect(body.content['application/json'].schema).toMatchObject({ type: 'object', required: ['tenantId', 'contactEmail'], additionalProperties: false });
    expect(integration.delete.requestBody.required).toBe(false);
    expect(integration.get.requestBody).toBeUndefined();
  });

  it('makes schemas with an id shared components, referenced from every response', () => {
    expect(integration.post.responses['201']).toEqual({
      description: 'started',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/OnboardingState' } } },
    });
    expect(integration.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OnboardingState' });
    expect(doc.components.schemas.OnboardingState).toMatchObject({ type: 'object', required: ['partnerId', 'status', 'startedAt'] });
    expect(JSON.stringify(doc)).not.toContain('$defs');
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });

  it('gives errors the shared error schema, and adds the 400/401/403 each route can answer', () => {
    expect(integration.get.responses['404']).toEqual({ description: 'no onboarding yet', content: { 'application/json': { schema: ERROR_REF } } });
    expect(Object.keys(integration.post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '413', '415', '500', '503']);
    expect(integration.post.responses['401'].content['application/json'].schema).toEqual(ERROR_REF);
    expect(Object.keys(continueSetup.responses).sort()).toEqual(['302', '400', '410', '500']);
    expect(continueSetup.responses['302']).toEqual({ description: 'to the dashboard' });
    expect(Object.keys((doc.paths['/healthz']!.get as Json).responses)).toEqual(['200', '500']);
  });

  it('documents what the body parser and the dependencies of authenticated routes can answer', () => {
    // GET bodies are not read: no 413/415 there; every other authenticated method reads JSON.
    expect(Object.keys(integration.get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    expect(Object.keys(integration.delete.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '500', '503']);
    expect(integration.post.responses['413'].content['application/json'].schema).toEqual(ERROR_REF);
    expect(integration.get.responses['503'].headers['Retry-After'].schema).toEqual({ type: 'integer', minimum: 0 });
    expect(Object.keys(staffListing.responses).sort()).toEqual(['200', '400', '401', '403', '500', '503']);
    expect(Object.keys(continueSetup.responses).sort()).toEqual(['302', '400', '410', '500']);
  });

  it('secures operations with the bearer scheme, except public ones, and says which role', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(integration.post.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'smartac_session' });
    expect(integration.post.description).toMatch(/partner credential for this partner id, or a staff one/);
    expect(staffListing.description).toMatch(/staff credential/);
    expect(integration.post.responses['403'].description).toMatch(/csrf_header_missing/);
    expect(staffListing.responses['403'].description).not.toMatch(/csrf/);
    expect(continueSetup.security).toEqual([]);
    expect(integration.post.tags).toEqual(['onboarding']);
  });

  it('embeds schemas that validate like the API does (JSON Schema 2020-12, refs resolved)', () => {
    const bodyPointer = `/paths/${escapePointer('/v1/partners/{partnerId}/integrations/servicetitan')}/post/requestBody/content/${escapePointer('application/json')}/schema`;
    const validBody = validatorAt(bodyPointer);
    expect(validBody({ tenantId: '1234567', contactEmail: 'office@coolair.example' })).toBe(true);
    expect(validBody({ tenantId: 'ABC', contactEmail: 'office@coolair.example' })).toBe(false);
    expect(validBody({ tenantId: '1234567', contactEmail: 'office@coolair.example', extra: 1 })).toBe(false);

    const validState = validatorAt(
      `/paths/${escapePointer('/v1/partners/{partnerId}/integrations/servicetitan')}/get/responses/200/content/${escapePointer('application/json')}/schema`,
    );
    expect(validState({ partnerId: 'acme', status: 'ACTIVE', startedAt: '2026-03-01T00:00:00Z' })).toBe(true);
    expect(validState({ partnerId: 'acme', status: 'SOMETHING' })).toBe(false);

    const validError = validatorAt('/components/schemas/Error');
    expect(validError({ error: { code: 'invalid_request', message: 'invalid body', issues: [{ path: 'body.tenantId', message: 'digits only' }] } })).toBe(true);
    expect(validError({ error: { code: 'verification_failed', message: 'no', step: 'tag' } })).toBe(true);
    expect(validError({ error: { message: 'no code' } })).toBe(false);
  });

  it('refuses documentation that cannot be right', () => {
    const info = { title: 't', version: '1' };
    const get: RouteDoc = {
      method: 'get',
      path: '/v1/things/:thingId',
      operationId: 'getThing',
      summary: 's',
      auth: 'none',
      responses: { 200: { description: 'ok', schema: z.object({ id: z.string() }) } },
    };
    expect(() => buildOpenApiDocument([get, get], info)).toThrow('documented twice');
    expect(() => buildOpenApiDocument([get, { ...get, method: 'put' }], info)).toThrow('operationId "getThing" is used twice');
    expect(() => buildOpenApiDocument([{ ...get, operationId: 'get-thing' }], info)).toThrow('not camelCase');
    expect(() => buildOpenApiDocument([{ ...get, responses: { 200: { description: 'ok' } } }], info)).toThrow('needs a schema');
    expect(() => buildOpenApiDocument([{ ...get, params: z.object({ otherId: z.string() }) }], info)).toThrow('params schema has otherId');
    expect(() => buildOpenApiDocument([{ ...get, path: '/v1/*splat' }], info)).toThrow('unsupported path syntax');

    const shared = z.object({ name: z.string() }).meta({ id: 'Thing' });
    const asRequestAndResponse: RouteDoc = { ...get, method: 'put', body: shared, responses: { 200: { description: 'ok', schema: shared } } };
    expect(() => buildOpenApiDocument([asRequestAndResponse], info)).toThrow('schema id "Thing"');

    const tree: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(tree);
      },
    });
    expect(() => buildOpenApiDocument([{ ...get, responses: { 200: { description: 'ok', schema: tree } } }], info)).toThrow('recursive schema without an id');
  });

  it('documents recursive schemas that have an id', () => {
    const node: z.ZodType = z
      .object({
        name: z.string(),
        get children() {
          return z.array(node);
        },
      })
      .meta({ id: 'TreeNode' });
    const built = buildOpenApiDocument(
      [{ method: 'get', path: '/tree', operationId: 'getTree', summary: 's', auth: 'none', responses: { 200: { description: 'ok', schema: node } } }],
      { title: 't', version: '1' },
    );
    expect(built.components.schemas.TreeNode).toMatchObject({ properties: { children: { type: 'array', items: { $ref: '#/components/schemas/TreeNode' } } } });
  });
});
