// An integration's audit trail for the staff console: the audit_events rows of the partner (every
// status transition, step, decision and reminder the onboarding workflow recorded, over every
// application of the partner), newest first, a page per request with keyset pagination on the
// (partner_id, occurred_at) index. The rows hold no secrets: the workflow never sees the Client
// Secret (the API seals it), and details carry only ids, names, codes and staff notes.
import { z } from 'zod';
import type { Db } from '../lib/db/client';
import { ONBOARDING_STATUSES } from '../workflows/onboarding/types';
import { encodeAuditCursor, type AuditCursor } from './schemas';

const status = z.enum(ONBOARDING_STATUSES);

const auditEntrySchema = z
  .object({
    id: z.string().meta({ description: 'the event id (increasing)' }),
    at: z.iso.datetime(),
    action: z.string().meta({ description: 'what happened, e.g. onboarding.started, review.approved, configuration.step_verified, credentials.rotated' }),
    actor: z.object({ type: z.enum(['PARTNER', 'STAFF', 'SYSTEM']), id: z.string() }),
    from: status.nullable().meta({ description: 'the status it happened in (null: the start of an application)' }),
    to: status.nullable().meta({ description: 'the status it moved to (null: no transition)' }),
    detail: z.record(z.string(), z.unknown()).meta({ description: 'what it concerned: the step and its resolved names, a code, a note or reason' }),
  })
  .meta({ id: 'AuditEntry' });

export const auditTrailSchema = z
  .object({
    partnerId: z.string(),
    events: z.array(auditEntrySchema).meta({ description: 'one page, newest first' }),
    nextCursor: z.string().nullable().meta({ description: 'pass as `cursor` for older events; null on the last page' }),
    workflowUrl: z
      .string()
      .nullable()
      .meta({ description: "the integration's onboarding workflow in the Temporal UI (TEMPORAL_UI_URL); null when no UI is configured" }),
  })
  .meta({ id: 'AuditTrail' });
export type AuditTrail = z.output<typeof auditTrailSchema>;

/** A page of the partner's audit trail (the route adds the workflow's link); null when the partner has no integration. */
export async function readAuditTrail(
  db: Db,
  partnerId: string,
  { limit, cursor }: { limit: number; cursor?: AuditCursor },
): Promise<Omit<AuditTrail, 'workflowUrl'> | null> {
  const integration = await db.integration.findUnique({ where: { partnerId }, select: { id: true } });
  if (!integration) return null;
  const before = cursor ? { OR: [{ occurredAt: { lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { lt: cursor.id } }] } : {};
  const found = await db.auditEvent.findMany({
    where: { partnerId, ...before },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return {
    partnerId,
    events: rows.map((e) => ({
      id: e.id.toString(),
      at: e.occurredAt.toISOString(),
      action: e.action,
      actor: { type: e.actorType, id: e.actorId },
      from: e.fromStatus,
      to: e.toStatus,
      detail: isRecord(e.detail) ? e.detail : {},
    })),
    nextCursor: found.length > limit && last ? encodeAuditCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
