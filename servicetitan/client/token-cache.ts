// Where access tokens live between calls. ServiceTitan throttles its token endpoint and a token
// is good for 900 s, so every client in a process shares one cache by default. An interface, so
// a cross-process cache can replace it.
export interface AccessToken {
  value: string;
  /** Epoch milliseconds after which ServiceTitan no longer accepts the token. */
  expiresAt: number;
}

export interface TokenCache {
  get(key: string): Promise<AccessToken | undefined>;
  set(key: string, token: AccessToken): Promise<void>;
  /** Forget `token` if it is still the cached one (a newer token is left alone). */
  invalidate(key: string, token: string): Promise<void>;
}

export class InMemoryTokenCache implements TokenCache {
  private readonly tokens = new Map<string, AccessToken>();

  async get(key: string): Promise<AccessToken | undefined> {
    return this.tokens.get(key);
  }

  async set(key: string, token: AccessToken): Promise<void> {
    this.tokens.set(key, token);
  }

  async invalidate(key: string, token: string): Promise<void> {
    if (this.tokens.get(key)?.value === token) this.tokens.delete(key);
  }
}

let shared: InMemoryTokenCache | undefined;

/** The process-wide cache clients use unless given another. */
export function sharedTokenCache(): TokenCache {
  shared ??= new InMemoryTokenCache();
  return shared;
}
