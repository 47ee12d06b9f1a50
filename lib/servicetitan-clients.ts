// Builds ServiceTitan clients for this deployment (environment, hosts, app key from config),
// sharing one token cache per process and one rate limiter: the client's in-process one by
// default, or the one given (lib/pg-rate-limiter.ts, shared by every worker through Postgres).
import { ServiceTitanClient, type Credentials, type RateLimiter, type ServiceTitanMetrics } from '../servicetitan/client';
import { activityLogFields } from './activity-log-context';
import type { Config } from './config';
import type { Logger } from './logger';

/** `signal` aborts the client's calls in flight once it fires (see activities/sync/pass-scope.ts). */
export type ServiceTitanClientFactory = (credentials: Credentials, signal?: AbortSignal) => ServiceTitanClient;

export function serviceTitanClientFactory(
  config: Config['serviceTitan'],
  logger?: Logger,
  rateLimiter?: RateLimiter,
  metrics?: ServiceTitanMetrics,
): ServiceTitanClientFactory {
  return (credentials, signal) =>
    new ServiceTitanClient({
      environment: config.environment,
      authBaseUrl: config.authBaseUrl,
      apiBaseUrl: config.apiBaseUrl,
      appKey: config.appKey,
      credentials,
      rateLimiter,
      signal,
      metrics,
      // Clients are made per activity attempt: their lines name its workflow.
      logger: logger?.child({ component: 'servicetitan', tenantId: credentials.tenantId, ...activityLogFields() }),
    });
}
