// Request schemas of the HTTP API that are not workflow inputs (those live in
// workflows/onboarding/inputs.ts and are used from there).
import { z } from 'zod';
import { partnerId } from '../lib/partner-id';
import { storableText } from '../lib/storable-text';
import { resolveTenantConflict } from '../workflows/onboarding/inputs';
import { ONBOARDING_STATUSES } from '../workflows/onboarding/types';

export const partnerIdParams = z.object({ partnerId });

/** What the partner types in: the secret is sealed by the API before it goes anywhere. */
export const credentialsBody = z.object({ clientId: storableText.trim().min(1).max(200), clientSecret: storableText.min(1).max(500) }).strict();

/**
 * Where a page of the staff list continues: after this (statusChangedAt, id), the list's order.
 * Opaque to callers (base64url JSON); anything else is refused with its path (`query.cursor`).
 */
export interface StaffListCursor {
  statusChangedAt: Date;
  id: string;
}
export function encodeStaffListCursor({ statusChangedAt, id }: StaffListCursor): string {
  return encodeCursor([statusChangedAt.toISOString(), id]);
}

const staffListCursor = opaqueCursor(z.tuple([z.iso.datetime(), z.uuid()])).transform(([at, id]): StaffListCursor => ({ statusChangedAt: new Date(at), id }));

/** A page cursor's text: base64url JSON of the position after which the next page starts. */
function encodeCursor(content: unknown): string {
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** Parses a cursor made by encodeCursor; anything else is refused as not a previous page's nextCursor. */
function opaqueCursor<T>(content: z.ZodType<T>) {
  const notACursor = 'a cursor is the nextCursor of a previous page';
  return z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, notACursor)
    .transform((text, ctx): T => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      const parsed = content.safeParse(decoded);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: notACursor });
        return z.NEVER;
      }
      return parsed.data;
    });
}

export const STAFF_LIST_DEFAULT_LIMIT = 50;
export const STAFF_LIST_MAX_LIMIT = 200;

export const staffListQuery = z
  .object({
    status: z.enum(ONBOARDING_STATUSES).optional(),
    /** Integrations per page. */
    limit: z.coerce.number().int().min(1).max(STAFF_LIST_MAX_LIMIT).default(STAFF_LIST_DEFAULT_LIMIT),
    /** The previous page's nextCursor; absent: the first page. */
    cursor: staffListCursor.optional(),
  })
  .strict();

/** Where a page of an audit trail continues: before this (occurredAt, id), newest first. */
export interface AuditCursor {
  occurredAt: Date;
  id: bigint;
}

export function encodeAuditCursor({ occurredAt, id }: AuditCursor): string {
  return encodeCursor([occurredAt.toISOString(), id.toString()]);
}

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 200;

export const auditQuery = z
  .object({
    /** Events per page. */
    limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(AUDIT_DEFAULT_LIMIT),
    /** The previous page's nextCursor; absent: the newest events. */
    cursor: opaqueCursor(z.tuple([z.iso.datetime(), z.string().regex(/^\d{1,19}$/)]))
      .transform(([at, id]): AuditCursor => ({ occurredAt: new Date(at), id: BigInt(id) }))
      .optional(),
  })
  .strict();

export const staffApproveBody = z.object({ note: storableText.trim().max(2000).optional() }).strict();
export const staffRejectBody = z.object({ reason: storableText.trim().min(1).max(2000) }).strict();
/** The explicit decision that lets a partner share its ServiceTitan tenant with another partner's. */
export const staffTenantConflictBody = resolveTenantConflict.omit({ staffUserId: true });

export const maintenancePlansBody = z
  .object({
    plans: z
      .array(z.object({ id: storableText.min(1).max(100), name: storableText.trim().min(1).max(200), active: z.boolean().default(true) }).strict())
      .max(200),
  })
  .strict()
  .refine((v) => new Set(v.plans.map((p) => p.id)).size === v.plans.length, { message: 'plan ids must be unique', path: ['plans'] });

export const continueSetupQuery = z.object({ token: storableText.min(1).max(2000) });

/**
 * `Idempotency-Key` on the dashboard's updates: a repeat with the same key (after a timeout or a
 * lost answer) gets the first request's outcome instead of applying it again. Visible ASCII only.
 */
export const idempotencyHeaders = z.object({
  'idempotency-key': storableText
    .regex(/^[\x21-\x7E]{1,200}$/, 'an Idempotency-Key is 1-200 visible ASCII characters')
    .optional()
    .meta({ description: "makes a repeat of this request (after a timeout or a lost answer) get the first one's outcome instead of applying it again" }),
});
