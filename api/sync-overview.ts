// The sync health of live integrations for the staff list, from the read model's child health
// rows (api/read-model.ts): one query per page, as of each child's last pass.
import { z } from 'zod';
import { integrationHealthOf, SEARCH_ATTRIBUTE_ERROR_CHARS, truncate } from '../workflows/sync/health';
import type { OnboardingStatus } from '../workflows/onboarding/types';
import { SYNC_CHILDREN } from '../workflows/sync/types';
import type { ChildHealths } from './read-model';

const syncChild = z.enum(SYNC_CHILDREN);

const syncChildOverviewSchema = z.object({
  result: z.enum(['ok', 'partial', 'failed', 'paused']).nullable(),
  failedItems: z.number().int(),
  lastError: z.string().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
});
type SyncChildOverview = z.output<typeof syncChildOverviewSchema>;

export const syncOverviewSchema = z
  .object({
    health: z.string().nullable().meta({ description: "the integration's sync health: ok, degraded (a child failed or partial) or paused" }),
    failedItems: z.number().int().meta({ description: 'items ServiceTitan refuses now, over every child' }),
    lastError: z.object({ child: syncChild, message: z.string() }).nullable().meta({ description: 'the latest error among the children that are not ok' }),
    children: z.partialRecord(syncChild, syncChildOverviewSchema),
  })
  .meta({ id: 'SyncOverview' });
export type SyncOverview = z.output<typeof syncOverviewSchema>;

/** A live integration's overview from its children's health (paused while NEEDS_ATTENTION). */
export function syncOverviewOf(status: OnboardingStatus, healths: ChildHealths): SyncOverview {
  const paused = status === 'NEEDS_ATTENTION';
  const overview: SyncOverview = { health: paused ? 'paused' : integrationHealthOf(healths), failedItems: 0, lastError: null, children: {} };
  let latestRun = '';
  for (const child of SYNC_CHILDREN) {
    const health = healths[child];
    if (!health) continue;
    const result = paused ? 'paused' : health.lastResult === 'stopped' ? null : (health.lastResult ?? null);
    // Error texts as long as the Temporal UI's search attributes show them; the whole text is on the item.
    const lastError = health.lastError ? truncate(health.lastError, SEARCH_ATTRIBUTE_ERROR_CHARS) : null;
    const entry: SyncChildOverview = { result, failedItems: health.failedItems ?? 0, lastError, lastRunAt: health.lastRunAt ?? null };
    overview.children[child] = entry;
    overview.failedItems += entry.failedItems;
    if (entry.result !== 'ok' && entry.lastError && (entry.lastRunAt ?? '') >= latestRun) {
      latestRun = entry.lastRunAt ?? '';
      overview.lastError = { child, message: entry.lastError };
    }
  }
  return overview;
}
