// The read model the API serves partner state and the staff list from: one SQL round trip per
// read, never a Temporal query, so reads scale with Postgres rather than with workflow tasks.
//   - integration_states: the onboarding state as the workflow last recorded it. It is written
//     with the audit event of every change (activities/onboarding/audit-trail.ts), inside the
//     workflow task that made the change and before an update's answer leaves the workflow.
//   - sync_child_health: each sync child's health as of its last pass, written by the pass
//     activity itself (activities/sync/pass-health.ts).
// What the workflow alone knows is derived here with its rules: the integration's sync health
// (workflows/sync/health.ts integrationHealthOf), paused while NEEDS_ATTENTION. A state the
// workflow recorded before the read model existed is read from Temporal once, then stored.
import type { Db } from '../lib/db/client';
import { integrationHealthOf } from '../workflows/sync/health';
import { SYNC_CHILDREN, type SyncChild, type SyncHealth, type SyncResult } from '../workflows/sync/types';
import type { OnboardingState, OnboardingStatus } from '../workflows/onboarding/types';

export type ChildHealths = Partial<Record<SyncChild, SyncHealth>>;

/** A sync_child_health row as the queries below select it (timestamps as ISO text). */
export interface ChildHealthRow {
  child: string;
  lastRunAt: string;
  lastResult: string;
  lastError: string | null;
  failedItems: number;
  lastItemError: SyncHealth['lastItemError'] | null;
  runs: number;
  writes: number;
  backlog: number;
}

const LIVE: readonly OnboardingStatus[] = ['ACTIVE', 'NEEDS_ATTENTION'];
const RESULTS: readonly SyncResult[] = ['ok', 'partial', 'failed', 'paused'];

const isChild = (child: string): child is SyncChild => (SYNC_CHILDREN as readonly string[]).includes(child);
const isResult = (result: string): result is SyncResult => (RESULTS as readonly string[]).includes(result);

export function childHealthsOf(rows: ChildHealthRow[]): ChildHealths {
  const healths: ChildHealths = {};
  for (const row of rows) {
    if (!isChild(row.child)) continue;
    healths[row.child] = {
      lastRunAt: new Date(row.lastRunAt).toISOString(),
      ...(isResult(row.lastResult) ? { lastResult: row.lastResult } : {}),
      ...(row.lastError !== null ? { lastError: row.lastError } : {}),
      failedItems: row.failedItems,
      ...(row.lastItemError ? { lastItemError: row.lastItemError } : {}),
      runs: row.runs,
      writes: row.writes,
      backlog: row.backlog,
    };
  }
  return healths;
}

/** A child's health as the partner's state shows it: `paused` while the child waits for new credentials. */
export type ChildHealthShown = SyncHealth & { paused: boolean };

/**
 * The state with its live sync as of the children's last passes: their rows over the reports the
 * workflow last recorded, the overall health by the workflow's rule. While NEEDS_ATTENTION every
 * child is paused (the workflow pauses them all, and resumes them all with the new credentials);
 * a disconnected integration shows what the workflow recorded (stopped).
 */
export function withChildHealth(state: OnboardingState, rows: ChildHealths): OnboardingState {
  if (!LIVE.includes(state.status)) return state;
  const paused = state.status === 'NEEDS_ATTENTION';
  const children: Partial<Record<SyncChild, ChildHealthShown>> = {};
  for (const [child, health] of Object.entries({ ...state.sync?.children, ...rows })) {
    if (isChild(child) && health) children[child] = { ...health, ...(paused ? { lastResult: 'paused' } : {}), paused };
  }
  return { ...state, sync: { health: paused ? 'paused' : integrationHealthOf(children), children } };
}

/** The child-health columns as JSON objects, aggregated per partner (null: no row). */
export const CHILDREN_JSON = `json_agg(json_build_object(
  'child', h."child", 'lastRunAt', h."last_run_at", 'lastResult', h."last_result", 'lastError', h."last_error",
  'failedItems', h."failed_items", 'lastItemError', h."last_item_error", 'runs', h."runs", 'writes', h."writes", 'backlog', h."backlog"
)) FILTER (WHERE h."child" IS NOT NULL)`;

/** The partner's state with its sync children's health, in one query; undefined when there is no row. */
export async function readState(db: Db, partnerId: string): Promise<OnboardingState | undefined> {
  const rows = await db.$queryRawUnsafe<{ state: OnboardingState; children: ChildHealthRow[] | null }[]>(
    `SELECT s."state", ${CHILDREN_JSON} AS "children"
       FROM "integration_states" s LEFT JOIN "sync_child_health" h ON h."partner_id" = s."partner_id"
      WHERE s."partner_id" = $1
      GROUP BY s."partner_id"`,
    partnerId,
  );
  const row = rows[0];
  return row ? withChildHealth(row.state, childHealthsOf(row.children ?? [])) : undefined;
}

/** The sync children's health of each partner (absent: none has run yet). */
export async function readChildHealths(db: Db, partnerIds: string[]): Promise<Map<string, ChildHealths>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<{ partnerId: string; children: ChildHealthRow[] }[]>(
    `SELECT h."partner_id" AS "partnerId", ${CHILDREN_JSON} AS "children"
       FROM "sync_child_health" h WHERE h."partner_id" = ANY($1::text[]) GROUP BY h."partner_id"`,
    partnerIds,
  );
  return new Map(rows.map((r) => [r.partnerId, childHealthsOf(r.children)]));
}

/**
 * Stores a state read from the workflow for a partner the read model does not know yet (its
 * onboarding recorded nothing since the read model exists). Version zero: whatever the workflow
 * records next is newer and replaces it; a row already there is left alone.
 */
export async function backfillState(db: Db, state: OnboardingState): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "integration_states" ("partner_id", "state", "version_at", "version_seq")
    VALUES (${state.partnerId}, ${JSON.stringify(state)}::jsonb, ${new Date(0)}, 0)
    ON CONFLICT ("partner_id") DO NOTHING`;
}
