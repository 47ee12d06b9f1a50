// Builds one seeded tenant: its catalogs, then its customers and jobs. Deterministic: the same
// tenant and the same "now" give the same records and ids.
import { SeededRandom } from '../random';
import { TenantData } from '../tenant-data';
import { seedCatalogs } from './catalogs';
import type { SeedTenant } from './credentials';
import { seedCustomersAndJobs } from './customers-and-jobs';
import { DAY, iso } from './helpers';
import { PROFILES } from './profiles';

export function buildTenantData(tenant: SeedTenant, now: number): TenantData {
  const profile = PROFILES[tenant.profile];
  const data = new TenantData(tenant.id, tenant.name, tenant.idBase, profile.utcOffsetHours);
  // Catalogs were set up a while ago; times are whole seconds like ServiceTitan's.
  const setupAt = iso(Math.floor((now - 400 * DAY) / 1000) * 1000);
  const catalogs = seedCatalogs(data, tenant, profile, setupAt);
  seedCustomersAndJobs(data, profile, catalogs, new SeededRandom(profile.seed), now);
  return data;
}
