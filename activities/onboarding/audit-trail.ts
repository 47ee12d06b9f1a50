// The audit trail of onboarding: every transition and step is one audit event, and on a
// transition the integrations row (which mirrors the workflow for listings) follows in the same
// transaction. The event's idempotency key (workflow run + activity id) makes a retried activity
// a no-op instead of a duplicate. The event carries the state as it is after it, which becomes
// the read model's snapshot (api/read-model.ts) in the same transaction.
import { Context } from '@temporalio/activity';
import { activityIdempotencyKey } from '../idempotency';
import { guardGoLive } from './tenant-conflicts';
import type { Db } from '../../lib/db/client';
import { Prisma } from '../../prisma/generated/client';
import type { AuditEvent, StateSnapshot } from '../../workflows/onboarding/types';

/** An insert into integration_states keeps the newer snapshot: a late retry never overwrites one. */
const NEWER_SNAPSHOT_WINS = Prisma.sql`
  ON CONFLICT ("partner_id") DO UPDATE
    SET "state" = EXCLUDED."state", "version_at" = EXCLUDED."version_at", "version_seq" = EXCLUDED."version_seq", "updated_at" = CURRENT_TIMESTAMP
    WHERE ("integration_states"."version_at", "integration_states"."version_seq") <= (EXCLUDED."version_at", EXCLUDED."version_seq")`;

/** Writes the partner's state snapshot unless a newer one is already there (a late retry). */
async function writeSnapshot(tx: Prisma.TransactionClient, partnerId: string, { state, versionAt, versionSeq }: StateSnapshot): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "integration_states" ("partner_id", "state", "version_at", "version_seq")
    VALUES (${partnerId}, ${JSON.stringify(state)}::jsonb, ${new Date(versionAt)}, ${versionSeq})
    ${NEWER_SNAPSHOT_WINS}`;
}

/**
 * An event that changes nothing the integrations row mirrors (no status, no tenant decision, not
 * a start: a step verified, a reminder sent...), in one statement instead of a transaction of
 * seven: the event (once, by its idempotency key), the run id the row mirrors, and the snapshot.
 * Most events are of this kind, several per configuration step. Answers false when the partner
 * has no integrations row yet, which only the full path creates.
 */
export async function recordPlainEvent(db: Db, input: AuditEvent, idempotencyKey: string, runId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ integrations: bigint }[]>`
    WITH integration AS (
      SELECT "id" FROM "integrations" WHERE "partner_id" = ${input.partnerId}
    ), ${plainEventWrites(input, idempotencyKey, runId)}
    SELECT count(*) AS integrations FROM integration`;
  return Number(rows[0]?.integrations ?? 0) > 0;
}

/**
 * recordPlainEvent's writes, as data-modifying CTEs of a statement whose `integration` CTE holds
 * the partner's integration id (none: nothing is written); a configuration step's save adds them
 * to its own (configuration.ts).
 */
export function plainEventWrites(input: AuditEvent, idempotencyKey: string, runId: string): Prisma.Sql {
  const snapshot = input.snapshot;
  return Prisma.sql`run AS (
      UPDATE "integrations" SET "workflow_run_id" = ${runId}
      WHERE "partner_id" = ${input.partnerId} AND "workflow_run_id" IS DISTINCT FROM ${runId}
    ), event AS (
      INSERT INTO "audit_events" ("partner_id", "integration_id", "actor_type", "actor_id", "action", "from_status", "to_status", "detail", "idempotency_key", "occurred_at")
      SELECT ${input.partnerId}, integration."id", ${input.actor.type}::"ActorType", ${input.actor.id}, ${input.action},
             ${input.from}::"IntegrationStatus", NULL, ${JSON.stringify(input.detail ?? {})}::jsonb, ${idempotencyKey}, ${new Date(input.at)}
      FROM integration
      ON CONFLICT ("idempotency_key") DO NOTHING
      RETURNING "id"
    ), state AS (
      INSERT INTO "integration_states" ("partner_id", "state", "version_at", "version_seq")
      SELECT ${input.partnerId}, ${snapshot ? JSON.stringify(snapshot.state) : null}::jsonb, ${snapshot ? new Date(snapshot.versionAt) : null}::timestamptz, ${snapshot?.versionSeq ?? null}::int
      WHERE ${snapshot !== undefined} AND EXISTS (SELECT 1 FROM event)
      ${NEWER_SNAPSHOT_WINS}
    )`;
}

/** True when the event changes nothing the integrations row mirrors but the run id. */
export function isPlain(input: AuditEvent): boolean {
  return input.from !== null && input.to === undefined && input.tenant === undefined;
}

export function createAuditTrailActivities({ db }: { db: Db }) {
  return {
    async recordOnboardingEvent(input: AuditEvent): Promise<void> {
      const idempotencyKey = activityIdempotencyKey(); // also checks this runs for a workflow
      const workflowExecution = Context.current().info.workflowExecution!;
      if (isPlain(input) && (await recordPlainEvent(db, input, idempotencyKey, workflowExecution.runId))) return;
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
