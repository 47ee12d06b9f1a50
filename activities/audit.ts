// Status transitions: the integrations row mirrors the workflow for listings, and each transition
// is one audit event. Both are written in one transaction, and the audit event's idempotency key
// (workflow run + activity id) makes a retried activity a no-op instead of a duplicate.
import { Context } from '@temporalio/activity';
import type { Db } from '../lib/db/client';
import type { Actor, OnboardingStatus, Prerequisites } from '../workflows/onboarding/types';

export interface TransitionInput {
  partnerId: string;
  tenantId: string;
  contactEmail: string;
  prerequisites: Prerequisites;
  actor: Actor;
  action: string;
  from: OnboardingStatus | null;
  to: OnboardingStatus;
  /** Workflow time of the transition, ISO. */
  at: string;
  detail?: Record<string, unknown>;
}

export function createAuditActivities({ db }: { db: Db }) {
  return {
    async recordTransition(input: TransitionInput): Promise<void> {
      const { workflowExecution, activityId } = Context.current().info;
      if (!workflowExecution) throw new Error('recordTransition runs only on behalf of a workflow');
      const idempotencyKey = `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const already = await tx.auditEvent.findUnique({ where: { idempotencyKey }, select: { id: true } });
        if (already) return;
        await tx.partner.upsert({ where: { id: input.partnerId }, create: { id: input.partnerId }, update: {} });
        const mirrored = {
          status: input.to,
          tenantId: input.tenantId,
          contactEmail: input.contactEmail,
          prerequisites: { ...input.prerequisites },
          workflowId: workflowExecution.workflowId,
          workflowRunId: workflowExecution.runId,
          statusChangedAt: at,
        };
        const integration = await tx.integration.upsert({
          where: { partnerId: input.partnerId },
          create: { partnerId: input.partnerId, ...mirrored },
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
            toStatus: input.to,
            detail: (input.detail ?? {}) as object,
            idempotencyKey,
            occurredAt: at,
          },
        });
      });
    },
  };
}
