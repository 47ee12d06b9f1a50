// The audit trail of onboarding: every transition and step is one audit event, and on a
// transition the integrations row (which mirrors the workflow for listings) follows in the same
// transaction. The event's idempotency key (workflow run + activity id) makes a retried activity
// a no-op instead of a duplicate.
import { Context } from '@temporalio/activity';
import { activityIdempotencyKey } from './idempotency';
import type { Db } from '../lib/db/client';
import type { OnboardingEvent } from '../workflows/onboarding/types';

export function createOnboardingEventActivities({ db }: { db: Db }) {
  return {
    async recordOnboardingEvent(input: OnboardingEvent): Promise<void> {
      const idempotencyKey = activityIdempotencyKey(); // also checks this runs for a workflow
      const workflowExecution = Context.current().info.workflowExecution!;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const already = await tx.auditEvent.findUnique({ where: { idempotencyKey }, select: { id: true } });
        if (already) return;
        await tx.partner.upsert({ where: { id: input.partnerId }, create: { id: input.partnerId }, update: {} });
        const mirrored = {
          ...(input.to ? { status: input.to, statusChangedAt: at } : {}),
          tenantId: input.tenantId,
          contactEmail: input.contactEmail,
          prerequisites: { ...input.prerequisites },
          workflowId: workflowExecution.workflowId,
          workflowRunId: workflowExecution.runId,
          // A new application (after a rejection, expiry or disconnect) starts from a clean slate.
          ...(input.from === null ? { activatedAt: null, disconnectedAt: null } : {}),
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
      });
    },
  };
}
