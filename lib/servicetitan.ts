// Builds ServiceTitan clients for this deployment (environment, hosts, app key from config),
// sharing one token cache and one rate limiter per process, as the client recommends.
import { ServiceTitanClient, type Credentials } from '../servicetitan/client';
import type { Config } from './config';
import type { Logger } from './logger';

export type ServiceTitanClientFactory = (credentials: Credentials) => ServiceTitanClient;

export function serviceTitanClientFactory(config: Config['serviceTitan'], logger?: Logger): ServiceTitanClientFactory {
  return (credentials) =>
    new ServiceTitanClient({
      environment: config.environment,
      authBaseUrl: config.authBaseUrl,
      apiBaseUrl: config.apiBaseUrl,
      appKey: config.appKey,
      credentials,
      logger: logger?.child({ component: 'servicetitan', tenantId: credentials.tenantId }),
    });
}
