// The staff side of "one ServiceTitan tenant, one owner": for a listed integration, the other
// partners holding the same tenant (staff only; a partner's own state never names them).
import { z } from 'zod';
import { TENANT_HOLDING_STATUSES } from '../activities/onboarding/tenant-conflicts';

export const tenantConflictListingSchema = z
  .object({
    flagged: z.boolean().meta({ description: "the workflow's last tenant check found another partner on this tenant" }),
    sharedTenantAllowedBy: z
      .string()
      .nullable()
      .meta({ description: 'the staff decision that lets it share the tenant (null: going live is refused until then)' }),
    sharedTenantAllowedAt: z.iso.datetime().nullable(),
    otherPartners: z
      .array(z.object({ partnerId: z.string(), status: z.string() }))
      .meta({ description: 'every other partner whose integration holds the tenant now, and its status' }),
  })
  .meta({ id: 'TenantConflictListing' });
export type TenantConflictListing = z.output<typeof tenantConflictListingSchema>;

interface Row {
  status: string;
  tenantConflict: boolean;
  sharedTenantAllowedBy: string | null;
  sharedTenantAllowedAt: Date | null;
}

/** Statuses in which an integration holds its ServiceTitan tenant (the staff list's query looks for those). */
export const HOLDING_STATUSES: readonly string[] = TENANT_HOLDING_STATUSES;

/** The listing of an integration, given the other partners holding its tenant; null when it shares with nobody and was never flagged. */
export function tenantConflictListingOf(row: Row, otherPartners: { partnerId: string; status: string }[]): TenantConflictListing | null {
  const holding = HOLDING_STATUSES.includes(row.status);
  if (!row.tenantConflict && !(holding && otherPartners.length > 0)) return null;
  return {
    flagged: row.tenantConflict,
    sharedTenantAllowedBy: row.sharedTenantAllowedBy,
    sharedTenantAllowedAt: row.sharedTenantAllowedAt?.toISOString() ?? null,
    otherPartners,
  };
}
