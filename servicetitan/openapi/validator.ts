// JSON Schema validation of requests and responses against ServiceTitan's OpenAPI 3.1 documents
// (ajv's 2020-12 dialect, which OpenAPI 3.1 uses). The sandbox rejects invalid request bodies
// with it, and the contract test checks both directions of real traffic with it.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { jsonPointer, type OpenApiCatalog, type OpenApiOperation, type ParameterObject } from './documents';

export interface ValidationIssue {
  /** Where the problem is: `body/customFields/0/value`, `query/pageSize`, `response/data/3/id`. */
  where: string;
  message: string;
}

// .NET-flavoured formats ServiceTitan uses. `duration` there is a TimeSpan ("08:00:00"), not
// ISO 8601, so ajv-formats' own `duration` would reject correct values.
const TIMESPAN = /^-?(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(catalog: OpenApiCatalog) {
    // strict: false because the documents carry OpenAPI keywords (paths, x-enumNames, nullable)
    // that are not JSON Schema; they are ignored, the schemas themselves are enforced in full.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('guid', GUID);
    this.ajv.addFormat('duration', { validate: (v: string) => TIMESPAN.test(v) || /^P/.test(v) });
    for (const free of ['decimal', 'html', 'multiline', 'phone']) this.ajv.addFormat(free, true);
    for (const [module, document] of catalog.documents) this.ajv.addSchema(document as object, module);
  }

  requestBody(operation: OpenApiOperation, body: unknown): ValidationIssue[] {
    if (!operation.hasJsonBody) return [];
    const pointer = `${operation.pointer}${jsonPointer('requestBody', 'content', 'application/json', 'schema')}`;
    return this.run(operation, pointer, body, 'body');
  }

  /**
   * Query and path parameters, converted from their string form the way ASP.NET binds them.
   * `rejectUnknown` flags parameters the operation does not define (the contract test uses it;
   * ServiceTitan itself ignores them).
   */
  parameters(operation: OpenApiOperation, query: URLSearchParams, pathParams: Record<string, string>, options: { rejectUnknown: boolean }): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const defined = new Map<string, [ParameterObject, number]>();
    operation.parameters.forEach((p, i) => defined.set(`${p.in}:${p.name}`, [p, i]));
    const check = (location: 'query' | 'path', name: string, raw: string): void => {
      const entry = defined.get(`${location}:${name}`);
      if (!entry) {
        if (options.rejectUnknown) issues.push({ where: `${location}/${name}`, message: 'is not a parameter of this operation' });
        return;
      }
      const [param, index] = entry;
      const pointer = `${operation.pointer}${jsonPointer('parameters', String(index), 'schema')}`;
      issues.push(...this.run(operation, pointer, coerce(param.schema, raw), `${location}/${name}`));
    };
    for (const [name, value] of query) check('query', name, value);
    for (const [name, value] of Object.entries(pathParams)) check('path', name, value);
    for (const param of operation.parameters) {
      const present = param.in === 'query' ? query.has(param.name) : param.in === 'path' ? param.name in pathParams : true;
      if (param.required && !present) issues.push({ where: `${param.in}/${param.name}`, message: 'is required' });
    }
    return issues;
  }

  /**
   * A response body against the schema the document gives for its status. Statuses the document
   * does not list (401, 403, 429, 5xx) must still be ServiceTitan's RFC 7807 error body.
   */
  response(operation: OpenApiOperation, status: number, body: unknown): ValidationIssue[] {
    const documented = operation.responses[String(status)];
    if (documented) {
      if (!documented.json) return body === undefined ? [] : [{ where: 'response', message: `status ${status} has no body in the document` }];
      const pointer = `${operation.pointer}${jsonPointer('responses', String(status), 'content', 'application/json', 'schema')}`;
      return this.run(operation, pointer, body, 'response');
    }
    if (status >= 400) return this.run(operation, jsonPointer('components', 'schemas', 'ApiErrorResponse'), body, 'response');
    return [{ where: 'response', message: `status ${status} is not documented for ${operation.operationId}` }];
  }

  private run(operation: OpenApiOperation, pointer: string, value: unknown, where: string): ValidationIssue[] {
    const validate = this.validatorFor(`${operation.module}#${pointer}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => toIssue(where, e));
  }

  private validatorFor(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      // Fragment pointers are URI fragments: `{tenant}` must be percent-encoded.
      validate = this.ajv.getSchema(encodeURI(ref));
      if (!validate) throw new Error(`no schema at ${ref}`);
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function toIssue(where: string, error: ErrorObject): ValidationIssue {
  const at = error.instancePath ? `${where}${error.instancePath}` : where;
  const detail = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
  return { where: at, message: `${error.message ?? error.keyword}${detail}` };
}

/** String → typed value, as ASP.NET model binding would read a query or path parameter. */
function coerce(schema: unknown, raw: string): unknown {
  const type = (schema as { type?: unknown }).type;
  if (type === 'integer' || type === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (type === 'boolean') return /^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : raw;
  return raw;
}
