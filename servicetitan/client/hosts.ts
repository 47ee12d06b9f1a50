// ServiceTitan's hosts per environment. Credentials and tokens are environment specific; the
// app key is not.
export type ServiceTitanEnvironment = 'integration' | 'production';

export const SERVICETITAN_HOSTS: Record<ServiceTitanEnvironment, { auth: string; api: string }> = {
  integration: { auth: 'https://auth-integration.servicetitan.io', api: 'https://api-integration.servicetitan.io' },
  production: { auth: 'https://auth.servicetitan.io', api: 'https://api.servicetitan.io' },
};
