// JWT authentication and authorization for the HTTP API: an `Authorization: Bearer` token, or
// the same kind of token in the HttpOnly session cookie the web pages use (./session-cookie.ts;
// a cookie-authenticated POST/PUT/PATCH/DELETE must carry `X-SmartAC-Client: web`, which a
// cross-site form or image cannot send, else 403 csrf_header_missing).
// Tokens carry `sub`, `role` ('partner' | 'staff') and, for partners, `partnerId`. They are
// verified either with the shared HS256 secret or, when a JWKS URL is configured, only with the
// identity provider's public keys (asymmetric algorithms only: an HS256 token signed with a
// public key must not pass). Every token must expire (`exp`); an HS256 token, which anyone holding
// the shared secret can mint, may also live at most maxTokenLifetimeSeconds. Errors use the API's
// format (api/errors.ts) and never echo the token.
import type { Request, RequestHandler, Response } from 'express';
import type { JWTVerifyGetKey, JWTVerifyOptions } from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { HttpError } from './errors';
import { partnerIdParams } from './schemas';
import { clearSessionCookie, sessionTokenOf } from './session-cookie';

export type Principal = { sub: string; role: 'partner'; partnerId: string } | { sub: string; role: 'staff'; partnerId?: undefined };

declare global {
  namespace Express {
    interface Request {
      /** Set by authenticate(); read it through principal(req). */
      auth?: Principal;
      /** Set by authenticate(): how the caller's token came, and when it expires. */
      authToken?: AuthenticatedToken;
    }
  }
}

export interface AuthOptions {
  /** HS256 secret; used unless jwksUrl is set. */
  jwtSecret: string;
  /** The identity provider's JWKS; when set, only its asymmetric keys verify tokens. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Longest HS256 token lifetime, exp - iat (exp - now without iat); default 12 h. */
  maxTokenLifetimeSeconds?: number;
}

export interface AuthenticatedToken {
  via: 'bearer' | 'cookie';
  token: string;
  expiresAt: Date;
}

/** The header a cookie-authenticated change must carry (the web client always sends it). */
export const CLIENT_HEADER = 'x-smartac-client';
export const CLIENT_HEADER_VALUE = 'web';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Tokens from an identity provider are minted on another machine's clock. */
const CLOCK_TOLERANCE_SECONDS = 30;

const claimsSchema = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1), role: z.literal('partner'), partnerId: partnerIdParams.shape.partnerId }),
  z.object({ sub: z.string().min(1), role: z.literal('staff') }),
]);
export type TokenClaims = z.input<typeof claimsSchema>;

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Promise<Jose> | undefined;
/** jose 6 is ESM-only and this service compiles to CommonJS: load it with a real import(), once. */
function loadJose(): Promise<Jose> {
  return (jose ??= import('jose'));
}

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Verifies the caller's token: the Authorization header's, else (unless `cookie: false`) the
 * session cookie's. `cookie: false` is for POST /v1/session, which turns a bearer token into the
 * cookie.
 */
export function authenticate(options: AuthOptions, { cookie = true }: { cookie?: boolean } = {}): RequestHandler {
  const verifyOptions: JWTVerifyOptions = {
    algorithms: options.jwksUrl ? ASYMMETRIC_ALGORITHMS : ['HS256'],
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    // A token without an expiry would be valid forever once leaked.
    requiredClaims: ['exp'],
  };
  const maxLifetime = options.jwksUrl ? undefined : (options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
  let getKey: JWTVerifyGetKey | undefined;

  return async (req, res, next) => {
    const header = req.headers.authorization;
    const fromCookie = header || !cookie ? undefined : sessionTokenOf(req);
    if (!header && !fromCookie) throw unauthenticated(res, cookie ? 'a bearer token or a session is required' : 'a bearer token is required');
    const token = header ? BEARER.exec(header)?.[1] : fromCookie;
    if (!token) throw unauthenticated(res, 'the Authorization header must be "Bearer <token>"', 'invalid_request');
    // A session that no longer verifies is dropped from the browser with the 401.
    const refuse = (message: string) => {
      if (fromCookie) clearSessionCookie(req, res);
      return unauthenticated(res, message, 'invalid_token');
    };

    const { createRemoteJWKSet, errors, jwtVerify } = await loadJose();
    // One key source per middleware: the remote JWKS caches keys and refetches on an unknown kid.
    getKey ??= options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : secretKey(options.jwtSecret);
    let payload: unknown;
    try {
      payload = (await jwtVerify(token, getKey, verifyOptions)).payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw refuse('the token has expired');
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'exp' && err.reason === 'missing') {
        throw refuse('the token must carry an expiry (exp)');
      }
      if (isTokenProblem(errors, err)) throw refuse('the token is invalid');
      // The identity provider's keys could not be fetched: our problem, not the caller's.
      req.log?.error({ err }, 'cannot verify bearer tokens: JWKS unavailable');
      res.setHeader('Retry-After', '5');
      throw new HttpError(503, 'auth_unavailable', 'tokens cannot be verified right now; try again shortly');
    }
    if (maxLifetime !== undefined && lifetimeSeconds(payload as { exp: number; iat?: number }) > maxLifetime + CLOCK_TOLERANCE_SECONDS) {
      throw refuse(`the token lives longer than the ${maxLifetime} seconds allowed`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw refuse('the token lacks a valid sub, role or partnerId');
    if (fromCookie && UNSAFE_METHODS.has(req.method) && req.get(CLIENT_HEADER) !== CLIENT_HEADER_VALUE) {
      throw new HttpError(403, 'csrf_header_missing', `a change made with the session cookie must carry the header ${CLIENT_HEADER}: ${CLIENT_HEADER_VALUE}`);
    }
    req.auth =
      claims.data.role === 'partner' ? { sub: claims.data.sub, role: 'partner', partnerId: claims.data.partnerId } : { sub: claims.data.sub, role: 'staff' };
    req.authToken = { via: fromCookie ? 'cookie' : 'bearer', token, expiresAt: new Date((payload as { exp: number }).exp * 1000) };
    next();
  };
}

/**
 * From issue (or now, whichever is earlier: an iat in the future must not hide a far exp) to
 * expiry. jose has checked that exp is present and both are numbers.
 */
function lifetimeSeconds({ exp, iat }: { exp: number; iat?: number }): number {
  const now = Date.now() / 1000;
  return exp - Math.min(iat ?? now, now);
}

/** The authenticated caller; authenticate() must run first on this route. */
export function principal(req: Request): Principal {
  if (!req.auth) throw new Error('principal() used on a route without authenticate()');
  return req.auth;
}

/** How the authenticated caller's token came, and when it expires; authenticate() must run first. */
export function authenticatedToken(req: Request): AuthenticatedToken {
  if (!req.authToken) throw new Error('authenticatedToken() used on a route without authenticate()');
  return req.authToken;
}

/** The route's `:partnerId` must be the token's partner; staff may reach every partner. */
export const requirePartnerAccess: RequestHandler = (req, _res, next) => {
  const caller = principal(req);
  if (caller.role === 'partner' && caller.partnerId !== req.params.partnerId) {
    throw new HttpError(403, 'forbidden', 'this token gives access to its own partner only');
  }
  next();
};

export const requireStaff: RequestHandler = (req, _res, next) => {
  if (principal(req).role !== 'staff') throw new HttpError(403, 'forbidden', 'this endpoint is for SmartAC staff');
  next();
};

/** Issues an HS256 token (tests, the token CLI). `expiresIn` is a jose time span relative to now: '12h', '30m', '7d'. */
export async function issueToken(
  claims: TokenClaims,
  secret: string,
  expiresIn = '12h',
  options: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const { sub, ...rest } = claimsSchema.parse(claims);
  const { SignJWT } = await loadJose();
  const jwt = new SignJWT(rest).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/**
 * JOSE errors about the token itself. Anything else (JWKS fetch failures, timeouts, bad JWKS
 * responses, which jose reports as a plain JOSEError) is not the caller's fault.
 */
function isTokenProblem(errors: Jose['errors'], err: unknown): boolean {
  const tokenProblems = [
    errors.JWTInvalid,
    errors.JWSInvalid,
    errors.JWSSignatureVerificationFailed,
    errors.JWTClaimValidationFailed,
    errors.JOSEAlgNotAllowed,
    errors.JOSENotSupported,
    errors.JWKSNoMatchingKey,
    errors.JWKSMultipleMatchingKeys,
  ];
  return tokenProblems.some((problem) => err instanceof problem);
}

function secretKey(secret: string): JWTVerifyGetKey {
  const key = new TextEncoder().encode(secret);
  return async () => key;
}

/** A 401 with RFC 6750's WWW-Authenticate challenge (the error code only when a token was sent). */
function unauthenticated(res: Response, message: string, bearerError?: 'invalid_request' | 'invalid_token'): HttpError {
  res.setHeader('WWW-Authenticate', bearerError ? `Bearer realm="smartac", error="${bearerError}"` : 'Bearer realm="smartac"');
  return new HttpError(401, 'unauthenticated', message);
}
