// Sealing of secrets (ServiceTitan Client Secrets, tokens) with AES-256-GCM and key rotation.
// A SealedSecret is plain JSON: it is what travels through Temporal payloads and is stored in
// Postgres, so the plain secret never appears in workflow history or rows. The key id travels
// with it: the first configured key seals, every configured key still opens (rotation).
// The optional AAD binds a sealed secret to its context (e.g. `servicetitan-client-secret:<partnerId>`)
// so a sealed value copied to another partner does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Every field is base64. */
export interface SealedSecret {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export type SecretOpenFailure = 'malformed' | 'unknown_key' | 'integrity';

/** Why a sealed secret did not open. The message never contains the secret or key material. */
export class SecretOpenError extends Error {
  constructor(
    readonly reason: SecretOpenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit random IVs are GCM's recommended size; with random IVs a key stays safe for far more
// seals (2^32) than this service will ever make.
const IV_BYTES = 12;
// Full-length tags only: Node would otherwise accept truncated tags, which weaken authentication.
const TAG_BYTES = 16;

export function sealSecret(plain: string, keys: readonly EncryptionKey[], aad?: string): SealedSecret {
  const current = keys[0];
  if (!current) throw new Error('no encryption key configured');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, usableKey(current), iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    keyId: current.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function openSecret(sealed: SealedSecret, keys: readonly EncryptionKey[], aad?: string): string {
  // Sealed values come back from JSON (Temporal payloads, database rows): check the shape first.
  const fields = [sealed?.keyId, sealed?.iv, sealed?.tag, sealed?.ciphertext];
  if (!fields.every((f) => typeof f === 'string')) throw new SecretOpenError('malformed', 'sealed secret is malformed');
  const key = keys.find((k) => k.id === sealed.keyId);
  if (!key) throw new SecretOpenError('unknown_key', `sealed with key "${sealed.keyId}", which is not configured`);
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretOpenError('malformed', 'sealed secret is malformed');

  const decipher = createDecipheriv(ALGORITHM, usableKey(key), iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretOpenError('integrity', 'sealed secret failed authentication (tampered, or sealed for another context)');
  }
}

/**
 * Re-seals under the current (first) key after a rotation. Returns `sealed` itself when it is
 * already under the current key, so `reseal(s, keys) !== s` tells the caller there is a new value to store.
 */
export function reseal(sealed: SealedSecret, keys: readonly EncryptionKey[], aad?: string): SealedSecret {
  if (sealed.keyId === keys[0]?.id) return sealed;
  return sealSecret(openSecret(sealed, keys, aad), keys, aad);
}

function usableKey(key: EncryptionKey): Buffer {
  if (key.key.length !== KEY_BYTES) throw new Error(`encryption key "${key.id}" must be ${KEY_BYTES} bytes`);
  return key.key;
}
