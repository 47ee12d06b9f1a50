// The SmartAC-Signature header of POST /v1/events: `t=<unix seconds>,v1=<hex HMAC-SHA256>`, the
// HMAC taken over "<t>.<raw body>" with SMARTAC_WEBHOOK_SECRET. The platform may send several v1
// entries while it rotates its secret; one match is enough. The timestamp bounds replays.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'smartac-signature';
/** Five minutes either way: enough for clock drift and retries in flight, short for replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The header value for `body` signed at `t` (unix seconds); for tests and tools that send events. */
export function signEvent(body: string, secret: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmac(secret, t, Buffer.from(body, 'utf8')).toString('hex')}`;
}

/** A well-formed, current SmartAC-Signature header: what can be checked before the body is read. */
export type SignatureHeader = { ok: true; t: number; candidates: Buffer[] } | { ok: false; reason: string };

/**
 * Parses `header` and checks its timestamp. Needs no body: the webhook refuses a request that
 * fails here before reading a byte of it.
 */
export function parseSignatureHeader(header: string | undefined, nowSeconds: number = Date.now() / 1000): SignatureHeader {
  if (!header) return { ok: false, reason: 'the SmartAC-Signature header is missing' };
  let t: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    // Anything but 64 hex digits cannot match; skipping it keeps timingSafeEqual's lengths equal.
    else if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || candidates.length === 0) return { ok: false, reason: 'the SmartAC-Signature header must be t=<unix seconds>,v1=<hex HMAC-SHA256>' };
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: 'the SmartAC-Signature timestamp is more than five minutes from now' };
  return { ok: true, t, candidates };
}

/** Checks a parsed header against the raw request bytes. */
export function matchesBody(header: Extract<SignatureHeader, { ok: true }>, rawBody: Buffer, secret: string): SignatureCheck {
  const expected = hmac(secret, header.t, rawBody);
  // Compare with every candidate (no early exit), so timing says nothing about which one matched.
  const matched = header.candidates.reduce((found, candidate) => timingSafeEqual(candidate, expected) || found, false);
  return matched ? { ok: true } : { ok: false, reason: 'the SmartAC-Signature does not match the body' };
}

/**
 * Checks `header` against the raw request bytes. Reasons name what was wrong with the request,
 * never the expected value.
 */
export function verifySignature(header: string | undefined, rawBody: Buffer, secret: string, nowSeconds: number = Date.now() / 1000): SignatureCheck {
  const parsed = parseSignatureHeader(header, nowSeconds);
  return parsed.ok ? matchesBody(parsed, rawBody, secret) : parsed;
}

function hmac(secret: string, t: number, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest();
}
