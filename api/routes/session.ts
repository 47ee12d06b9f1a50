// The web pages' session: GET answers who is signed in, POST turns an identity provider's bearer
// token into the HttpOnly session cookie (the page that got the token exchanges it once and never
// stores it), DELETE signs out. The token itself is never echoed: only its claims and expiry.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { authenticatedToken, principal } from '../auth';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';

export const SESSION_PATH = '/v1/session';

export const sessionSchema = z
  .object({
    sub: z.string(),
    role: z.enum(['partner', 'staff']),
    partnerId: z.string().optional().meta({ description: "a partner's own partner id (absent for staff)" }),
    expiresAt: z.iso.datetime().meta({ description: 'when the token (and so the session) expires' }),
  })
  .meta({ id: 'Session' });

/**
 * `signedIn` authenticates by bearer or cookie (GET); `bearerOnly` by the Authorization header
 * alone (POST: the cookie is what it makes).
 */
export function sessionRouter({ signedIn, bearerOnly }: { signedIn: RequestHandler; bearerOnly: RequestHandler }): Router {
  const router = Router();

  router.get(SESSION_PATH, signedIn, (req, res) => {
    const who = principal(req);
    const { expiresAt } = authenticatedToken(req);
    respond(res, 200, sessionSchema, {
      sub: who.sub,
      role: who.role,
      ...(who.role === 'partner' ? { partnerId: who.partnerId } : {}),
      expiresAt: expiresAt.toISOString(),
    });
  });

  router.post(SESSION_PATH, bearerOnly, (req, res) => {
    const { token, expiresAt } = authenticatedToken(req);
    setSessionCookie(req, res, token, expiresAt);
    res.status(204).end();
  });

  router.delete(SESSION_PATH, (req, res) => {
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}

const setsCookie = {
  'Set-Cookie': { description: 'smartac_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<the token’s remaining life>; Secure over https' },
};

export const sessionDocs: RouteDoc[] = [
  {
    method: 'get',
    path: SESSION_PATH,
    operationId: 'getSession',
    summary: 'Who is signed in: the token’s subject, role, partner and expiry (never the token)',
    tags: ['session'],
    auth: 'signedIn',
    noBody: true,
    responses: { 200: { description: 'signed in', schema: sessionSchema }, 401: { description: 'not signed in (or the session expired)' } },
  },
  {
    method: 'post',
    path: SESSION_PATH,
    operationId: 'createSession',
    summary: "Sign in the web pages: exchanges the identity provider's bearer token for the HttpOnly session cookie",
    description: 'Send the token once, as `Authorization: Bearer`; the pages then rely on the cookie and never store the token.',
    tags: ['session'],
    auth: 'bearer',
    noBody: true,
    responses: { 204: { description: 'signed in: the cookie is set', noContent: true, headers: setsCookie } },
  },
  {
    method: 'delete',
    path: SESSION_PATH,
    operationId: 'deleteSession',
    summary: 'Sign out: clears the session cookie',
    tags: ['session'],
    auth: 'none',
    noBody: true,
    responses: { 204: { description: 'signed out', noContent: true, headers: { 'Set-Cookie': { description: 'smartac_session=; Max-Age=0' } } } },
  },
];
