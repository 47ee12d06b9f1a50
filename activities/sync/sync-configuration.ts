// The integration's saved configuration (activities/onboarding/configuration.ts saveStep), as the sync passes
// use it: ServiceTitan ids as numbers, mappings by what the passes look them up with. Read at the
// start of every pass, so a setting the partner changes applies from the next pass on.
import type { Db } from '../../lib/db/client';
import { notConfigured } from './failures';

export interface JobTypeChoice {
  tradeConditionId: string;
  trade: string;
  condition: string;
  businessUnitId: number;
  jobTypeId: number;
}

export interface SyncConfiguration {
  partnerId: string;
  tenantId: string;
  comfortCreditFieldId: number | null;
  tagTypeId: number | null;
  /** The campaign for SmartAC jobs; null: the tenant's default campaign. */
  campaignId: number | null;
  capacity: { enabled: boolean; businessUnitIds: number[] };
  jobTypes: JobTypeChoice[];
  /** SmartAC plan id → ServiceTitan membership type. */
  plans: Map<string, number>;
  /** When plan mappings were last saved: members that failed before then are tried again. */
  plansSavedAt: Date | null;
}

export async function loadSyncConfiguration(db: Db, partnerId: string): Promise<SyncConfiguration> {
  const integration = await db.integration.findUnique({
    where: { partnerId },
    include: { comfortCredit: true, tag: true, campaign: true, capacity: true, planMappings: true, jobTypeMappings: { include: { tradeCondition: true } } },
  });
  if (!integration) throw notConfigured(partnerId, 'record');
  const savedAt = integration.planMappings.map((m) => m.verifiedAt.getTime());
  return {
    partnerId,
    tenantId: integration.tenantId,
    comfortCreditFieldId: integration.comfortCredit ? Number(integration.comfortCredit.customFieldTypeId) : null,
    tagTypeId: integration.tag ? Number(integration.tag.tagTypeId) : null,
    campaignId: integration.campaign ? Number(integration.campaign.campaignId) : null,
    capacity: { enabled: integration.capacity?.enabled ?? false, businessUnitIds: (integration.capacity?.businessUnitIds ?? []).map(Number) },
    jobTypes: integration.jobTypeMappings.map((m) => ({
      tradeConditionId: m.tradeConditionId,
      trade: m.tradeCondition.trade,
      condition: m.tradeCondition.condition,
      businessUnitId: Number(m.businessUnitId),
      jobTypeId: Number(m.jobTypeId),
    })),
    plans: new Map(integration.planMappings.map((m) => [m.planId, Number(m.membershipTypeId)])),
    plansSavedAt: savedAt.length > 0 ? new Date(Math.max(...savedAt)) : null,
  };
}

/** A setting the pass cannot work without; an ACTIVE integration always has it. */
export function required<T>(value: T | null, settings: SyncConfiguration, what: string): T {
  if (value === null) throw notConfigured(settings.partnerId, what);
  return value;
}
