// Fuzzes every operation of our own /openapi.json against the real service (Temporal dev server,
// Postgres, ServiceTitan sandbox over HTTP): requests shaped by each operation's schemas, with
// hostile values in every place (control characters, NUL, lone surrogates, malformed UTF-8 bytes,
// huge and odd numbers, deep nesting, wrong types, missing and extra fields, oversized strings),
// with and without valid tokens, and webhook events signed with the service's secret so they
// reach the parser and the schema. No answer may be a 5xx, every 4xx must be one the document
// lists for that operation, and every 2xx must match the documented schema of its body.
//
// Bounded and reproducible: FUZZ_RUNS requests per operation (default 50) from FUZZ_SEED
// (default fixed). Explore with e.g. FUZZ_SEED=$RANDOM FUZZ_RUNS=300.
import { createHmac, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { issueToken } from '../../api/auth';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { clientCredentials, newPartner, startAndApprove, prerequisites, type Partner } from '../support/partners';
import { undocumentedAnswer } from '../support/documented-answers';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Operation {
  method: string;
  path: string;
  op: Json;
}
interface FuzzRequest {
  path: string;
  query: string;
  auth: 'own' | 'staff' | 'other' | 'none' | 'garbage' | 'signed' | 'unsigned';
  partnerId: string | undefined;
  contentType: string | undefined;
  body: Buffer | undefined;
  /** What the body was made of, for the failure report. */
  bodyKind: string;
}

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let doc: Json;
let configuring: Partner;
let awaitingReview: Partner;
let staffToken: string;
let otherToken: string;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `fuzz-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey },
  });
  staffToken = await issueToken({ sub: 'fuzz@smartac.com', role: 'staff' }, service.config.auth.jwtSecret);
  otherToken = await issueToken({ sub: 'someone@else.example', role: 'partner', partnerId: 'someone-else' }, service.config.auth.jwtSecret);

  // Real state, so updates reach the workflow and ServiceTitan rather than stopping at a 404.
  configuring = await newPartner(service, SEED_TENANT_IDS.hvac);
  const plans = await http(
    service.baseUrl,
    'PUT',
    `/v1/partners/${configuring.partnerId}/maintenance-plans`,
    { plans: [{ id: `${configuring.partnerId}-gold`, name: 'Gold' }] },
    configuring.headers,
  );
  expect(plans.status).toBe(200);
  await startAndApprove(service, configuring);
  expect((await configuring.call('PUT', '/credentials', clientCredentials(SEED_TENANT_IDS.hvac))).status).toBe(200);
  awaitingReview = await newPartner(service, SEED_TENANT_IDS.hvac);
  expect((await awaitingReview.call('POST', '', { tenantId: awaitingReview.tenantId, contactEmail: awaitingReview.contactEmail, prerequisites })).status).toBe(
    201,
  );

  doc = (await http(service.baseUrl, 'GET', '/openapi.json')).body;
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

// --- hostile values ----------------------------------------------------------------------------

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\udc00\ud800',
    '\u001b[31m',
    '\r\n\t\u0007\u007f',
    '\u2028\u2029',
    '\ufeff',
    '%00',
    '../../etc/passwd',
    "'; DROP TABLE partners; --",
    '${jndi:ldap://x}',
    '<script>',
    '🌡️❄️',
    'NaN',
    'Infinity',
    '-0',
    '1e308',
    '18446744073709551616',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001f', '\ud800', '\udbff', '\udc00', 'a', '\u00e9'), maxLength: 20 }),
  fc.integer({ min: 201, max: 5000 }).map((n) => 'x'.repeat(n)),
);
const hostileNumber = fc.constantFrom(1e308, -1e308, -0, 0, -1, 1.5, 2 ** 53, 2 ** 64, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, 5e-324, 2_147_483_648);
const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  [],
  {},
  [null],
  { '': null },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  wrongType,
  hostileString.map((s) => [s]),
  hostileNumber.map((n) => String(n)),
);

// --- values from the operation's JSON Schema ---------------------------------------------------

function resolve(schema: Json): Json {
  if (typeof schema.$ref === 'string') return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  return schema;
}

/**
 * Values of the schema with hostile ones anywhere, one in `1 + calm` at each place; calm 0 gives
 * valid-looking values only, which get past validation to the workflow and ServiceTitan.
 */
function valueOf(schema: Json, calm: number, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const plausible = plausibleValueOf(s, calm, depth);
  return calm === 0 ? plausible : fc.oneof({ arbitrary: plausible, weight: calm }, { arbitrary: hostile, weight: 1 });
}

function plausibleValueOf(s: Json, calm: number, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a: Json) => valueOf(a, calm, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'email') return fc.oneof(fc.emailAddress(), fc.constant('office@coolair.example'));
      if (s.format === 'date-time')
        return fc.oneof(
          fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
          fc.constant('2026-12-02T10:00:00Z'),
        );
      if (typeof s.pattern === 'string' && s.pattern.startsWith('^[A-Za-z0-9][A-Za-z0-9_-]'))
        return fc.constantFrom(configuring.partnerId, awaitingReview.partnerId, 'never-onboarded');
      if (s.pattern === '^\\d{1,19}$')
        return fc.oneof(fc.constant(String(SEED_TENANT_IDS.hvac)), fc.bigInt({ min: 0n, max: 9999999999999999999n }).map(String));
      return fc.oneof(
        fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) }),
        fc.constantFrom('Comfort Credits', 'SmartAC.com', 'hvac.not_cooling', configuring.partnerId),
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(1, 2, 3, 1001234));
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(valueOf(s.items ?? {}, calm, depth + 1), { minLength: calm === 0 ? (s.minItems ?? 0) : 0, maxLength: 4 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = Object.entries((s.properties ?? {}) as Record<string, Json>);
      // Each field present or missing, and now and then one the schema does not know.
      const required = new Set((s.required ?? []) as string[]);
      const fields = properties.map(([name, sub]) =>
        (calm === 0 && required.has(name) ? valueOf(sub, calm, depth + 1) : fc.option(valueOf(sub, calm, depth + 1), { nil: undefined, freq: 8 })).map(
          (v) => [name, v] as const,
        ),
      );
      const extraField = calm === 0 ? fc.constant(null) : fc.option(fc.tuple(hostileString, hostile), { freq: 4 });
      return fc.tuple(fc.tuple(...fields), extraField).map(([entries, extra]) => {
        const out: Record<string, unknown> = {};
        for (const [name, value] of entries) if (value !== undefined) out[name] = value;
        if (extra) out[extra[0]] = extra[1];
        return out;
      });
    }
    default:
      return hostile;
  }
}

// --- bodies, including bytes JSON.stringify never writes ----------------------------------------

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);
const rawBodies = fc.constantFrom<[string, Buffer]>(
  ['deep array 10,000', Buffer.from(nested(10_000, '[', ']'))],
  ['deep object 10,000', Buffer.from(nested(10_000, '{"a":', '}'))],
  ['deep field 10,000', Buffer.from(`{"tenantId":${nested(10_000, '[', ']')},"plans":${nested(5_000, '{"x":', '}')}}`)],
  ['deep array 45,000 (just under 100 kB)', Buffer.from(nested(45_000, '[', ']'))],
  ['malformed JSON', Buffer.from('{"tenantId": "1234",')],
  ['not JSON', Buffer.from('tenantId=1234')],
  ['empty', Buffer.alloc(0)],
  ['JSON null', Buffer.from('null')],
  ['JSON string', Buffer.from('"\\u0000"')],
  [
    'invalid UTF-8 in a string',
    Buffer.concat([
      Buffer.from('{"tenantId":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","reason":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]),
  ],
  ['UTF-16 BOM', Buffer.from('\ufeff{"reason":"x"}', 'utf16le')],
  ['200 kB', Buffer.from(JSON.stringify({ reason: 'x'.repeat(200 * 1024) }))],
  ['duplicate keys', Buffer.from('{"reason":"a","reason":{"x":1},"__proto__":{"polluted":true}}')],
);

function bodyFor(op: Json): fc.Arbitrary<{ kind: string; bytes: Buffer | undefined }> {
  const schema = op.requestBody?.content?.['application/json']?.schema ?? { type: 'object', properties: {} };
  return fc.oneof(
    {
      arbitrary: fc
        .constantFrom(0, 3, 8)
        .chain((calm) => valueOf(schema, calm))
        .map((v) => ({ kind: 'from schema', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })),
      weight: 6,
    },
    { arbitrary: rawBodies.map(([kind, bytes]) => ({ kind, bytes })), weight: 2 },
    { arbitrary: fc.constant({ kind: 'none', bytes: undefined }), weight: 1 },
  );
}

// --- parameters ----------------------------------------------------------------------------------

/** encodeURIComponent, except that lone surrogates (which it refuses) go as the malformed UTF-8 bytes a client could send. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out +=
      ch.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(ch);
  }
  return out;
}

function paramValue(name: string, schema: Json): fc.Arbitrary<string> {
  const ids = name === 'partnerId' ? [configuring.partnerId, awaitingReview.partnerId, 'never-onboarded'] : ['req-1', 'x'];
  return (
    fc
      .oneof(
        { arbitrary: fc.constantFrom(...ids), weight: 4 },
        { arbitrary: valueOf(schema, 1).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))), weight: 2 },
        { arbitrary: fc.constantFrom('%FF', '%ED%A0%80', '%00', '%'), weight: 1 },
      )
      // '', '.' and '..' would name another URL (or none), not a value of this operation's parameter.
      .filter((v) => v !== '' && v !== '.' && v !== '..')
  );
}

function requestFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters = (operation.op.parameters ?? []) as Json[];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const isWebhook = operation.path === '/v1/events';
  const secured = (operation.op.security ?? []).length > 0;
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => paramValue(p.name, p.schema).map((v) => [p.name as string, v] as const))).map((values) => {
        let path = operation.path;
        // Raw '%..' values are sent as typed: they are what a client with broken encoding sends.
        for (const [name, value] of values) path = path.replace(`{${name}}`, value.startsWith('%') ? value : encode(value));
        return { path, partnerId: values.find(([name]) => name === 'partnerId')?.[1] };
      }),
      query: fc
        .tuple(
          ...queryParams.map((p) =>
            fc
              .option(
                fc.array(
                  valueOf(p.schema, 2).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
                  { minLength: 1, maxLength: 2 },
                ),
                { freq: 4 },
              )
              .map((vs) => (vs ?? []).map((v) => `${p.name}=${encode(v)}`)),
          ),
          fc.option(
            fc.tuple(hostileString, hostileString).map(([k, v]) => `${encode(k)}=${encode(v)}`),
            { freq: 5 },
          ),
        )
        .map((parts) =>
          parts
            .flat()
            .filter((p): p is string => typeof p === 'string' && p.length > 0)
            .join('&'),
        ),
      auth: isWebhook
        ? fc.constantFrom<FuzzRequest['auth']>('signed', 'signed', 'signed', 'signed', 'unsigned')
        : secured
          ? fc.constantFrom<FuzzRequest['auth']>('own', 'own', 'own', 'staff', 'staff', 'other', 'none', 'garbage')
          : fc.constant<FuzzRequest['auth']>('none'),
      contentType: fc.constantFrom<string | undefined>(
        'application/json',
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'text/plain',
        undefined,
      ),
      body: operation.method === 'get' ? fc.constant({ kind: 'none', bytes: undefined }) : bodyFor(operation.op),
    })
    .map(({ path, query, auth, contentType, body }) => ({
      path: path.path,
      partnerId: path.partnerId,
      query,
      auth,
      contentType,
      body: body.bytes,
      bodyKind: body.kind,
    }));
}

async function send(operation: Operation, request: FuzzRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (request.contentType && request.body) headers['content-type'] = request.contentType;
  if (request.auth === 'own') {
    const own = [configuring, awaitingReview].find((p) => p.partnerId === request.partnerId);
    headers.authorization = `Bearer ${own ? own.token : staffToken}`;
  } else if (request.auth === 'staff') headers.authorization = `Bearer ${staffToken}`;
  else if (request.auth === 'other') headers.authorization = `Bearer ${otherToken}`;
  else if (request.auth === 'garbage') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
  else if (request.auth === 'signed') {
    const t = Math.floor(Date.now() / 1000);
    const hmac = createHmac('sha256', service.config.secrets.webhookSecret)
      .update(`${t}.`)
      .update(request.body ?? Buffer.alloc(0))
      .digest('hex');
    headers['smartac-signature'] = `t=${t},v1=${hmac}`;
  }
  const url = `${service.baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
  const res = await fetch(url, { method: operation.method.toUpperCase(), headers, body: request.body ? new Uint8Array(request.body) : undefined });
  return { status: res.status, text: await res.text() };
}

// --- the test ------------------------------------------------------------------------------------

function operations(): Operation[] {
  const all: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) all.push({ method, path, op: op as Json });
  }
  // Disconnecting ends the onboarding the other operations work on: last.
  return all.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
}

const describeBody = (r: FuzzRequest) =>
  r.body && r.body.length > 2000
    ? `${r.bodyKind}: ${r.body.subarray(0, 120).toString('utf8')}… (${r.body.length} bytes)`
    : `${r.bodyKind}: ${r.body?.toString('utf8') ?? ''}`;
/** NUL or a lone surrogate anywhere in the request, raw, escaped in JSON or percent-encoded: text Postgres cannot store. */
/* eslint-disable no-control-regex -- NUL is exactly what this looks for. */
const UNSTORABLE =
  /\u0000|\\u0000|%00|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}|%ED%[AB][0-9A-F]/;
/* eslint-enable no-control-regex */
const carriesUnstorableText = (r: FuzzRequest) =>
  UNSTORABLE.test(`${r.path}?${r.query} ${r.body?.toString('utf8') ?? ''}`) || (r.body !== undefined && r.body.includes(Buffer.from([0xed, 0xa0, 0x80])));
/** Every 4xx is the API's `{error: {code, message}}`, never express's HTML page. */
function isErrorBody(text: string): boolean {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string';
  } catch {
    return false;
  }
}
const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

describe(`every operation of /openapi.json under hostile input (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('never answers 5xx, and answers only the 4xx the document lists', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const failures: string[] = [];
    const seen = new Map<string, Set<number>>();
    for (const [i, operation] of ops.entries()) {
      const name = `${operation.method.toUpperCase()} ${operation.path}`;
      const documented = new Set(Object.keys(operation.op.responses).map(Number));
      const requests = fc.sample(requestFor(operation), { numRuns: RUNS, seed: SEED + i });
      for (const request of requests) {
        const { status, text } = await send(operation, request);
        if (process.env.FUZZ_DEBUG && name.includes(process.env.FUZZ_DEBUG)) console.log(status, text.slice(0, 300), describeBody(request).slice(0, 300));
        if (!seen.has(name)) seen.set(name, new Set());
        seen.get(name)!.add(status);
        if (status >= 400 && status < 500 && !isErrorBody(text)) failures.push(`${name} → ${status} without the API's error body: ${clip(text)}`);
        if (status < 300) {
          const problem = undocumentedAnswer(operation.method, request.path, status, text ? JSON.parse(text) : undefined);
          if (problem) failures.push(problem);
        }
        if (status >= 500 || (status >= 400 && !documented.has(status))) {
          const note = status >= 500 && carriesUnstorableText(request) ? ' [NUL or lone surrogate in text]' : '';
          failures.push(
            `${name} → ${status}${note} ${text.slice(0, 200)}\n    ${request.auth} ${clip(request.path)}?${clip(request.query)} [${request.contentType}] ${describeBody(request)}`,
          );
        }
      }
    }
    // Which answers each operation gave: a fuzz that only ever sees 401 or 400 tests little.
    if (process.env.FUZZ_VERBOSE) console.log([...seen].map(([name, statuses]) => `${name}: ${[...statuses].sort().join(' ')}`).join('\n'));
    expect(failures.slice(0, 25)).toEqual([]);
    // The update paths reached the workflow and ServiceTitan, not only the validation in front of them.
    const answered = new Set([...seen.values()].flatMap((s) => [...s]));
    for (const status of [200, 202, 400, 401, 403, 404, 409, 413, 415, 422]) expect([...answered]).toContain(status);
  });
});
