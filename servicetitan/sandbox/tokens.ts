// Access tokens the sandbox has issued: opaque, 900 seconds on the sandbox clock, revocable.
import { randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 900;

export interface IssuedToken {
  value: string;
  tenantId: number;
  clientId: string;
  appKey: string;
  expiresAt: number;
  revoked: boolean;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(grant: { tenantId: number; clientId: string; appKey: string }, now: number): IssuedToken {
    // Expired tokens are dropped as new ones are issued, so the map stays small.
    for (const [value, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(value);
    const token: IssuedToken = { ...grant, value: randomBytes(32).toString('base64url'), expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000, revoked: false };
    this.tokens.set(token.value, token);
    return token;
  }

  find(value: string): IssuedToken | undefined {
    return this.tokens.get(value);
  }

  /** Revokes every token issued to a client; returns how many. */
  revokeFor(clientId: string): number {
    let count = 0;
    for (const token of this.tokens.values()) {
      if (token.clientId === clientId && !token.revoked) {
        token.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  clear(): void {
    this.tokens.clear();
  }

  /** Unexpired tokens, for saving the sandbox's state: a restart does not log our service out. */
  dump(now: number): IssuedToken[] {
    return [...this.tokens.values()].filter((t) => t.expiresAt > now).map((t) => ({ ...t }));
  }

  load(tokens: IssuedToken[]): void {
    this.tokens.clear();
    for (const token of tokens) this.tokens.set(token.value, { ...token });
  }
}
