// Signed, expiring, single-purpose link tokens for links in emails (e.g. "Continue Setup").
// Format: base64url(JSON payload) "." base64url(HMAC-SHA256 of the first part), compact and
// URL-safe. The purpose is signed too, so a token minted for one kind of link is refused by
// another. A token proves "SmartAC sent this link for this partner"; the API still requires the
// partner's own bearer token for anything it does.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'continue-setup';

/** Where Continue Setup links point on our API (api/routes/continue-setup.ts serves it). */
export const CONTINUE_SETUP_PATH = '/v1/continue-setup';

export interface LinkClaims {
  purpose: LinkPurpose;
  partnerId: string;
  expiresAt: Date;
}

export type LinkTokenFailure = 'malformed' | 'bad_signature' | 'expired' | 'wrong_purpose';

export class LinkTokenError extends Error {
  constructor(
    readonly reason: LinkTokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'LinkTokenError';
  }
}

/** What is signed; `exp` is milliseconds since the epoch so expiresAt round-trips exactly. */
interface Payload {
  purpose: string;
  partnerId: string;
  exp: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Same floor as lib/config.ts: a short HMAC key would make forged links guessable.
const MIN_SECRET_LENGTH = 32;

export function signLinkToken(claims: LinkClaims, secret: string): string {
  const exp = claims.expiresAt.getTime();
  if (!Number.isFinite(exp)) throw new Error('expiresAt is not a valid date');
  if (!claims.partnerId) throw new Error('partnerId is required');
  const payload: Payload = { purpose: claims.purpose, partnerId: claims.partnerId, exp };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${signature(encoded, secret).toString('base64url')}`;
}

export function verifyLinkToken(token: string, expectedPurpose: LinkPurpose, secret: string, now: Date): LinkClaims {
  const parts = token.split('.');
  const [encoded, sig] = parts;
  if (parts.length !== 2 || !encoded || !sig || !BASE64URL.test(encoded) || !BASE64URL.test(sig)) {
    throw new LinkTokenError('malformed', 'link token is malformed');
  }
  const expected = signature(encoded, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LinkTokenError('bad_signature', 'link token signature is invalid');
  }

  const payload = decodePayload(encoded);
  if (payload.purpose !== expectedPurpose) throw new LinkTokenError('wrong_purpose', `link token is not for ${expectedPurpose}`);
  if (now.getTime() >= payload.exp) throw new LinkTokenError('expired', 'link has expired');
  return { purpose: expectedPurpose, partnerId: payload.partnerId, expiresAt: new Date(payload.exp) };
}

function signature(encodedPayload: string, secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`link signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

/** Only reached with a valid signature, so a bad payload here means a signer bug, still refused. */
function decodePayload(encoded: string): Payload {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new LinkTokenError('malformed', 'link token payload is malformed');
  }
  const p = value as Partial<Payload> | null;
  if (typeof p?.purpose !== 'string' || typeof p.partnerId !== 'string' || !p.partnerId || typeof p.exp !== 'number' || !Number.isFinite(p.exp)) {
    throw new LinkTokenError('malformed', 'link token payload is malformed');
  }
  return { purpose: p.purpose, partnerId: p.partnerId, exp: p.exp };
}
