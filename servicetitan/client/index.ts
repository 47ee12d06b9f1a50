// Public surface of the ServiceTitan client.
export { ServiceTitanClient, type ServiceTitanClientOptions, type CustomFieldValue, type AccessReport } from './client';
export * from './errors';
export { SERVICETITAN_HOSTS, type ServiceTitanEnvironment } from './hosts';
export type { ServiceTitanLogger } from './logger';
export type { ServiceTitanMetrics } from './metrics';
export { PagedList, ExportFeed, type Page, type ExportBatch } from './paging';
export { TokenBucketRateLimiter, sharedRateLimiter, rateLimitKey, type RateLimiter, type TokenBucketOptions } from './rate-limiter';
export { InMemoryTokenCache, sharedTokenCache, type TokenCache, type AccessToken } from './token-cache';
export type { Credentials } from './token-provider';
export type { FetchLike } from './transport';
export type * from './types';
