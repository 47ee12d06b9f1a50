// Everything the sandbox knows: registered apps, tenants with their connections and data, issued
// tokens, recorded writes, faults, the rate limiter and request counts. reset() puts it all back
// to the seed.
import type { SandboxClock } from './clock';
import { FaultInjector } from './faults';
import { SlidingWindowLimiter } from './rate-limit';
import { SEED_APPS, SEED_TENANTS, type AccessMode, type SeedApp, type SeedTenant } from './seed/credentials';
import { buildTenantData } from './seed/build';
import type { TenantData } from './tenant-data';
import { TokenStore } from './tokens';
import { WriteLog } from './writes';

export interface SandboxApp {
  name: string;
  appKey: string;
  scopes: Set<string>;
}

export interface SandboxConnection {
  tenantId: number;
  appKey: string;
  clientId: string;
  clientSecret: string;
  accessMode: AccessMode;
  bookingProviderId?: number;
  /** Secret revoked by the tenant admin: the token endpoint refuses it, issued tokens stop working. */
  credentialsRevoked: boolean;
}

export interface SandboxTenant {
  id: number;
  name: string;
  data: TenantData;
}

export interface RequestStats {
  requests: number;
  throttled: number;
}

export interface SandboxStateOptions {
  /** Replaces the seeded apps and/or tenants (servicetitan/sandbox/seed/credentials.ts). */
  seed?: { apps?: SeedApp[]; tenants?: SeedTenant[] };
  /** ServiceTitan's limit per app per tenant. */
  requestsPerSecond?: number;
  /** Token requests allowed per client per minute (ServiceTitan throttles its token endpoint). */
  tokenRequestsPerMinute?: number;
  /** Items per export-feed response. */
  exportBatchSize?: number;
  faultSeed?: number;
}

export class SandboxState {
  readonly apps = new Map<string, SandboxApp>();
  readonly tenants = new Map<number, SandboxTenant>();
  connections: SandboxConnection[] = [];
  readonly tokens = new TokenStore();
  readonly writes = new WriteLog();
  readonly faults: FaultInjector;
  readonly limiter: SlidingWindowLimiter;
  readonly tokenLimiter: SlidingWindowLimiter;
  readonly stats = new Map<string, RequestStats>();
  readonly exportBatchSize: number;
  private readonly seedApps: SeedApp[];
  private readonly seedTenants: SeedTenant[];

  constructor(
    readonly clock: SandboxClock,
    options: SandboxStateOptions = {},
  ) {
    this.seedApps = options.seed?.apps ?? SEED_APPS;
    this.seedTenants = options.seed?.tenants ?? SEED_TENANTS;
    this.limiter = new SlidingWindowLimiter(options.requestsPerSecond ?? 60, 1000);
    this.tokenLimiter = new SlidingWindowLimiter(options.tokenRequestsPerMinute ?? 60, 60_000);
    this.exportBatchSize = options.exportBatchSize ?? 500;
    this.faults = new FaultInjector(options.faultSeed);
    this.reset();
  }

  reset(): void {
    this.apps.clear();
    for (const app of this.seedApps) this.apps.set(app.appKey, { name: app.name, appKey: app.appKey, scopes: new Set(app.scopes) });
    this.tenants.clear();
    const now = this.clock.now();
    for (const tenant of this.seedTenants) this.tenants.set(tenant.id, { id: tenant.id, name: tenant.name, data: buildTenantData(tenant, now) });
    this.connections = this.seedTenants.flatMap((t) => t.connections.map((c) => ({ ...c, tenantId: t.id, credentialsRevoked: false })));
    this.tokens.clear();
    this.writes.clear();
    this.faults.clear();
    this.limiter.clear();
    this.tokenLimiter.clear();
    this.stats.clear();
  }

  connectionByClientId(clientId: string): SandboxConnection | undefined {
    return this.connections.find((c) => c.clientId === clientId);
  }

  /** Counts a request for an app and tenant (GET /__sandbox/stats). */
  count(appKey: string, tenantId: number, throttled: boolean): void {
    const app = this.apps.get(appKey)?.name ?? 'unknown app';
    const key = `${tenantId} ${app}`;
    const entry = this.stats.get(key) ?? { requests: 0, throttled: 0 };
    entry.requests += 1;
    if (throttled) entry.throttled += 1;
    this.stats.set(key, entry);
  }
}
