// POST /connect/token: OAuth 2.0 client credentials, answered the way an IdentityServer-style
// authorization server does (400 + `{error}` for bad requests and clients), with the token
// endpoint's own throttle.
import type { RequestHandler } from 'express';
import { sendFault } from './api';
import type { SandboxState } from './state';
import { TOKEN_LIFETIME_SECONDS } from './tokens';

export function tokenEndpoint(state: SandboxState): RequestHandler {
  return async (req, res) => {
    const fault = state.faults.decide({ method: 'POST', path: '/connect/token', operationId: 'token' }, false);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.reset) return void req.socket.destroy();
    if (fault.status !== undefined) return sendFault(res, fault.status, fault.retryAfterSeconds);

    const form = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string): string => (typeof form[name] === 'string' ? form[name] : '');
    if (field('grant_type') !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });

    const connection = state.connectionByClientId(field('client_id'));
    if (!connection || connection.clientSecret !== field('client_secret') || connection.credentialsRevoked) {
      return void res.status(400).json({ error: 'invalid_client' });
    }
    const verdict = state.tokenLimiter.hit(connection.clientId, state.clock.now());
    if (!verdict.allowed) return sendFault(res, 429, Math.ceil(verdict.retryAfterMs / 1000));

    const token = state.tokens.issue({ tenantId: connection.tenantId, clientId: connection.clientId, appKey: connection.appKey }, state.clock.now());
    res.set('Cache-Control', 'no-store');
    res.json({
      access_token: token.value,
      expires_in: TOKEN_LIFETIME_SECONDS,
      token_type: 'Bearer',
      scope: [...(state.apps.get(connection.appKey)?.scopes ?? [])].join(' '),
    });
  };
}
