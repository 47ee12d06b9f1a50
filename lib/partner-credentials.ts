// A partner's ServiceTitan Client ID and Secret at rest: the secret stays sealed with AES-256-GCM
// (lib/crypto/secrets.ts) from the API request to the database, bound to the partner by the
// additional authenticated data, and is opened only in memory to make a ServiceTitan client.
import { openSecret, type EncryptionKey, type SealedSecret } from './crypto/secrets';
import type { Db } from './db/client';
import type { ServiceTitanClientFactory } from './servicetitan-clients';
import type { ServiceTitanClient } from '../servicetitan/client';

/** Binds a sealed Client Secret to one partner: it cannot be replayed for another. */
export function clientSecretAad(partnerId: string): string {
  return `servicetitan-client-secret:${partnerId}`;
}

export class PartnerCredentialsMissingError extends Error {
  constructor(partnerId: string) {
    super(`partner ${partnerId} has no ServiceTitan credentials`);
    this.name = 'PartnerCredentialsMissingError';
  }
}

export class PartnerCredentials {
  constructor(
    private readonly db: Db,
    private readonly keys: EncryptionKey[],
    private readonly clients: ServiceTitanClientFactory,
  ) {}

  /** A client for the given (not yet stored) credentials. */
  clientForSealed(partnerId: string, tenantId: string, clientId: string, sealed: SealedSecret, signal?: AbortSignal): ServiceTitanClient {
    return this.clients({ tenantId, clientId, clientSecret: openSecret(sealed, this.keys, clientSecretAad(partnerId)) }, signal);
  }

  /** A client with the partner's stored credentials; `signal` aborts its calls in flight. */
  async clientFor(partnerId: string, signal?: AbortSignal): Promise<ServiceTitanClient> {
    const integration = await this.db.integration.findUnique({ where: { partnerId }, include: { credential: true } });
    const credential = integration?.credential;
    if (!integration || !credential) throw new PartnerCredentialsMissingError(partnerId);
    const sealed: SealedSecret = {
      keyId: credential.keyId,
      iv: Buffer.from(credential.secretIv).toString('base64'),
      tag: Buffer.from(credential.secretAuthTag).toString('base64'),
      ciphertext: Buffer.from(credential.secretCiphertext).toString('base64'),
    };
    return this.clientForSealed(partnerId, integration.tenantId, credential.clientId, sealed, signal);
  }

  async save(partnerId: string, clientId: string, sealed: SealedSecret): Promise<void> {
    const integration = await this.db.integration.findUniqueOrThrow({ where: { partnerId }, select: { id: true } });
    const columns = {
      clientId,
      keyId: sealed.keyId,
      secretIv: Buffer.from(sealed.iv, 'base64'),
      secretAuthTag: Buffer.from(sealed.tag, 'base64'),
      secretCiphertext: Buffer.from(sealed.ciphertext, 'base64'),
      verifiedAt: new Date(),
    };
    await this.db.serviceTitanCredential.upsert({
      where: { integrationId: integration.id },
      create: { integrationId: integration.id, ...columns },
      update: columns,
    });
  }

  async destroy(partnerId: string): Promise<void> {
    await this.db.serviceTitanCredential.deleteMany({ where: { integration: { partnerId } } });
  }
}
