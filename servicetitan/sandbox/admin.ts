// /__sandbox/: the sandbox's own API for developers and tests — seeded tenants with working
// credentials, what our service wrote, current records, access modes and scopes, token and
// credential revocation, faults, the clock, request counts, reset, and bulk locations for load
// tests, and new tenants for benchmarks. Not part of ServiceTitan.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { addBulkLocations, UnknownCustomFieldError } from './seed/bulk-locations';
import { createTenant } from './seed/new-tenant';
import type { SandboxState } from './state';
import { TABLE_NAMES, type TableName } from './tenant-data';
import { WRITE_KINDS } from './writes';

const connectionChange = z.strictObject({
  accessMode: z.enum(['no_restrictions', 'booking_provider', 'not_connected']).optional(),
  bookingProviderId: z.number().int().positive().nullable().optional(),
});
const scopesChange = z.strictObject({ scopes: z.array(z.string().regex(/^tn\.\w+\.\w+:[rw]$/)) });
const faultSettings = z.strictObject({
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.number().int().min(400).max(599).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});
const faultRule = z.strictObject({
  operationId: z.string().optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  method: z.string().optional(),
  tenantId: z.number().int().optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  reset: z.boolean().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  times: z.number().int().positive().optional(),
});
const newTenant = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  profile: z.enum(['hvac', 'plumbing', 'small']).default('hvac'),
  locations: z.number().int().min(0).max(100_000).default(0),
  comfortCredits: z.number().int().min(0).optional(),
  accessMode: z.enum(['no_restrictions', 'booking_provider', 'not_connected']).default('no_restrictions'),
});
const clockAdvance = z.strictObject({ seconds: z.number().positive() });
const bulkLocations = z.strictObject({
  count: z.number().int().min(1).max(100_000),
  customFields: z.array(z.strictObject({ typeId: z.number().int(), value: z.string() })).optional(),
});

export function adminRouter(state: SandboxState): Router {
  const router = Router();

  router.get('/tenants', (_req, res) => {
    res.json(
      [...state.tenants.values()].map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        apps: state.connections
          .filter((c) => c.tenantId === tenant.id)
          .map((c) => ({
            app: state.apps.get(c.appKey)?.name,
            appKey: c.appKey,
            clientId: c.clientId,
            clientSecret: c.clientSecret,
            accessMode: c.accessMode,
            bookingProviderId: c.bookingProviderId ?? null,
            credentialsRevoked: c.credentialsRevoked,
            scopes: [...(state.apps.get(c.appKey)?.scopes ?? [])],
          })),
      })),
    );
  });

  router.post('/tenants', (req, res) => {
    const request = parse(newTenant, req, res);
    if (request) res.status(201).json(createTenant(state, withoutUndefined(request)));
  });

  router.patch('/tenants/:tenantId/apps/:clientId', (req, res) => {
    const connection = findConnection(state, req, res);
    const change = parse(connectionChange, req, res);
    if (!connection || !change) return;
    if (change.accessMode) connection.accessMode = change.accessMode;
    if (change.bookingProviderId !== undefined) connection.bookingProviderId = change.bookingProviderId ?? undefined;
    if (connection.accessMode === 'booking_provider' && connection.bookingProviderId === undefined) {
      return void res.status(400).json({ error: 'booking_provider access needs a bookingProviderId' });
    }
    res.json({ clientId: connection.clientId, accessMode: connection.accessMode, bookingProviderId: connection.bookingProviderId ?? null });
  });

  router.post('/tenants/:tenantId/apps/:clientId/revoke-tokens', (req, res) => {
    const connection = findConnection(state, req, res);
    if (connection) res.json({ revoked: state.tokens.revokeFor(connection.clientId) });
  });

  router.post('/tenants/:tenantId/apps/:clientId/revoke-credentials', (req, res) => {
    const connection = findConnection(state, req, res);
    if (!connection) return;
    connection.credentialsRevoked = true;
    res.json({ clientId: connection.clientId, credentialsRevoked: true });
  });

  // What a tenant admin does after revoking: create a new Client Secret for the same Client ID.
  router.post('/tenants/:tenantId/apps/:clientId/new-secret', (req, res) => {
    const connection = findConnection(state, req, res);
    if (!connection) return;
    connection.clientSecret = `cs1.sandbox.${connection.clientId.replace(/^cid\.sandbox\./, '')}.${randomBytes(6).toString('hex')}`;
    connection.credentialsRevoked = false;
    res.json({ clientId: connection.clientId, clientSecret: connection.clientSecret });
  });

  router.patch('/apps/:appKey', (req, res) => {
    const app = state.apps.get(String(req.params['appKey']));
    const change = parse(scopesChange, req, res);
    if (!change) return;
    if (!app) return void res.status(404).json({ error: 'no such app' });
    app.scopes = new Set(change.scopes);
    res.json({ appKey: app.appKey, scopes: [...app.scopes] });
  });

  router.get('/tenants/:tenantId/writes', (req, res) => {
    const kind = typeof req.query['kind'] === 'string' ? req.query['kind'] : undefined;
    if (kind !== undefined && !(WRITE_KINDS as readonly string[]).includes(kind))
      return void res.status(400).json({ error: `kind must be one of ${WRITE_KINDS.join(', ')}` });
    res.json(state.writes.list({ tenantId: Number(req.params['tenantId']), kind: kind as (typeof WRITE_KINDS)[number] | undefined }));
  });

  router.get('/tenants/:tenantId/records/:table{/:id}', (req, res) => {
    const tenant = state.tenants.get(Number(req.params['tenantId']));
    const table = String(req.params['table']);
    if (!tenant) return void res.status(404).json({ error: 'no such tenant' });
    if (!(TABLE_NAMES as readonly string[]).includes(table)) return void res.status(404).json({ error: `table must be one of ${TABLE_NAMES.join(', ')}` });
    const rows = tenant.data[table as TableName];
    if (req.params['id'] === undefined) return void res.json(rows.all());
    const row = rows.get(Number(req.params['id']));
    if (!row) return void res.status(404).json({ error: 'no such record' });
    res.json(row);
  });

  router.post('/tenants/:tenantId/locations', (req, res) => {
    const tenant = state.tenants.get(Number(req.params['tenantId']));
    const request = parse(bulkLocations, req, res);
    if (!request) return;
    if (!tenant) return void res.status(404).json({ error: 'no such tenant' });
    try {
      res.status(201).json({ locationIds: addBulkLocations(tenant.data, request, state.clock.now()) });
    } catch (error) {
      if (!(error instanceof UnknownCustomFieldError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });

  router.get('/faults', (_req, res) => void res.json(state.faults.describe()));
  router.patch('/faults', (req, res) => {
    const change = parse(faultSettings, req, res);
    if (change) res.json(state.faults.configure(withoutUndefined(change)));
  });
  router.post('/faults/rules', (req, res) => {
    const rule = parse(faultRule, req, res);
    if (!rule) return;
    if (rule.status === undefined && !rule.reset && rule.latencyMs === undefined)
      return void res.status(400).json({ error: 'a rule needs status, reset or latencyMs' });
    res.status(201).json(state.faults.addRule(withoutUndefined(rule)));
  });
  router.delete('/faults/rules/:id', (req, res) => {
    res.status(state.faults.removeRule(Number(req.params['id'])) ? 204 : 404).end();
  });
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.status(204).end();
  });

  router.get('/clock', (_req, res) => void res.json({ now: state.clock.iso() }));
  router.post('/clock/advance', (req, res) => {
    const change = parse(clockAdvance, req, res);
    if (!change) return;
    state.clock.advance(change.seconds * 1000);
    res.json({ now: state.clock.iso() });
  });

  router.get('/stats', (_req, res) => {
    res.json([...state.stats].map(([key, stats]) => ({ key, ...stats })));
  });

  router.post('/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });

  return router;
}

function findConnection(state: SandboxState, req: Request, res: Response) {
  const connection = state.connections.find((c) => c.tenantId === Number(req.params['tenantId']) && c.clientId === req.params['clientId']);
  if (!connection) res.status(404).json({ error: 'no such tenant and client id' });
  return connection;
}

function parse<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  res.status(400).json({ error: result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  return undefined;
}

/** Zod's optional fields come back as `key: undefined`; the fault injector wants them absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
