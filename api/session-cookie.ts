// The session cookie of the web pages: the same kind of JWT as a bearer token, HttpOnly (page
// scripts cannot read it, so a script injected into a page cannot steal it), SameSite=Strict
// (other sites' requests do not carry it), Secure over https, and living as long as the token.
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'smartac_session';
/** A JWT's characters (base64url segments and dots): anything else is not our cookie. */
const TOKEN = /^[A-Za-z0-9\-_.]+$/;

/** The session cookie's token, if the request carries one. */
export function sessionTokenOf(req: Request): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/** Sets the cookie to `token` until `expiresAt`. */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  res.append('Set-Cookie', cookie(req, token, maxAge));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', cookie(req, '', 0));
}

function cookie(req: Request, value: string, maxAge: number): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, ...(req.secure ? ['Secure'] : [])].join('; ');
}
