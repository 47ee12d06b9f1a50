// Checks the API's real answers against its own OpenAPI document (api/document.ts, as the app
// serves it): the status must be one the operation lists, and the body must match that
// response's schema (JSON Schema 2020-12, component refs resolved), which refuses fields the
// document does not name. http() (./service.ts) runs every answer of the integration tests
// through it, so a route cannot drift from what the generated web client expects.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildApiDocument } from '../../api/document';
import { loadConfig } from '../../lib/config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOC_ID = 'https://smartac.example/openapi.json';
let checker: { doc: Json; ajv: Ajv2020; operations: { method: string; pattern: RegExp; template: string }[] } | undefined;
const validators = new Map<string, ValidateFunction>();

function load() {
  if (checker) return checker;
  const doc = JSON.parse(JSON.stringify(buildApiDocument(loadConfig({})))) as Json;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The document's own keywords carry no validation; declaring them keeps strict mode on for the schemas.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components']);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const operations = Object.entries(doc.paths as Json).flatMap(([template, item]) =>
    Object.keys(item as Json).map((method) => ({
      method,
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  );
  checker = { doc, ajv, operations };
  return checker;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What is wrong with this answer by the document: undefined when it is as documented, or when
 * the request was not for a documented operation (an unknown route's 404).
 */
export function undocumentedAnswer(method: string, url: string, status: number, body: unknown): string | undefined {
  const { doc, ajv, operations } = load();
  const path = url.split('?')[0]!;
  const operation = operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
  if (!operation) return undefined;
  const name = `${method.toUpperCase()} ${operation.template}`;
  const response = doc.paths[operation.template][operation.method].responses[String(status)] as Json | undefined;
  if (!response) return `${name} answered ${status}, which the document does not list: ${JSON.stringify(body)?.slice(0, 300)}`;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return body === undefined ? undefined : `${name} ${status} has no documented body, but answered ${JSON.stringify(body).slice(0, 300)}`;
  const pointer = `#/paths/${escapePointer(operation.template)}/${operation.method}/responses/${status}/content/${escapePointer('application/json')}/schema`;
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}${pointer}` });
    validators.set(pointer, validate);
  }
  if (validate(body)) return undefined;
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return `${name} ${status} does not match its documented schema:\n  ${problems.join('\n  ')}\n  body: ${JSON.stringify(body).slice(0, 500)}`;
}
