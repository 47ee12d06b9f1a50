// The API side of the sandbox: one middleware that takes a request through what ServiceTitan
// checks, in order — documented path and method, injected faults, ST-App-Key, the 60 rps limit
// per app and tenant, bearer token (expired/revoked → 401), token tenant, the tenant's access
// mode for the app, the operation's scope, parameter and body schemas — then runs the handler
// and records writes.
import type { RequestHandler, Response } from 'express';
import type { OpenApiCatalog, OpenApiOperation } from '../openapi/documents';
import type { OpenApiValidator, ValidationIssue } from '../openapi/validator';
import { COMMON_QUERY, type HandlerContext } from './handlers/context';
import { HANDLERS_BY_KEY, handlerKey } from './handlers';
import { problem, ProblemError, TITLES } from './problems';
import type { SandboxConnection, SandboxState } from './state';

const BOOKING_PROVIDER_PREFIX = '/tenant/{tenant}/booking-provider/{booking_provider}';

export function apiPipeline(state: SandboxState, catalog: OpenApiCatalog, validator: OpenApiValidator): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.originalUrl, 'http://sandbox.invalid');
    const match = catalog.match(req.method, url.pathname);
    if (!match) {
      const status = catalog.hasPath(url.pathname) ? 405 : 404;
      return sendProblem(res, status, status === 405 ? TITLES.methodNotAllowed : TITLES.notFound);
    }
    const { operation, pathParams } = match;
    const tenantId = Number(pathParams['tenant']);

    const fault = state.faults.decide({ method: req.method, path: url.pathname, operationId: operation.operationId, tenantId }, true);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.reset) return void req.socket.destroy();
    if (fault.status !== undefined) return sendFault(res, fault.status, fault.retryAfterSeconds);

    const app = state.apps.get(req.get('st-app-key') ?? '');
    if (!app) return sendProblem(res, 401, TITLES.invalidAppKey, { 'ST-App-Key': ['The ST-App-Key header is missing or not a registered application key'] });

    const verdict = state.limiter.hit(`${app.appKey}:${tenantId}`, state.clock.now());
    state.count(app.appKey, tenantId, !verdict.allowed);
    if (!verdict.allowed) return sendFault(res, 429, Math.ceil(verdict.retryAfterMs / 1000));

    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ? state.tokens.find(bearer) : undefined;
    const connection = token ? state.connectionByClientId(token.clientId) : undefined;
    if (!token || !connection || token.revoked || connection.credentialsRevoked || token.expiresAt <= state.clock.now()) {
      res.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${token ? 'The token expired or was revoked' : 'No valid access token'}"`);
      return sendProblem(res, 401, TITLES.unauthorized);
    }
    if (token.appKey !== app.appKey) return sendProblem(res, 401, TITLES.appKeyMismatch, { 'ST-App-Key': [TITLES.appKeyMismatch] });
    if (token.tenantId !== tenantId) return sendProblem(res, 403, TITLES.tenantMismatch);

    const denied = accessDenied(operation, pathParams, connection, app.scopes);
    if (denied) return sendProblem(res, 403, denied.title, denied.errors);

    const handler = HANDLERS_BY_KEY.get(handlerKey(operation.module, operation.operationId));
    if (!handler) return sendProblem(res, 501, TITLES.notImplemented, { operation: [`${operation.operationId} is documented but not served by the sandbox`] });

    const issues: ValidationIssue[] = [
      ...validator.parameters(operation, url.searchParams, pathParams, { rejectUnknown: false }),
      ...validator.requestBody(operation, req.body),
    ];
    if (issues.length > 0) return sendProblem(res, 400, TITLES.badRequest, issuesToErrors(issues));
    const honoured = new Set([...COMMON_QUERY, ...(handler.query ?? [])]);
    const ignored = operation.parameters.filter((p) => p.in === 'query' && url.searchParams.has(p.name) && !honoured.has(p.name)).map((p) => p.name);
    if (ignored.length > 0)
      return sendProblem(res, 501, TITLES.notImplemented, {
        query: ignored.map((name) => `the sandbox does not implement the query parameter ${name} of ${operation.operationId}`),
      });

    const tenant = state.tenants.get(tenantId);
    if (!tenant) return sendProblem(res, 403, TITLES.tenantMismatch);
    const ctx: HandlerContext = {
      data: tenant.data,
      connection,
      params: pathParams,
      query: url.searchParams,
      body: req.body,
      now: state.clock.now(),
      exportBatchSize: state.exportBatchSize,
    };
    try {
      const result = handler.handle(ctx);
      if (handler.write) {
        state.writes.record({
          at: state.clock.iso(),
          tenantId,
          clientId: connection.clientId,
          kind: handler.write,
          operationId: operation.operationId,
          method: req.method,
          path: url.pathname,
          request: req.body,
          response: result.body,
        });
      }
      res.status(result.status ?? 200);
      return void (result.body === undefined ? res.end() : res.json(result.body));
    } catch (error) {
      if (error instanceof ProblemError) return void res.status(error.status).json(error.body());
      throw error;
    }
  };
}

/** 403 reasons in ServiceTitan's order: connection, booking-provider restriction, scope. */
function accessDenied(
  operation: OpenApiOperation,
  pathParams: Record<string, string>,
  connection: SandboxConnection,
  scopes: Set<string>,
): { title: string; errors?: Record<string, string[]> } | undefined {
  if (connection.accessMode === 'not_connected') return { title: TITLES.notConnected };
  if (connection.accessMode === 'booking_provider') {
    const ownProvider = operation.template.startsWith(BOOKING_PROVIDER_PREFIX) && Number(pathParams['booking_provider']) === connection.bookingProviderId;
    if (!ownProvider)
      return { title: TITLES.bookingProviderOnly, errors: { bookingProvider: [`Only /booking-provider/${connection.bookingProviderId}/bookings is allowed`] } };
  }
  const missing = operation.scopes.filter((s) => !scopes.has(s));
  if (missing.length > 0) return { title: `${TITLES.insufficientScope}: ${missing.join(' ')}`, errors: { scope: missing } };
  return undefined;
}

function issuesToErrors(issues: ValidationIssue[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[issue.where] ??= []).push(issue.message);
  return errors;
}

export function sendProblem(res: Response, status: number, title: string, errors: Record<string, string[]> = {}): void {
  res.status(status).json(problem(status, title, errors));
}

export function sendFault(res: Response, status: number, retryAfterSeconds?: number): void {
  if (status === 429 || retryAfterSeconds !== undefined) res.set('Retry-After', String(retryAfterSeconds ?? 1));
  const title = status === 429 ? TITLES.tooManyRequests : status >= 500 ? TITLES.serverError : `Status ${status}`;
  sendProblem(res, status, title);
}
