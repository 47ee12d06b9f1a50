// What the client reports for metrics, to whichever meter its user has (the worker's is the
// Temporal SDK's, lib/metrics/worker-metrics.ts). Tenant ids only: never keys or secrets.
export interface ServiceTitanMetrics {
  /** One API attempt answered with `status`, or failed unanswered (network, timeout): undefined. */
  answered(tenantId: string, status: number | undefined): void;
  /** Time a call waited for the tenant's rate limiter before it could be sent. */
  limiterWaited(tenantId: string, ms: number): void;
}

export const noMetrics: ServiceTitanMetrics = {
  answered: () => undefined,
  limiterWaited: () => undefined,
};
