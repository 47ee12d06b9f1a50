// The sync health of many live integrations at once, for the staff list: one visibility query
// per hundred partners over the search attributes the onboarding (SyncHealth) and its sync
// children (SyncResult, SyncFailedItems, SyncLastError, SyncLastRunAt) keep up to date.
// Visibility trails the workflows by a moment; the partner's own state queries them directly.
import type { Client } from '@temporalio/client';
import {
  OnboardingStatusKey,
  PartnerIdKey,
  SyncChildKey,
  SyncFailedItemsKey,
  SyncHealthKey,
  SyncLastErrorKey,
  SyncLastRunAtKey,
  SyncResultKey,
} from '../workflows/search-attributes';
import { SYNC_CHILDREN, type SyncChild, type SyncResult } from '../workflows/sync/types';

export interface SyncChildOverview {
  result: SyncResult | null;
  failedItems: number;
  lastError: string | null;
  lastRunAt: string | null;
}

export interface SyncOverview {
  /** The onboarding's SyncHealth: ok, degraded (a child failed or partial) or paused. */
  health: string | null;
  /** Items ServiceTitan refuses now, over every child. */
  failedItems: number;
  /** The latest error among the children that are not ok. */
  lastError: { child: SyncChild; message: string } | null;
  children: Partial<Record<SyncChild, SyncChildOverview>>;
}

const PARTNERS_PER_QUERY = 100;

export async function readSyncOverview(temporal: Client, partnerIds: string[]): Promise<Map<string, SyncOverview>> {
  const overviews = new Map<string, SyncOverview>();
  const of = (partnerId: string) => {
    let overview = overviews.get(partnerId);
    if (!overview) overviews.set(partnerId, (overview = { health: null, failedItems: 0, lastError: null, children: {} }));
    return overview;
  };
  const latestRun = new Map<string, string>();
  for (let i = 0; i < partnerIds.length; i += PARTNERS_PER_QUERY) {
    // Partner ids are letters, digits, "-" and "_" (api/schemas.ts): nothing to escape.
    const ids = partnerIds
      .slice(i, i + PARTNERS_PER_QUERY)
      .map((id) => `"${id}"`)
      .join(', ');
    for await (const execution of temporal.workflow.list({ query: `ExecutionStatus = "Running" AND PartnerId IN (${ids})` })) {
      const attributes = execution.typedSearchAttributes;
      const partnerId = attributes.get(PartnerIdKey);
      if (!partnerId) continue;
      const child = attributes.get(SyncChildKey) as SyncChild | undefined;
      if (child === undefined) {
        if (attributes.get(OnboardingStatusKey) !== undefined) of(partnerId).health = attributes.get(SyncHealthKey) ?? null;
        continue;
      }
      if (!SYNC_CHILDREN.includes(child)) continue;
      const overview = of(partnerId);
      const entry: SyncChildOverview = {
        result: (attributes.get(SyncResultKey) as SyncResult | undefined) ?? null,
        failedItems: attributes.get(SyncFailedItemsKey) ?? 0,
        lastError: attributes.get(SyncLastErrorKey) ?? null,
        lastRunAt: attributes.get(SyncLastRunAtKey)?.toISOString() ?? null,
      };
      overview.children[child] = entry;
      overview.failedItems += entry.failedItems;
      if (entry.result !== 'ok' && entry.lastError && (entry.lastRunAt ?? '') >= (latestRun.get(partnerId) ?? '')) {
        latestRun.set(partnerId, entry.lastRunAt ?? '');
        overview.lastError = { child, message: entry.lastError };
      }
    }
  }
  return overviews;
}
