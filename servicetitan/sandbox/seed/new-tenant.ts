// Tenants made on request (POST /__sandbox/tenants), so load tests and benchmarks onboard partners
// on distinct tenants as in production: a tenant with a profile's catalogs (like the seeded ones),
// SmartAC's app connected with a fresh Client ID and Secret, and N bulk service locations. Ids
// follow the tenants already there: a new tenant id above every other, and a new block of record
// ids so records never collide across tenants.
import { randomBytes } from 'node:crypto';
import { TenantData } from '../tenant-data';
import type { SandboxConnection, SandboxState } from '../state';
import { addBulkLocations } from './bulk-locations';
import { seedCatalogs } from './catalogs';
import { SMARTAC_APP, type AccessMode, type SeedTenant } from './credentials';
import { DAY, iso } from './helpers';
import { PROFILES } from './profiles';

/** Record ids of one tenant fit in a block this big (100,000 locations take 200,000 ids). */
const ID_BLOCK = 1_000_000;
/** Created tenants get ids from here on, clear of the seeded 555xxxx ones. */
const FIRST_CREATED_TENANT_ID = 6_000_001;

export interface NewTenantRequest {
  name?: string;
  profile: SeedTenant['profile'];
  /** Bulk service locations (each with its customer), Comfort Credits set to `comfortCredits` when given. */
  locations: number;
  comfortCredits?: number;
  accessMode: AccessMode;
}

export interface CreatedTenant {
  tenantId: number;
  name: string;
  profile: SeedTenant['profile'];
  appKey: string;
  clientId: string;
  clientSecret: string;
  accessMode: AccessMode;
  bookingProviderId: number | null;
  locationCount: number;
}

export function createTenant(state: SandboxState, request: NewTenantRequest): CreatedTenant {
  const tenants = [...state.tenants.values()];
  const tenantId = Math.max(FIRST_CREATED_TENANT_ID - 1, ...tenants.map((t) => t.id)) + 1;
  // integrationUserId is idBase + 1: the next free block starts above the highest one in use.
  const idBase = (Math.max(0, ...tenants.map((t) => Math.floor((t.data.integrationUserId - 1) / ID_BLOCK))) + 1) * ID_BLOCK;
  const name = request.name ?? `Benchmark Air ${tenantId}`;
  const seed: SeedTenant = { id: tenantId, idBase, name, profile: request.profile, connections: [] };
  const profile = PROFILES[request.profile];
  const now = state.clock.now();
  const data = new TenantData(tenantId, name, idBase, profile.utcOffsetHours);
  seedCatalogs(data, seed, profile, iso(Math.floor((now - 400 * DAY) / 1000) * 1000));

  const comfortField = data.locationCustomFieldTypes.all().find((f) => f.name === 'Comfort Credits');
  const customFields = request.comfortCredits !== undefined && comfortField ? [{ typeId: comfortField.id, value: String(request.comfortCredits) }] : [];
  const locationIds = request.locations > 0 ? addBulkLocations(data, { count: request.locations, customFields }, now) : [];

  const key = `t${tenantId}`;
  const bookingProviderId = request.accessMode === 'booking_provider' ? data.bookingProviderTags.all()[0]?.id : undefined;
  const connection: SandboxConnection = {
    tenantId,
    appKey: SMARTAC_APP.appKey,
    clientId: `cid.sandbox.${key}`,
    clientSecret: `cs1.sandbox.${key}.${randomBytes(6).toString('hex')}`,
    accessMode: request.accessMode,
    ...(bookingProviderId === undefined ? {} : { bookingProviderId }),
    credentialsRevoked: false,
  };
  state.tenants.set(tenantId, { id: tenantId, name, data });
  state.connections.push(connection);
  return {
    tenantId,
    name,
    profile: request.profile,
    appKey: connection.appKey,
    clientId: connection.clientId,
    clientSecret: connection.clientSecret,
    accessMode: connection.accessMode,
    bookingProviderId: bookingProviderId ?? null,
    locationCount: locationIds.length,
  };
}
