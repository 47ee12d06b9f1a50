// The sync activities called directly (as the worker calls them, without Temporal) against the
// shared test Postgres and an in-process sandbox over real HTTP. A partner's integration is set up
// in the database as onboarding leaves it: ACTIVE for the HVAC tenant, sealed credentials, and
// settings chosen from the sandbox's seed (read through the client).
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createSyncActivities, type SyncActivities } from '../../../activities/sync';
import { loadConfig } from '../../../lib/config';
import { sealSecret, type EncryptionKey } from '../../../lib/crypto/secrets';
import { createDb, type Db } from '../../../lib/db/client';
import { recordEvent } from '../../../lib/platform-events/record';
import { clientSecretAad, PartnerCredentials } from '../../../lib/partner-credentials';
import { serviceTitanClientFactory } from '../../../lib/servicetitan-clients';
import type { ServiceTitanClient } from '../../../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../../../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../../../servicetitan/sandbox/seed/credentials';
import type { SyncPassResult } from '../../../workflows/sync/types';
import { admin, sandboxClient } from '../servicetitan/support/sandbox-client';

export const HVAC = SEED_TENANT_IDS.hvac;
/** The deployment's (here: the default) application GUID, as the worker is given it. */
export const APPLICATION_GUID = loadConfig({}).serviceTitan.applicationGuid;

export interface SyncHarness {
  sandbox: RunningSandbox;
  db: Db;
  credentials: PartnerCredentials;
  encryptionKeys: EncryptionKey[];
  activities: SyncActivities;
  /** Reads and changes the sandbox the way another ServiceTitan user would. */
  st: ServiceTitanClient;
  admin: ReturnType<typeof admin>;
  close(): Promise<void>;
}

export async function startSyncHarness(): Promise<SyncHarness> {
  const sandbox = await startSandbox();
  const config = loadConfig({
    ...process.env,
    SERVICETITAN_AUTH_URL: sandbox.url,
    SERVICETITAN_API_URL: sandbox.url,
    SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
  });
  const db = createDb(config.database.url);
  const credentials = new PartnerCredentials(db, config.secrets.encryptionKeys, serviceTitanClientFactory(config.serviceTitan));
  return {
    sandbox,
    db,
    credentials,
    encryptionKeys: config.secrets.encryptionKeys,
    activities: createSyncActivities({ db, credentials, applicationGuid: APPLICATION_GUID }),
    st: sandboxClient(sandbox, HVAC),
    admin: admin(sandbox),
    async close() {
      await db.$disconnect();
      await sandbox.close();
    },
  };
}

/** What the sandbox's seed offers and a test partner was configured with. */
export interface PartnerSetup {
  partnerId: string;
  comfortCreditFieldId: number;
  filterSizeFieldId: number;
  tagTypeId: number;
  /** The configured campaign (not the tenant's default), or null when none is configured. */
  campaignId: number | null;
  defaultCampaignId: number;
  goldPlanId: string;
  goldMembershipTypeId: number;
  /** NOT_COOLING → HVAC - Service / No Cool Diagnostic; MAINTENANCE_DUE → HVAC - Maintenance / AC Tune-Up. */
  serviceUnitId: number;
  maintenanceUnitId: number;
  noCoolJobTypeId: number;
}

export interface PartnerOptions {
  /** Realtime capacity scheduling for the HVAC - Service unit (default on). */
  capacity?: boolean;
  /** Configure a campaign other than the tenant's default (default yes). */
  campaign?: boolean;
}

const byName = <T extends { name: string }>(items: T[], name: string): T => {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`the sandbox seed has no ${name}`);
  return item;
};

export async function configurePartner(h: SyncHarness, options: PartnerOptions = {}): Promise<PartnerSetup> {
  const { db, st } = h;
  const partnerId = `sync-${randomUUID().slice(0, 8)}`;
  const [fields, tags, campaigns, units, jobTypes, membershipTypes] = await Promise.all([
    st.listLocationCustomFieldTypes().all(),
    st.listTagTypes().all(),
    st.listCampaigns().all(),
    st.listBusinessUnits().all(),
    st.listJobTypes().all(),
    st.listMembershipTypes().all(),
  ]);
  const field = (name: string) => {
    const found = fields.find((f) => f.name === name);
    if (!found) throw new Error(`the sandbox seed has no field ${name}`);
    return found.id;
  };
  const defaultCampaign = campaigns.find((c) => c.isDefaultCampaign);
  if (!defaultCampaign) throw new Error('the sandbox seed has no default campaign');
  const setup: PartnerSetup = {
    partnerId,
    comfortCreditFieldId: field('Comfort Credits'),
    filterSizeFieldId: field('Filter Size'),
    tagTypeId: byName(tags, 'SmartAC.com').id,
    campaignId: options.campaign === false ? null : byName(campaigns, 'Google Ads').id,
    defaultCampaignId: defaultCampaign.id,
    goldPlanId: `${partnerId}-gold`,
    goldMembershipTypeId: byName(membershipTypes, 'Comfort Club Gold').id,
    serviceUnitId: byName(units, 'HVAC - Service').id,
    maintenanceUnitId: byName(units, 'HVAC - Maintenance').id,
    noCoolJobTypeId: byName(jobTypes, 'No Cool Diagnostic').id,
  };
  const repairJobTypeId = byName(jobTypes, 'AC Repair').id;
  const tuneUpJobTypeId = byName(jobTypes, 'AC Tune-Up').id;

  const verifiedAt = new Date();
  await db.partner.create({
    data: { id: partnerId, name: 'Sync Test Cooling', plans: { create: [{ id: setup.goldPlanId, name: 'Smart Maintenance Gold' }] } },
  });
  const tradeConditions = await db.tradeCondition.findMany();
  await db.integration.create({
    data: {
      partnerId,
      status: 'ACTIVE',
      tenantId: String(HVAC),
      contactEmail: `office@${partnerId}.example`,
      prerequisites: {},
      workflowId: `onboarding-${partnerId}`,
      activatedAt: verifiedAt,
      // Every fixture is live on the same sandbox tenant: as staff would have allowed it.
      tenantConflict: true,
      sharedTenantAllowedBy: 'test fixture: sync tests share the sandbox tenant',
      sharedTenantAllowedAt: verifiedAt,
      planMappings: { create: [{ planId: setup.goldPlanId, membershipTypeId: BigInt(setup.goldMembershipTypeId), verifiedAt }] },
      jobTypeMappings: {
        create: tradeConditions.map((tc) => {
          const [unit, jobType] =
            tc.condition === 'NOT_COOLING'
              ? [setup.serviceUnitId, setup.noCoolJobTypeId]
              : tc.condition === 'MAINTENANCE_DUE'
                ? [setup.maintenanceUnitId, tuneUpJobTypeId]
                : [setup.serviceUnitId, repairJobTypeId];
          return { tradeConditionId: tc.id, businessUnitId: BigInt(unit), jobTypeId: BigInt(jobType), verifiedAt };
        }),
      },
      comfortCredit: { create: { customFieldName: 'Comfort Credits', customFieldTypeId: BigInt(setup.comfortCreditFieldId), verifiedAt } },
      tag: { create: { tagName: 'SmartAC.com', tagTypeId: BigInt(setup.tagTypeId), verifiedAt } },
      capacity: { create: { enabled: options.capacity ?? true, businessUnitIds: options.capacity === false ? [] : [BigInt(setup.serviceUnitId)], verifiedAt } },
      ...(setup.campaignId === null ? {} : { campaign: { create: { campaignId: BigInt(setup.campaignId), name: 'Google Ads', verifiedAt } } }),
    },
  });
  const { clientId, clientSecret } = sandboxCredentials(HVAC);
  await h.credentials.save(partnerId, clientId, sealSecret(clientSecret, h.encryptionKeys, clientSecretAad(partnerId)));
  return setup;
}

/** A balance event, recorded as POST /v1/events records it (the newest `asOf` wins). */
export async function receiveBalance(db: Db, partnerId: string, locationId: number, balance: number, asOf: Date): Promise<void> {
  await recordEvent(
    db,
    {
      id: randomUUID(),
      type: 'comfort_credits.balance_changed',
      createdAt: asOf.toISOString(),
      partnerId,
      data: { locationId, balance, asOf: asOf.toISOString() },
    },
    'ACTIVE',
  );
}

/** Locations of the HVAC tenant: some of a customer with several properties first. */
export async function locationsOfOneCustomer(st: ServiceTitanClient, atLeast: number) {
  const locations = await st.listLocations({ pageSize: 500 }).all();
  const byCustomer = new Map<number, typeof locations>();
  for (const l of locations) byCustomer.set(l.customerId, [...(byCustomer.get(l.customerId) ?? []), l]);
  const several = [...byCustomer.values()].find((ls) => ls.length >= atLeast);
  if (!several) throw new Error(`no customer with ${atLeast} locations in the seed`);
  return { several, all: locations };
}

/**
 * Runs a pass the way Temporal would: again after a retryable failure (an outage, throttling),
 * after a pause (the sync workflow's first retry waits 2 s; shorter here).
 */
export async function likeTemporal<T>(pass: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await pass();
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || error.nonRetryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Passes until nothing waits, as the workflow loops while the backlog is not empty. */
export async function drain(pass: () => Promise<SyncPassResult>, maxPasses = 20): Promise<SyncPassResult> {
  const total: SyncPassResult = { checked: 0, writes: 0, backlog: 0, failed: 0 };
  for (let n = 0; n < maxPasses; n += 1) {
    const result = await likeTemporal(pass);
    total.checked += result.checked;
    total.writes += result.writes;
    total.failed += result.failed;
    total.backlog = result.backlog;
    if (result.backlog === 0) return total;
  }
  throw new Error(`backlog not drained in ${maxPasses} passes`);
}
