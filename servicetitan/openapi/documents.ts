// ServiceTitan's OpenAPI documents as data: every operation with its official path template,
// parameters, scopes and responses, and a matcher from a concrete URL path to its operation.
// The sandbox routes by it (so it serves exactly the documented paths) and the contract test
// validates traffic with it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_MODULES, type ApiModule } from './modules';
import { openapiDir } from './repo-root';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The parts of an OpenAPI document we read; everything else is left to ajv. */
export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, RawOperation>>>;
  components: { schemas: Record<string, unknown> };
}

interface RawOperation {
  operationId: string;
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: unknown }>; required?: boolean };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: { oauth?: string[] }[];
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: unknown;
}

export interface OpenApiOperation {
  module: ApiModule;
  method: HttpMethod;
  /** The path as written in the document, e.g. `/tenant/{tenant}/locations/{id}`. */
  template: string;
  /** The path on the API host, e.g. `/crm/v2/tenant/{tenant}/locations/{id}`. */
  urlTemplate: string;
  operationId: string;
  /** OAuth scopes the operation requires (`tn.<module>.<resource>:r|w`). */
  scopes: string[];
  parameters: ParameterObject[];
  hasJsonBody: boolean;
  /** Status codes the document lists, with whether each has a JSON body. */
  responses: Record<string, { json: boolean }>;
  /** JSON pointer of the operation inside its module's document. */
  pointer: string;
}

export interface OperationMatch {
  operation: OpenApiOperation;
  pathParams: Record<string, string>;
}

interface CompiledTemplate {
  operation: OpenApiOperation;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

export function jsonPointer(...segments: string[]): string {
  return segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export class OpenApiCatalog {
  readonly operations: readonly OpenApiOperation[];
  private readonly compiled: CompiledTemplate[];

  constructor(readonly documents: ReadonlyMap<ApiModule, OpenApiDocument>) {
    const operations: OpenApiOperation[] = [];
    for (const [module, document] of documents) {
      for (const [template, item] of Object.entries(document.paths)) {
        for (const method of HTTP_METHODS) {
          const raw = item[method];
          if (raw) operations.push(toOperation(module, method, template, raw));
        }
      }
    }
    this.operations = operations;
    // A literal segment beats a parameter at the same place (`/locations/custom-fields` is not
    // `/locations/{id}`), so the most literal templates are tried first.
    this.compiled = operations.map((operation) => compileTemplate(operation)).sort((a, b) => b.literalSegments - a.literalSegments);
  }

  static load(dir: string = openapiDir()): OpenApiCatalog {
    const documents = new Map<ApiModule, OpenApiDocument>();
    for (const module of API_MODULES) {
      documents.set(module, JSON.parse(readFileSync(path.join(dir, `${module}-v2.json`), 'utf8')) as OpenApiDocument);
    }
    return new OpenApiCatalog(documents);
  }

  document(module: ApiModule): OpenApiDocument {
    const document = this.documents.get(module);
    if (!document) throw new Error(`no OpenAPI document for ${module}`);
    return document;
  }

  operation(module: ApiModule, operationId: string): OpenApiOperation {
    const found = this.operations.find((o) => o.module === module && o.operationId === operationId);
    if (!found) throw new Error(`${module} has no operation ${operationId}`);
    return found;
  }

  /** The operation a request path (`/crm/v2/tenant/1/locations/2`) addresses, if any. */
  match(method: string, pathname: string): OperationMatch | undefined {
    const lower = method.toLowerCase();
    for (const candidate of this.compiled) {
      if (candidate.operation.method !== lower) continue;
      const found = candidate.pattern.exec(pathname);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      candidate.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(found[i + 1] ?? '')));
      return { operation: candidate.operation, pathParams };
    }
    return undefined;
  }

  /** True when some operation has this path, whatever its method (405 rather than 404). */
  hasPath(pathname: string): boolean {
    return this.compiled.some((c) => c.pattern.test(pathname));
  }
}

let shared: OpenApiCatalog | undefined;

/** The documents in this folder, parsed once per process. */
export function loadCatalog(): OpenApiCatalog {
  shared ??= OpenApiCatalog.load();
  return shared;
}

function toOperation(module: ApiModule, method: HttpMethod, template: string, raw: RawOperation): OpenApiOperation {
  const responses: Record<string, { json: boolean }> = {};
  for (const [status, response] of Object.entries(raw.responses)) {
    responses[status] = { json: Boolean(response.content?.['application/json']) };
  }
  return {
    module,
    method,
    template,
    urlTemplate: `/${module}/v2${template}`,
    operationId: raw.operationId,
    scopes: raw.security?.flatMap((s) => s.oauth ?? []) ?? [],
    parameters: raw.parameters ?? [],
    hasJsonBody: Boolean(raw.requestBody?.content['application/json']),
    responses,
    pointer: jsonPointer('paths', template, method),
  };
}

function compileTemplate(operation: OpenApiOperation): CompiledTemplate {
  const names: string[] = [];
  let literalSegments = 0;
  const source = operation.urlTemplate
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/]+)';
      }
      literalSegments += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { operation, pattern: new RegExp(`^${source}/?$`), names, literalSegments };
}
