// The staff side of "one ServiceTitan tenant, one owner": for each listed integration, the other
// partners holding the same tenant (staff only; a partner's own state never names them).
import { TENANT_HOLDING_STATUSES } from '../activities/onboarding/tenant-conflicts';
import type { Db } from '../lib/db/client';
import type { Integration } from '../prisma/generated/client';

export interface TenantConflictListing {
  /** The workflow's last tenant check found another partner on this tenant. */
  flagged: boolean;
  /** The staff decision that lets it share the tenant (null: going live is refused until then). */
  sharedTenantAllowedBy: string | null;
  sharedTenantAllowedAt: string | null;
  /** Every other partner whose integration holds the tenant now, and its status. */
  otherPartners: { partnerId: string; status: string }[];
}

type Row = Pick<Integration, 'partnerId' | 'tenantId' | 'status' | 'tenantConflict' | 'sharedTenantAllowedBy' | 'sharedTenantAllowedAt'>;

/** Keyed by partner id; integrations that share their tenant with nobody and were never flagged are absent. */
export async function tenantConflictsOf(db: Db, rows: Row[]): Promise<Map<string, TenantConflictListing>> {
  const tenantIds = [...new Set(rows.map((r) => r.tenantId))];
  const holders =
    tenantIds.length === 0
      ? []
      : await db.integration.findMany({
          where: { tenantId: { in: tenantIds }, status: { in: [...TENANT_HOLDING_STATUSES] } },
          select: { partnerId: true, tenantId: true, status: true },
          orderBy: { createdAt: 'asc' },
        });
  const listing = new Map<string, TenantConflictListing>();
  for (const row of rows) {
    const otherPartners = holders
      .filter((h) => h.tenantId === row.tenantId && h.partnerId !== row.partnerId)
      .map((h) => ({ partnerId: h.partnerId, status: h.status }));
    const holding = (TENANT_HOLDING_STATUSES as readonly string[]).includes(row.status);
    if (!row.tenantConflict && !(holding && otherPartners.length > 0)) continue;
    listing.set(row.partnerId, {
      flagged: row.tenantConflict,
      sharedTenantAllowedBy: row.sharedTenantAllowedBy,
      sharedTenantAllowedAt: row.sharedTenantAllowedAt?.toISOString() ?? null,
      otherPartners,
    });
  }
  return listing;
}
