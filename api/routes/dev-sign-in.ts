// Development and tests only: POST /v1/dev/sign-in signs the browser in as a chosen partner or
// staff user, minting an HS256 token with the configured secret (as `npm run token` does) straight
// into the session cookie. api/app.ts mounts it, and the document lists it, only when NODE_ENV is
// not production. It needs a JSON body, so a cross-site form cannot sign someone in.
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { storableText } from '../../lib/storable-text';
import { issueToken, type TokenClaims } from '../auth';
import { HttpError, parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { partnerIdParams } from '../schemas';
import { setSessionCookie } from '../session-cookie';

export const DEV_SIGN_IN_PATH = '/v1/dev/sign-in';
/** As long as the API accepts, and no longer than a working day. */
const DEV_TOKEN_SECONDS = 12 * 3600;

const name = storableText.trim().min(1).max(200).optional().meta({ description: 'the token subject (default: a local name)' });
export const devSignInBody = z.discriminatedUnion('role', [
  z.object({ role: z.literal('partner'), partnerId: partnerIdParams.shape.partnerId, name }).strict(),
  z.object({ role: z.literal('staff'), name }).strict(),
]);

export function devSignInRouter(config: Pick<Config, 'auth'>): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body = parse(devSignInBody, req.body, 'body');
    const { auth } = config;
    if (auth.jwksUrl) {
      throw new HttpError(409, 'dev_sign_in_unavailable', 'AUTH_JWKS_URL is set: the API accepts only tokens from that identity provider');
    }
    const claims: TokenClaims =
      body.role === 'partner'
        ? { role: 'partner', partnerId: body.partnerId, sub: body.name ?? `local-dev@${body.partnerId}` }
        : { role: 'staff', sub: body.name ?? 'local-dev@smartac.com' };
    const seconds = Math.min(DEV_TOKEN_SECONDS, auth.maxTokenLifetimeSeconds);
    const token = await issueToken(claims, auth.jwtSecret, `${seconds}s`, { issuer: auth.issuer, audience: auth.audience });
    setSessionCookie(req, res, token, new Date(Date.now() + seconds * 1000));
    res.status(204).end();
  });
  return router;
}

export const devSignInDocs: RouteDoc[] = [
  {
    method: 'post',
    path: DEV_SIGN_IN_PATH,
    operationId: 'devSignIn',
    summary: 'Development only (absent when NODE_ENV=production): sign in as a partner or staff user',
    description: 'Mints a token with the local secret, like `npm run token`, and sets it as the session cookie. `partnerId` is required for a partner.',
    tags: ['session'],
    auth: 'none',
    body: devSignInBody,
    responses: {
      204: {
        description: 'signed in: the cookie is set',
        noContent: true,
        headers: { 'Set-Cookie': { description: 'smartac_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<seconds>' } },
      },
      409: { description: 'an identity provider is configured (AUTH_JWKS_URL): local tokens would not be accepted' },
    },
  },
];
