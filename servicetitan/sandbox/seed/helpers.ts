// Small helpers the seed generator shares.
import type { CustomerRow } from '../records';
import type { SeededRandom } from '../random';
import type { TenantProfile } from './profiles';

export const DAY = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A profile that names a record it does not define is a bug in the profile. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed profile refers to a missing ${what}`);
  return value;
}

export function randomAddress(random: SeededRandom, profile: TenantProfile): CustomerRow['address'] {
  const city = random.pick(profile.area.cities);
  return {
    street: `${random.int(100, 9899)} ${random.pick(profile.area.streets)}`,
    unit: null,
    city: city.name,
    state: profile.area.state,
    zip: city.zip,
    country: 'USA',
  };
}

/** Epoch ms of the contractor's local midnight today. */
export function localDayStart(now: number, utcOffsetHours: number): number {
  const local = new Date(now + utcOffsetHours * 3_600_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - utcOffsetHours * 3_600_000;
}
