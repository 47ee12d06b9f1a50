import { buildTenantData } from '../../../../servicetitan/sandbox/seed/build';
import { DESERT_SUN_BOOKING_PROVIDER_ID, SEED_TENANTS, SEED_TENANT_IDS } from '../../../../servicetitan/sandbox/seed/credentials';
import { TABLE_NAMES, type TenantData } from '../../../../servicetitan/sandbox/tenant-data';

const NOW = Date.parse('2025-06-02T15:30:00Z');
const DAY = 86_400_000;
const tenant = (id: number) => {
  const found = SEED_TENANTS.find((t) => t.id === id);
  if (!found) throw new Error(`no tenant ${id}`);
  return found;
};
const dump = (data: TenantData) => Object.fromEntries(TABLE_NAMES.map((name) => [name, data[name].all()]));

describe('sandbox seed data', () => {
  const hvac = buildTenantData(tenant(SEED_TENANT_IDS.hvac), NOW);

  it('is the same for the same clock', () => {
    expect(dump(buildTenantData(tenant(SEED_TENANT_IDS.hvac), NOW))).toEqual(dump(hvac));
  });

  it('never reuses an id across record kinds or tenants', () => {
    const ids = SEED_TENANTS.flatMap((t) => {
      const data = buildTenantData(t, NOW);
      return TABLE_NAMES.flatMap((name) => data[name].all().map((row) => row.id));
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('looks like a residential HVAC contractor', () => {
    const trades = new Set(
      hvac.businessUnits
        .all()
        .filter((b) => b.active)
        .map((b) => b.trade?.name),
    );
    expect(trades).toEqual(new Set(['HVAC', 'Plumbing']));
    expect(hvac.businessUnits.all().map((b) => b.name)).toEqual(expect.arrayContaining(['HVAC - Service', 'HVAC - Install', 'Plumbing - Service']));
    expect(hvac.jobTypes.all().every((jt) => jt.duration > 0 && jt.businessUnitIds.length > 0)).toBe(true);
    expect(hvac.locationCustomFieldTypes.all().find((f) => f.name === 'Comfort Credits')?.dataType).toBe('Numeric');
    expect(hvac.membershipTypes.all().filter((m) => m.active).length).toBeGreaterThanOrEqual(2);
    expect(hvac.services.all().some((s) => !s.active)).toBe(true);
    expect(hvac.campaigns.all().length).toBeGreaterThanOrEqual(4);
    expect(hvac.technicians.all().length).toBeGreaterThanOrEqual(5);
  });

  it('gives customers several service locations and schedules the coming two weeks', () => {
    const perCustomer = new Map<number, number>();
    for (const l of hvac.locations.all()) perCustomer.set(l.customerId, (perCustomer.get(l.customerId) ?? 0) + 1);
    expect(Math.max(...perCustomer.values())).toBeGreaterThanOrEqual(3);
    const upcoming = hvac.appointments.all().filter((a) => Date.parse(a.start) > NOW && Date.parse(a.start) < NOW + 14 * DAY);
    expect(upcoming.length).toBeGreaterThan(30);
    expect(upcoming.every((a) => a.status === 'Scheduled')).toBe(true);
    for (const a of hvac.appointments.all()) expect(hvac.jobs.get(a.jobId)?.firstAppointmentId).toBe(a.id);
  });

  it('gives the second tenant different data, and the restricted one its booking provider', () => {
    const plumbing = buildTenantData(tenant(SEED_TENANT_IDS.plumbing), NOW);
    expect(plumbing.businessUnits.all().map((b) => b.name)).not.toEqual(hvac.businessUnits.all().map((b) => b.name));
    expect(plumbing.customers.all().map((c) => c.address.state)).toEqual(plumbing.customers.all().map(() => 'MN'));
    const restricted = buildTenantData(tenant(SEED_TENANT_IDS.bookingProviderOnly), NOW);
    expect(restricted.bookingProviderTags.get(DESERT_SUN_BOOKING_PROVIDER_ID)?.tagName).toBe('SmartAC.com');
  });
});
