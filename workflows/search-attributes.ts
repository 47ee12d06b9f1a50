// Custom search attributes our workflows set, so staff can filter in the Temporal UI
// (e.g. `OnboardingStatus = "AWAITING_REVIEW"`). The local stack and the test servers register
// exactly this list at start; a production namespace needs them created once (see README).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const OnboardingStatusKey = defineSearchAttributeKey('OnboardingStatus', SearchAttributeType.KEYWORD);
export const PartnerIdKey = defineSearchAttributeKey('PartnerId', SearchAttributeType.KEYWORD);
export const TenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [OnboardingStatusKey, PartnerIdKey, TenantIdKey];
