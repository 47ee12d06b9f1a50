// One ServiceTitan tenant, one owner: two partners' sync children on the same tenant would
// overwrite each other. These read and guard the integrations mirror, where every partner's
// onboarding status is kept; the workflow decides what a conflict means for its partner.
import { ApplicationFailure } from '@temporalio/activity';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../lib/db/client';
import { TENANT_ALREADY_LIVE } from '../../workflows/failures';
import type { TenantCheckResult } from '../../workflows/onboarding/types';

/** Statuses in which an integration holds its tenant: under review, being set up, or live. */
export const TENANT_HOLDING_STATUSES = ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION'] as const;
const LIVE = ['ACTIVE', 'NEEDS_ATTENTION'] as const;

export function createTenantConflictActivities({ db }: { db: Db }) {
  return {
    /** Other partners whose integration holds this tenant now (ids for staff; the partner never sees them). */
    async findTenantConflicts({ partnerId, tenantId }: { partnerId: string; tenantId: string }): Promise<TenantCheckResult> {
      const rows = await db.integration.findMany({
        where: { tenantId, partnerId: { not: partnerId }, status: { in: [...TENANT_HOLDING_STATUSES] } },
        select: { partnerId: true },
        orderBy: { createdAt: 'asc' },
      });
      return { otherPartnerIds: rows.map((r) => r.partnerId) };
    },
  };
}

/**
 * Inside the transaction that mirrors a transition to live: refuses it (non-retryably, so the
 * workflow can answer the partner) when another partner's integration is live on the tenant and
 * staff have allowed neither to share it. The tenant lock serialises simultaneous go-lives, so
 * the second one sees the first; the partial unique index of the migration is the backstop.
 */
export async function guardGoLive(tx: Prisma.TransactionClient, input: { partnerId: string; tenantId: string; sharedTenantAllowed: boolean }): Promise<void> {
  if (input.sharedTenantAllowed) return;
  await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`integrations.tenant:${input.tenantId}`}, 0))`;
  const live = await tx.integration.count({
    where: { tenantId: input.tenantId, partnerId: { not: input.partnerId }, status: { in: [...LIVE] }, sharedTenantAllowedAt: null },
  });
  if (live > 0) {
    throw ApplicationFailure.nonRetryable('another partner’s integration is live on this ServiceTitan tenant', TENANT_ALREADY_LIVE);
  }
}
