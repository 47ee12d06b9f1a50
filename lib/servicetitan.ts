// Builds ServiceTitan clients for this deployment (environment, hosts, app key from config),
// sharing one token cache per process and one rate limiter: the client's in-process one by
// default, or the one given (lib/pg-rate-limiter.ts, shared by every worker through Postgres).
import { ServiceTitanClient, type Credentials, type RateLimiter } from '../servicetitan/client';
import type { Config } from './config';
import type { Logger } from './logger';

export type ServiceTitanClientFactory = (credentials: Credentials) => ServiceTitanClient;

export function serviceTitanClientFactory(config: Config['serviceTitan'], logger?: Logger, rateLimiter?: RateLimiter): ServiceTitanClientFactory {
  return (credentials) =>
    new ServiceTitanClient({
      environment: config.environment,
      authBaseUrl: config.authBaseUrl,
      apiBaseUrl: config.apiBaseUrl,
      appKey: config.appKey,
      credentials,
      rateLimiter,
      logger: logger?.child({ component: 'servicetitan', tenantId: credentials.tenantId }),
    });
}
