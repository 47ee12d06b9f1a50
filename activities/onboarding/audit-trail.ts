// The audit trail of onboarding: every transition and step is one audit event, and on a
// transition the integrations row (which mirrors the workflow for listings) follows in the same
// transaction. The event's idempotency key (workflow run + activity id) makes a retried activity
// a no-op instead of a duplicate. The event carries the state as it is after it, which becomes
// the read model's snapshot (api/read-model.ts) in the same transaction.
import { Context } from '@temporalio/activity';
import { activityIdempotencyKey } from '../idempotency';
import { guardGoLive } from './tenant-conflicts';
import type { Db } from '../../lib/db/client';
import type { Prisma } from '../../prisma/generated/client';
import type { AuditEvent, StateSnapshot } from '../../workflows/onboarding/types';

/** Writes the partner's state snapshot unless a newer one is already there (a late retry). */
async function writeSnapshot(tx: Prisma.TransactionClient, partnerId: string, { state, versionAt, versionSeq }: StateSnapshot): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "integration_states" ("partner_id", "state", "version_at", "version_seq")
    VALUES (${partnerId}, ${JSON.stringify(state)}::jsonb, ${new Date(versionAt)}, ${versionSeq})
    ON CONFLICT ("partner_id") DO UPDATE
      SET "state" = EXCLUDED."state", "version_at" = EXCLUDED."version_at", "version_seq" = EXCLUDED."version_seq", "updated_at" = CURRENT_TIMESTAMP
      WHERE ("integration_states"."version_at", "integration_states"."version_seq") <= (EXCLUDED."version_at", EXCLUDED."version_seq")`;
}

export function createAuditTrailActivities({ db }: { db: Db }) {
  return {
    async recordOnboardingEvent(input: AuditEvent): Promise<void> {
      const idempotencyKey = activityIdempotencyKey(); // also checks this runs for a workflow
      const workflowExecution = Context.current().info.workflowExecution!;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const already = await tx.auditEvent.findUnique({ where: { idempotencyKey }, select: { id: true } });
        if (already) return;
        await tx.partner.upsert({ where: { id: input.partnerId }, create: { id: input.partnerId }, update: {} });
        const previous = await tx.integration.findUnique({ where: { partnerId: input.partnerId }, select: { status: true, sharedTenantAllowedAt: true } });
        const fresh = input.from === null;
        const goingLive =
          (input.to === 'ACTIVE' || input.to === 'NEEDS_ATTENTION') &&
          !(previous && !fresh && (previous.status === 'ACTIVE' || previous.status === 'NEEDS_ATTENTION'));
        if (goingLive) {
          const allowed = input.tenant?.allowedAt !== undefined || (!fresh && previous?.sharedTenantAllowedAt != null);
          await guardGoLive(tx, { partnerId: input.partnerId, tenantId: input.tenantId, sharedTenantAllowed: allowed });
        }
        const mirrored = {
          ...(input.to ? { status: input.to, statusChangedAt: at } : {}),
          tenantId: input.tenantId,
          contactEmail: input.contactEmail,
          prerequisites: { ...input.prerequisites },
          workflowId: workflowExecution.workflowId,
          workflowRunId: workflowExecution.runId,
          // A new application (after a rejection, expiry or disconnect) starts from a clean slate.
          // A new application also needs its own tenant check and staff decision.
          ...(input.from === null
            ? { activatedAt: null, disconnectedAt: null, tenantConflict: false, sharedTenantAllowedBy: null, sharedTenantAllowedAt: null }
            : {}),
          ...(input.tenant
            ? {
                tenantConflict: input.tenant.conflict,
                ...(input.tenant.allowedAt
                  ? { sharedTenantAllowedBy: input.tenant.allowedBy ?? null, sharedTenantAllowedAt: new Date(input.tenant.allowedAt) }
                  : {}),
              }
            : {}),
          ...(input.to === 'ACTIVE' ? { activatedAt: at } : {}),
          ...(input.to === 'DISCONNECTED' ? { disconnectedAt: at } : {}),
        };
        const integration = await tx.integration.upsert({
          where: { partnerId: input.partnerId },
          // The first event of a run is its start, which always names the status.
          create: { partnerId: input.partnerId, status: input.to ?? 'AWAITING_REVIEW', ...mirrored },
          update: mirrored,
        });
        await tx.auditEvent.create({
          data: {
            partnerId: input.partnerId,
            integrationId: integration.id,
            actorType: input.actor.type,
            actorId: input.actor.id,
            action: input.action,
            fromStatus: input.from,
            toStatus: input.to ?? null,
            detail: (input.detail ?? {}) as object,
            idempotencyKey,
            occurredAt: at,
          },
        });
        if (fresh) await tx.syncChildHealth.deleteMany({ where: { partnerId: input.partnerId } }); // a new application has no sync yet
        if (input.snapshot) await writeSnapshot(tx, input.partnerId, input.snapshot);
      });
    },
  };
}
