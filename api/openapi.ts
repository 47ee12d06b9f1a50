// Our OpenAPI 3.1 document, generated from the same zod schemas the routes parse with (zod 4's
// z.toJSONSchema), so the document cannot drift from what the API accepts. Each router exports
// RouteDoc entries next to its handlers; the app serves the result at /openapi.json.
// Request parts are documented as zod *input* (defaults make fields optional), responses as
// *output*. Schemas given an id with `.meta({ id })` become named components.
import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express style: `/v1/partners/:partnerId/...`. */
  path: string;
  /** camelCase verb, unique in the document: the generated web client's name for the operation. */
  operationId: string;
  summary: string;
  /** More than the summary says; the auth note is appended. */
  description?: string;
  tags?: string[];
  /**
   * partner: a partner's own or a staff credential; staff: staff only; signedIn: anyone signed in;
   * bearer: an Authorization bearer token only (no cookie); none: public.
   */
  auth: 'partner' | 'staff' | 'signedIn' | 'bearer' | 'none';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads (names in lower case, as express sees them). */
  headers?: z.ZodObject;
  /** Required unless the schema accepts undefined (e.g. `schema.optional()`). */
  body?: z.ZodType;
  /** An authenticated POST/PUT/DELETE that reads no body (mounted without the JSON parser). */
  noBody?: true;
  /**
   * Every 2xx with a body has its schema (the builder refuses one without, except 201-204 without
   * content and redirects); error statuses without a schema get the shared error schema.
   */
  responses: Record<number, { description: string; schema?: z.ZodType; noContent?: true; headers?: Record<string, { description: string }> }>;
}

/** The body of every error the API answers (api/errors.ts); `error` may carry more, e.g. a verification's step. */
export const errorResponseSchema = z
  .object({
    error: z.looseObject({
      code: z.string().meta({ description: 'machine-readable, e.g. invalid_request, unauthenticated, forbidden, not_found' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string().meta({ description: 'e.g. body.tenantId' }), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  servers: { url: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const BEARER = 'bearerAuth';
const COOKIE = 'sessionCookie';
const CSRF_NOTE = 'With the session cookie, POST, PUT, PATCH and DELETE also need the header `X-SmartAC-Client: web` (else 403 `csrf_header_missing`).';
const AUTH_NOTE: Record<RouteDoc['auth'], string> = {
  partner: `Needs a partner credential for this partner id, or a staff one: a bearer token or the session cookie. ${CSRF_NOTE}`,
  staff: `Needs a staff credential: a bearer token or the session cookie. ${CSRF_NOTE}`,
  signedIn: 'Needs a bearer token or the session cookie (partner or staff).',
  bearer: 'Needs an `Authorization: Bearer` token (the session cookie does not count).',
  none: 'No authentication.',
};
const SECURITY: Record<RouteDoc['auth'], Record<string, string[]>[]> = {
  partner: [{ [BEARER]: [] }, { [COOKIE]: [] }],
  staff: [{ [BEARER]: [] }, { [COOKIE]: [] }],
  signedIn: [{ [BEARER]: [] }, { [COOKIE]: [] }],
  bearer: [{ [BEARER]: [] }],
  none: [],
};

export function buildOpenApiDocument(routes: RouteDoc[], info: { title: string; version: string }, servers: OpenApiDocument['servers'] = []): OpenApiDocument {
  const components = new SchemaComponents();
  const errorRef = components.convert(errorResponseSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();

  for (const route of routes) {
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is documented twice`);
    if (!/^[a-z][A-Za-z0-9]*$/.test(route.operationId)) throw new Error(`${route.path}: operationId "${route.operationId}" is not camelCase`);
    if (operationIds.has(route.operationId)) throw new Error(`operationId "${route.operationId}" is used twice`);
    operationIds.add(route.operationId);
    item[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description ? `${route.description}\n\n${AUTH_NOTE[route.auth]}` : AUTH_NOTE[route.auth],
      ...(route.tags ? { tags: route.tags } : {}),
      security: SECURITY[route.auth],
      parameters: [...pathParameters(route, components), ...queryParameters(route, components), ...headerParameters(route, components)],
      ...(route.body ? { requestBody: requestBody(route.body, components) } : {}),
      responses: responses(route, components, errorRef),
    };
  }

  return {
    openapi: '3.1.0',
    info,
    servers,
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: sub, role (partner or staff), and partnerId for partners.' },
        [COOKIE]: {
          type: 'apiKey',
          in: 'cookie',
          name: 'smartac_session',
          description: `The same kind of JWT as a bearer token, set HttpOnly by POST /v1/session (or the development sign-in). ${CSRF_NOTE}`,
        },
      },
    },
  };
}

/** `/v1/partners/:partnerId` → `/v1/partners/{partnerId}`; other express path syntax is not documentable here. */
function openApiPath(expressPath: string): string {
  if (/[*{}()?]/.test(expressPath)) throw new Error(`unsupported path syntax in ${expressPath}: use only :name parameters`);
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function pathParameters(route: RouteDoc, components: SchemaComponents): unknown[] {
  const names = [...route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  const properties = route.params ? objectProperties(route.params, components).properties : {};
  const undocumented = Object.keys(properties).filter((name) => !names.includes(name));
  if (undocumented.length > 0) throw new Error(`${route.path}: params schema has ${undocumented.join(', ')}, which the path does not`);
  return names.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } }));
}

function queryParameters(route: RouteDoc, components: SchemaComponents): unknown[] {
  if (!route.query) return [];
  const { properties, required } = objectProperties(route.query, components);
  return Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.includes(name), schema }));
}

function headerParameters(route: RouteDoc, components: SchemaComponents): unknown[] {
  if (!route.headers) return [];
  const { properties, required } = objectProperties(route.headers, components);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'header',
    required: required.includes(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

function objectProperties(schema: z.ZodObject, components: SchemaComponents): { properties: Record<string, JsonSchema>; required: string[] } {
  const json = components.convert(schema, 'input');
  return { properties: (json.properties ?? {}) as Record<string, JsonSchema>, required: (json.required ?? []) as string[] };
}

function requestBody(body: z.ZodType, components: SchemaComponents): unknown {
  return { required: !body.safeParse(undefined).success, content: { 'application/json': { schema: components.convert(body, 'input') } } };
}

function responses(route: RouteDoc, components: SchemaComponents, errorRef: JsonSchema): Record<string, unknown> {
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });
  const result: Record<string, unknown> = {};
  for (const [status, { description, schema, noContent, headers }] of Object.entries(route.responses)) {
    const code = Number(status);
    const withHeaders = headers
      ? { headers: Object.fromEntries(Object.entries(headers).map(([name, h]) => [name, { ...h, schema: { type: 'string' } }])) }
      : {};
    if (schema) result[status] = { description, ...withHeaders, content: { 'application/json': { schema: components.convert(schema, 'output') } } };
    else if (code >= 400) result[status] = errorResponse(description);
    else if (noContent || (code >= 300 && code < 400)) result[status] = { description, ...withHeaders };
    else throw new Error(`${route.method.toUpperCase()} ${route.path}: the ${status} response needs a schema (or noContent)`);
  }
  // What every route of its kind can answer, unless the route says more precisely. Authenticated
  // routes other than GET read a JSON body (api/app.ts), after authentication: whatever their
  // schema, a malformed, oversized or undecodable body is refused.
  const readsBody = route.body !== undefined || (route.auth !== 'none' && route.method !== 'get' && !route.noBody);
  if (route.params || route.query || readsBody)
    result['400'] ??= errorResponse('invalid input (`error.issues` lists each problem with its path), or a body that is not JSON');
  if (route.auth !== 'none') {
    result['401'] ??= errorResponse(
      'missing, invalid or expired token (bearer or session cookie), one without exp, or one that lives too long (answered before the body is read)',
    );
    const csrf = route.method !== 'get' && route.auth !== 'bearer' ? '; or the session cookie without `X-SmartAC-Client: web` (`csrf_header_missing`)' : '';
    if (route.auth === 'staff') result['403'] ??= errorResponse(`not a staff credential${csrf}`);
    if (route.auth === 'partner') result['403'] ??= errorResponse(`another partner's id${csrf}`);
    if (csrf && route.auth === 'signedIn') result['403'] ??= errorResponse(csrf.slice(5));
  }
  if (readsBody) {
    result['413'] ??= errorResponse('body larger than 100 kB');
    result['415'] ??= errorResponse('a body in a charset or content encoding the API does not read');
  }
  if (route.auth !== 'none') {
    result['503'] ??= {
      ...errorResponse('not answerable right now (the identity provider or Temporal did not answer in time); try again after Retry-After'),
      headers: { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } },
    };
  }
  // The error handler's answer to anything unexpected, on every route.
  result['500'] ??= errorResponse('unexpected error: `error.requestId` names the request in the logs');
  return result;
}

/**
 * Converts zod schemas and collects their named parts (`.meta({ id })`) as components. zod puts
 * those in `$defs` of each converted schema; here they move to #/components/schemas, where every
 * operation can share them. One id must mean one schema: an id converting differently (another
 * schema, or the same one as request and as response) is refused rather than silently merged.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const {
      $schema: _dialect,
      $defs,
      ...root
    } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'throw', cycles: 'ref' }) as JsonSchema;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.add(id, relink(def));
    return relink(root);
  }

  private add(id: string, schema: JsonSchema): void {
    const existing = this.schemas[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
      throw new Error(`schema id "${id}" is used for schemas that convert differently (as request and response?); give each its own id`);
    }
    this.schemas[id] = schema;
  }
}

/** Points `#/$defs/<id>` references at the components. */
function relink<T>(node: T): T {
  if (Array.isArray(node)) return node.map(relink) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = componentRef(value);
    else out[key] = relink(value);
  }
  return out as T;
}

function componentRef(ref: string): string {
  const id = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
  // zod names recursive schemas without an id `__schemaN` (or refers to the root as `#`): such
  // names would clash between operations, so recursion needs an explicit id.
  if (!id || id.startsWith('__schema')) throw new Error(`cannot document a recursive schema without an id (${ref}): add .meta({ id })`);
  return `#/components/schemas/${id}`;
}
