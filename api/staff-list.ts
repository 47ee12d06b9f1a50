// One page of the staff list in one SQL query: the integrations in the list's order (oldest
// status change first, then id) after the cursor, each with its partner's name, its sync
// children's health (read model, live integrations only) and the other partners holding its
// ServiceTitan tenant. Keyset pagination on the (status_changed_at, id) indexes: a page costs
// the same wherever it is.
import { z } from 'zod';
import type { Db } from '../lib/db/client';
import { Prisma } from '../prisma/generated/client';
import { ONBOARDING_STATUSES, type OnboardingStatus } from '../workflows/onboarding/types';
import { CHILDREN_JSON, childHealthsOf, type ChildHealthRow } from './read-model';
import { encodeStaffListCursor, type StaffListCursor } from './schemas';
import { syncOverviewOf, syncOverviewSchema } from './sync-overview';
import { HOLDING_STATUSES, tenantConflictListingOf, tenantConflictListingSchema } from './tenant-conflicts';

const staffIntegrationSchema = z
  .object({
    partnerId: z.string(),
    partnerName: z.string().nullable(),
    tenantId: z.string(),
    contactEmail: z.string(),
    status: z.enum(ONBOARDING_STATUSES),
    statusChangedAt: z.iso.datetime(),
    waitingSeconds: z.number().int().meta({ description: 'how long it has been in this status, e.g. waiting for review' }),
    createdAt: z.iso.datetime(),
    sync: syncOverviewSchema
      .optional()
      .meta({ description: "live integrations: health, items ServiceTitan refuses, the latest error, per child (as of each child's last pass)" }),
    tenantConflict: tenantConflictListingSchema.nullable().meta({ description: 'another partner holds the same ServiceTitan tenant (null: nobody else does)' }),
  })
  .meta({ id: 'StaffIntegration' });

export const staffListSchema = z
  .object({
    integrations: z.array(staffIntegrationSchema).meta({ description: 'one page, oldest status change first' }),
    nextCursor: z.string().nullable().meta({ description: 'pass as `cursor` for the next page; null on the last page' }),
    reviewSlaSeconds: z.number().int().meta({
      description: 'how long a request may wait for review (ONBOARDING_REVIEW_SLA_HOURS): an AWAITING_REVIEW integration waiting longer is past its SLA',
    }),
  })
  .meta({ id: 'StaffIntegrationList' });
export type StaffList = z.output<typeof staffListSchema>;

/** A page of the staff list as the API answers it; reviewSlaMs is the configured review SLA. */
export function staffListOf({ rows, next }: { rows: StaffListRow[]; next: StaffListCursor | null }, now: number, reviewSlaMs: number): StaffList {
  return {
    integrations: rows.map((r) => ({
      partnerId: r.partnerId,
      partnerName: r.partnerName,
      tenantId: r.tenantId,
      contactEmail: r.contactEmail,
      status: r.status,
      statusChangedAt: r.statusChangedAt.toISOString(),
      waitingSeconds: Math.floor((now - r.statusChangedAt.getTime()) / 1000),
      createdAt: r.createdAt.toISOString(),
      ...(r.status === 'ACTIVE' || r.status === 'NEEDS_ATTENTION' ? { sync: syncOverviewOf(r.status, childHealthsOf(r.children ?? [])) } : {}),
      tenantConflict: tenantConflictListingOf(r, r.otherPartners ?? []),
    })),
    nextCursor: next ? encodeStaffListCursor(next) : null,
    reviewSlaSeconds: Math.round(reviewSlaMs / 1000),
  };
}

export interface StaffListRow {
  id: string;
  partnerId: string;
  partnerName: string | null;
  tenantId: string;
  contactEmail: string;
  status: OnboardingStatus;
  statusChangedAt: Date;
  createdAt: Date;
  tenantConflict: boolean;
  sharedTenantAllowedBy: string | null;
  sharedTenantAllowedAt: Date | null;
  children: ChildHealthRow[] | null;
  otherPartners: { partnerId: string; status: string }[] | null;
}

export async function readStaffListPage(
  db: Db,
  { status, limit, cursor }: { status?: OnboardingStatus; limit: number; cursor?: StaffListCursor },
): Promise<{ rows: StaffListRow[]; next: StaffListCursor | null }> {
  const conditions = [
    ...(status ? [Prisma.sql`i."status" = ${status}::"IntegrationStatus"`] : []),
    ...(cursor ? [Prisma.sql`(i."status_changed_at", i."id") > (${cursor.statusChangedAt}, ${cursor.id}::uuid)`] : []),
  ];
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const found = await db.$queryRaw<StaffListRow[]>`
    SELECT i."id"::text AS "id", i."partner_id" AS "partnerId", p."name" AS "partnerName", i."tenant_id" AS "tenantId",
           i."contact_email" AS "contactEmail", i."status"::text AS "status", i."status_changed_at" AS "statusChangedAt",
           i."created_at" AS "createdAt", i."tenant_conflict" AS "tenantConflict",
           i."shared_tenant_allowed_by" AS "sharedTenantAllowedBy", i."shared_tenant_allowed_at" AS "sharedTenantAllowedAt",
           CASE WHEN i."status" IN ('ACTIVE', 'NEEDS_ATTENTION') THEN
             (SELECT ${Prisma.raw(CHILDREN_JSON)} FROM "sync_child_health" h WHERE h."partner_id" = i."partner_id")
           END AS "children",
           (SELECT json_agg(json_build_object('partnerId', o."partner_id", 'status', o."status") ORDER BY o."created_at")
              FROM "integrations" o
             WHERE o."tenant_id" = i."tenant_id" AND o."partner_id" <> i."partner_id" AND o."status"::text = ANY(${[...HOLDING_STATUSES]}::text[])) AS "otherPartners"
      FROM "integrations" i JOIN "partners" p ON p."id" = i."partner_id"
      ${where}
     ORDER BY i."status_changed_at", i."id"
     LIMIT ${limit + 1}`;
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return { rows, next: found.length > limit && last ? { statusChangedAt: last.statusChangedAt, id: last.id } : null };
}
