import { randomBytes } from 'node:crypto';
import { openSecret, reseal, sealSecret, SecretOpenError, type EncryptionKey, type SealedSecret } from '../../lib/crypto/secrets';

const oldKey: EncryptionKey = { id: 'k2025', key: randomBytes(32) };
const newKey: EncryptionKey = { id: 'k2026', key: randomBytes(32) };
const SECRET = 'st-client-secret-Zx81!';
const AAD = 'servicetitan-client-secret:acme';

function openFailure(sealed: SealedSecret, keys: EncryptionKey[], aad?: string): SecretOpenError {
  try {
    openSecret(sealed, keys, aad);
  } catch (err) {
    expect(err).toBeInstanceOf(SecretOpenError);
    expect((err as Error).message).not.toContain(SECRET);
    return err as SecretOpenError;
  }
  throw new Error('expected openSecret to fail');
}

/** Flips one bit of a base64 field. */
function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64');
}

describe('sealSecret / openSecret', () => {
  it('round-trips, with and without AAD, including unicode and empty secrets', () => {
    for (const plain of [SECRET, 'clé-🔑-секрет', '']) {
      expect(openSecret(sealSecret(plain, [newKey]), [newKey])).toBe(plain);
      expect(openSecret(sealSecret(plain, [newKey], AAD), [newKey], AAD)).toBe(plain);
    }
  });

  it('produces JSON-safe output that never contains the plaintext, with a fresh IV each time', () => {
    const a = sealSecret(SECRET, [newKey], AAD);
    const b = sealSecret(SECRET, [newKey], AAD);
    const json = JSON.stringify(a);
    expect(JSON.parse(json)).toEqual(a);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const sealed = sealSecret(SECRET, [newKey], AAD);
    for (const field of ['ciphertext', 'tag', 'iv'] as const) {
      expect(openFailure({ ...sealed, [field]: flipBit(sealed[field]) }, [newKey], AAD).reason).toBe('integrity');
    }
  });

  it('refuses a truncated tag instead of accepting a weaker check', () => {
    const sealed = sealSecret(SECRET, [newKey]);
    const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expect(openFailure({ ...sealed, tag: shortTag }, [newKey]).reason).toBe('malformed');
  });

  it('does not open with another AAD, or without the AAD it was sealed with (no replay for another partner)', () => {
    const sealed = sealSecret(SECRET, [newKey], AAD);
    expect(openFailure(sealed, [newKey], 'servicetitan-client-secret:other-partner').reason).toBe('integrity');
    expect(openFailure(sealed, [newKey]).reason).toBe('integrity');
  });

  it('names an unknown key id without revealing anything else', () => {
    const error = openFailure(sealSecret(SECRET, [oldKey]), [newKey]);
    expect(error.reason).toBe('unknown_key');
    expect(error.message).toContain('k2025');
  });

  it('rejects values that are not sealed secrets (e.g. a bad payload from JSON)', () => {
    expect(openFailure({ keyId: 'k2026' } as unknown as SealedSecret, [newKey]).reason).toBe('malformed');
  });

  it('refuses to seal without a key, or with a key of the wrong length', () => {
    expect(() => sealSecret(SECRET, [])).toThrow('no encryption key configured');
    expect(() => sealSecret(SECRET, [{ id: 'short', key: randomBytes(16) }])).toThrow('encryption key "short" must be 32 bytes');
  });
});

describe('key rotation', () => {
  it('seals with the first key while older keys still open', () => {
    const beforeRotation = sealSecret(SECRET, [oldKey], AAD);
    const rotated = [newKey, oldKey];
    expect(openSecret(beforeRotation, rotated, AAD)).toBe(SECRET);
    expect(sealSecret(SECRET, rotated, AAD).keyId).toBe('k2026');
  });

  it('reseal moves a secret to the current key, and returns the same value when nothing changes', () => {
    const rotated = [newKey, oldKey];
    const beforeRotation = sealSecret(SECRET, [oldKey], AAD);
    const resealed = reseal(beforeRotation, rotated, AAD);
    expect(resealed.keyId).toBe('k2026');
    expect(openSecret(resealed, [newKey], AAD)).toBe(SECRET);
    expect(reseal(resealed, rotated, AAD)).toBe(resealed);
  });
});
