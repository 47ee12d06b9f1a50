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
  summary: string;
  tags?: string[];
  auth: 'partner' | 'staff' | 'none';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Required unless the schema accepts undefined (e.g. `schema.optional()`). */
  body?: z.ZodType;
  /** Error statuses without a schema get the shared error schema. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
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
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const BEARER = 'bearerAuth';
const AUTH_NOTE: Record<RouteDoc['auth'], string> = {
  partner: 'Needs a bearer token: a partner token for this partner id, or a staff token.',
  staff: 'Needs a staff bearer token.',
  none: 'No authentication.',
};

export function buildOpenApiDocument(routes: RouteDoc[], info: { title: string; version: string }): OpenApiDocument {
  const components = new SchemaComponents();
  const errorRef = components.convert(errorResponseSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};

  for (const route of routes) {
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is documented twice`);
    item[route.method] = {
      summary: route.summary,
      description: AUTH_NOTE[route.auth],
      ...(route.tags ? { tags: route.tags } : {}),
      security: route.auth === 'none' ? [] : [{ [BEARER]: [] }],
      parameters: [...pathParameters(route, components), ...queryParameters(route, components)],
      ...(route.body ? { requestBody: requestBody(route.body, components) } : {}),
      responses: responses(route, components, errorRef),
    };
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: sub, role (partner or staff), and partnerId for partners.' },
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
  for (const [status, { description, schema }] of Object.entries(route.responses)) {
    if (schema) result[status] = { description, content: { 'application/json': { schema: components.convert(schema, 'output') } } };
    else result[status] = Number(status) >= 400 ? errorResponse(description) : { description };
  }
  // What every route of its kind can answer, unless the route says more precisely. Authenticated
  // routes other than GET read a JSON body (api/app.ts), after authentication: whatever their
  // schema, a malformed, oversized or undecodable body is refused.
  const readsBody = route.body !== undefined || (route.auth !== 'none' && route.method !== 'get');
  if (route.params || route.query || readsBody)
    result['400'] ??= errorResponse('invalid input (`error.issues` lists each problem with its path), or a body that is not JSON');
  if (route.auth !== 'none') {
    result['401'] ??= errorResponse('missing, invalid or expired bearer token, one without exp, or one that lives too long (answered before the body is read)');
    result['403'] ??= errorResponse(route.auth === 'staff' ? 'not a staff token' : "another partner's id");
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
