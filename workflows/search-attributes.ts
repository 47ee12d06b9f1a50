// Custom search attributes our workflows set, so staff can filter in the Temporal UI
// (e.g. `OnboardingStatus = "AWAITING_REVIEW"`). The local stack and the test servers register
// exactly this list at start; a production namespace needs them created once (see README).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const OnboardingStatusKey = defineSearchAttributeKey('OnboardingStatus', SearchAttributeType.KEYWORD);
export const PartnerIdKey = defineSearchAttributeKey('PartnerId', SearchAttributeType.KEYWORD);
export const TenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);

/** On the onboarding workflow of a live integration: ok, degraded (a sync failing) or paused; stopped after disconnect. */
export const SyncHealthKey = defineSearchAttributeKey('SyncHealth', SearchAttributeType.KEYWORD);
/** On each sync child: which one, when it last ran, how much waits. */
export const SyncChildKey = defineSearchAttributeKey('SyncChild', SearchAttributeType.KEYWORD);
export const SyncLastRunAtKey = defineSearchAttributeKey('SyncLastRunAt', SearchAttributeType.DATETIME);
export const SyncBacklogKey = defineSearchAttributeKey('SyncBacklog', SearchAttributeType.INT);
/** On each sync child: its last result (ok, partial, failed, paused), items ServiceTitan refuses, the latest error. */
export const SyncResultKey = defineSearchAttributeKey('SyncResult', SearchAttributeType.KEYWORD);
export const SyncFailedItemsKey = defineSearchAttributeKey('SyncFailedItems', SearchAttributeType.INT);
export const SyncLastErrorKey = defineSearchAttributeKey('SyncLastError', SearchAttributeType.TEXT);

export const SEARCH_ATTRIBUTES = [
  OnboardingStatusKey,
  PartnerIdKey,
  TenantIdKey,
  SyncHealthKey,
  SyncChildKey,
  SyncLastRunAtKey,
  SyncBacklogKey,
  SyncResultKey,
  SyncFailedItemsKey,
  SyncLastErrorKey,
];
