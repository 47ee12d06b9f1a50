import { createHmac } from 'node:crypto';
import { LinkTokenError, signLinkToken, verifyLinkToken, type LinkPurpose, type LinkTokenFailure } from '../../lib/links';

const SECRET = 'test-link-signing-secret-0123456789abcdef';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const IN_A_WEEK = new Date('2026-03-08T12:00:00.000Z');

function failure(token: string, now = NOW, purpose = 'continue-setup' as LinkPurpose, secret = SECRET): LinkTokenFailure {
  try {
    verifyLinkToken(token, purpose, secret, now);
  } catch (err) {
    expect(err).toBeInstanceOf(LinkTokenError);
    return (err as LinkTokenError).reason;
  }
  throw new Error('expected verifyLinkToken to fail');
}

/** A token signed with SECRET over an arbitrary payload, as an attacker holding the secret would (or a buggy signer). */
function signRaw(payload: string): string {
  const encoded = Buffer.from(payload).toString('base64url');
  return `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
}

const token = signLinkToken({ purpose: 'continue-setup', partnerId: 'acme-hvac', expiresAt: IN_A_WEEK }, SECRET);

describe('link tokens', () => {
  it('are compact, URL-safe and verify back to their claims', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(160);
    expect(verifyLinkToken(token, 'continue-setup', SECRET, NOW)).toEqual({ purpose: 'continue-setup', partnerId: 'acme-hvac', expiresAt: IN_A_WEEK });
  });

  it('expire at expiresAt exactly', () => {
    expect(verifyLinkToken(token, 'continue-setup', SECRET, new Date(IN_A_WEEK.getTime() - 1)).partnerId).toBe('acme-hvac');
    expect(failure(token, IN_A_WEEK)).toBe('expired');
  });

  it('are refused when signed with another secret, or when the payload was changed', () => {
    expect(failure(token, NOW, 'continue-setup', 'another-link-signing-secret-0123456789abcdef')).toBe('bad_signature');
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ purpose: 'continue-setup', partnerId: 'other-partner', exp: IN_A_WEEK.getTime() })).toString('base64url');
    expect(failure(`${forged}.${sig}`)).toBe('bad_signature');
    expect(failure(`${token.split('.')[0]}.${'A'.repeat(43)}`)).toBe('bad_signature');
  });

  it('are refused when they are not tokens at all', () => {
    for (const bad of ['', 'abc', 'a.b.c', `${token}.`, '.abc', 'abc.', 'a+b.c/d', `${token} `]) {
      expect(failure(bad)).toBe('malformed');
    }
  });

  it('are refused when a validly signed payload is not a link payload', () => {
    expect(failure(signRaw('not json'))).toBe('malformed');
    expect(failure(signRaw(JSON.stringify({ purpose: 'continue-setup', exp: IN_A_WEEK.getTime() })))).toBe('malformed');
  });

  it('are single-purpose: a token minted for another purpose is refused', () => {
    const other = signRaw(JSON.stringify({ purpose: 'reset-password', partnerId: 'acme-hvac', exp: IN_A_WEEK.getTime() }));
    expect(failure(other)).toBe('wrong_purpose');
  });

  it('cannot be signed or checked with a short secret', () => {
    expect(() => signLinkToken({ purpose: 'continue-setup', partnerId: 'acme-hvac', expiresAt: IN_A_WEEK }, 'short')).toThrow('at least 32');
    expect(() => verifyLinkToken(token, 'continue-setup', 'short', NOW)).toThrow('at least 32');
  });
});
