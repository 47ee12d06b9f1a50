// The configuration steps of the setup guide: each is verified against the partner's
// ServiceTitan (what was chosen exists, is active and fits) and then saved. verifyStep only reads;
// saveStep only writes, in one statement, replacing the step's previous configuration.
// verifySubmission checks everything again before going live, reading each catalog once for all
// steps and the credentials (lib/catalog-reads.ts says what a step may reuse and what it may not).
import { CATALOG_READ_REUSE_MS, CatalogReads, clientSource, type CatalogResource } from '../../lib/catalog-reads';
import type { PartnerCredentials } from '../../lib/partner-credentials';
import type { Db } from '../../lib/db/client';
import type { StepConfiguration } from '../../workflows/onboarding/messages';
import type { AuditEvent, ConfigStep, StepInputs, VerificationError } from '../../workflows/onboarding/types';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Prisma } from '../../prisma/generated/client';
import { activityIdempotencyKey } from '../idempotency';
import { isPlain, plainEventWrites } from './audit-trail';
import { OnboardingFailure } from '../../workflows/failures';
import { checkAccess } from './credentials';
import { configurationWrites, type EligibleServiceRow } from './step-row-writes';
import { fromServiceTitanError, isVerificationError, verificationFailed } from './verification-failures';

export interface StepRequest {
  partnerId: string;
  tenantId: string;
  request: StepConfiguration;
}
export type Resolved = Record<string, unknown>;

/**
 * Custom field types that can hold a Comfort Credit balance. ServiceTitan's custom field types are
 * Text, Dropdown and Numeric (the CustomFieldDataType enum of its OpenAPI documents; the sandbox
 * also has Date): only Numeric keeps a balance a number. A Text field would take "120" but just as
 * well "abc" from anyone in the office, which no balance can be read back from.
 */
export const BALANCE_FIELD_TYPES: readonly string[] = ['Numeric'];
/** How far ahead the capacity check looks. */
const CAPACITY_CHECK_MS = 7 * 24 * 3600_000;

/** A choice ServiceTitan does not confirm; verifyStep adds the step and reports it. */
class StepProblem extends Error {
  constructor(readonly problem: Omit<VerificationError, 'step'>) {
    super(problem.message);
  }
}
function fail(problem: Omit<VerificationError, 'step'>): never {
  throw new StepProblem(problem);
}

const byName = (name: string) => (item: { name?: string | null }) => (item.name ?? '').trim().toLowerCase() === name.trim().toLowerCase();

export function createConfigurationActivities({ db, credentials }: { db: Db; credentials: PartnerCredentials }) {
  /** Each verifier returns what ServiceTitan said about the choice, or fails with a StepProblem. */
  const verifiers: { [S in ConfigStep]: (reads: CatalogReads, input: StepInputs[S], partnerId: string) => Promise<Resolved> } = {
    async planMappings(reads, input, partnerId) {
      const plans = await db.maintenancePlan.findMany({ where: { partnerId, active: true }, orderBy: { name: 'asc' } });
      if (plans.length === 0)
        fail({ code: 'no_plans', message: 'You have no active Smart Maintenance plans in the Partner Dashboard yet. Set them up there first.' });
      const known = new Map(plans.map((p) => [p.id, p]));
      const unknown = input.mappings.filter((m) => !known.has(m.planId)).map((m) => m.planId);
      if (unknown.length > 0)
        fail({ code: 'unknown_plan', message: `These plans are not active plans of yours: ${unknown.join(', ')}.`, details: { planIds: unknown } });
      const unmapped = plans.filter((p) => !input.mappings.some((m) => m.planId === p.id));
      if (unmapped.length > 0) {
        fail({
          code: 'unmapped_plans',
          message: `Map every plan: ${unmapped.map((p) => p.name).join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no ServiceTitan membership.`,
          details: { planIds: unmapped.map((p) => p.id) },
        });
      }
      const types = await reads.get('membershipTypes');
      const mappings = input.mappings.map((m) => {
        const type = types.find((t) => t.id === m.membershipTypeId);
        if (!type)
          fail({
            code: 'membership_type_not_found',
            message: `ServiceTitan has no membership type ${m.membershipTypeId}.`,
            details: { membershipTypeId: m.membershipTypeId },
          });
        if (!type.active)
          fail({
            code: 'membership_type_inactive',
            message: `The ServiceTitan membership type "${type.name}" is inactive. Choose an active one.`,
            details: { membershipTypeId: type.id },
          });
        return { planId: m.planId, planName: known.get(m.planId)!.name, membershipTypeId: type.id, membershipTypeName: type.name };
      });
      return { mappings };
    },

    async jobTypeMappings(reads, input) {
      const catalog = await db.tradeCondition.findMany({ orderBy: { id: 'asc' } });
      const known = new Map(catalog.map((c) => [c.id, c]));
      const unknown = input.mappings.filter((m) => !known.has(m.tradeConditionId)).map((m) => m.tradeConditionId);
      if (unknown.length > 0)
        fail({ code: 'unknown_trade_condition', message: `Unknown Trade Conditions: ${unknown.join(', ')}.`, details: { tradeConditionIds: unknown } });
      const unmapped = catalog.filter((c) => !input.mappings.some((m) => m.tradeConditionId === c.id));
      if (unmapped.length > 0)
        fail({
          code: 'unmapped_trade_conditions',
          message: `Map every Trade Condition: ${unmapped.map((c) => c.label).join(', ')}.`,
          details: { tradeConditionIds: unmapped.map((c) => c.id) },
        });
      const [units, jobTypes] = await Promise.all([reads.get('businessUnits'), reads.get('jobTypes')]);
      const mappings = input.mappings.map((m) => {
        const label = known.get(m.tradeConditionId)!.label;
        const unit = units.find((u) => u.id === m.businessUnitId);
        if (!unit)
          fail({
            code: 'business_unit_not_found',
            message: `${label}: ServiceTitan has no Business Unit ${m.businessUnitId}.`,
            details: { tradeConditionId: m.tradeConditionId, businessUnitId: m.businessUnitId },
          });
        if (!unit.active)
          fail({
            code: 'business_unit_inactive',
            message: `${label}: the Business Unit "${unit.name}" is inactive.`,
            details: { tradeConditionId: m.tradeConditionId, businessUnitId: unit.id },
          });
        const jobType = jobTypes.find((j) => j.id === m.jobTypeId);
        if (!jobType)
          fail({
            code: 'job_type_not_found',
            message: `${label}: ServiceTitan has no Job Type ${m.jobTypeId}.`,
            details: { tradeConditionId: m.tradeConditionId, jobTypeId: m.jobTypeId },
          });
        if (!jobType.active)
          fail({
            code: 'job_type_inactive',
            message: `${label}: the Job Type "${jobType.name}" is inactive.`,
            details: { tradeConditionId: m.tradeConditionId, jobTypeId: jobType.id },
          });
        // A job type with no Business Units listed is not restricted to any.
        if (jobType.businessUnitIds.length > 0 && !jobType.businessUnitIds.includes(unit.id)) {
          fail({
            code: 'job_type_not_allowed_in_business_unit',
            message: `${label}: the Job Type "${jobType.name}" is not available in the Business Unit "${unit.name}".`,
            details: { tradeConditionId: m.tradeConditionId, businessUnitId: unit.id, jobTypeId: jobType.id },
          });
        }
        return {
          tradeConditionId: m.tradeConditionId,
          label,
          businessUnitId: unit.id,
          businessUnitName: unit.name,
          jobTypeId: jobType.id,
          jobTypeName: jobType.name,
        };
      });
      return { mappings };
    },

    async comfortCreditField(reads, input) {
      const fields = await reads.get('locationCustomFieldTypes');
      const field = fields.find(byName(input.customFieldName));
      if (!field) {
        const onCustomers = (await (await reads.source.client()).listCustomerCustomFieldTypes().all()).some(byName(input.customFieldName));
        fail({
          code: 'custom_field_not_found',
          message: onCustomers
            ? `"${input.customFieldName}" is a customer custom field. Comfort Credits are kept per service location: create it as a location custom field in ServiceTitan.`
            : `ServiceTitan has no location custom field named "${input.customFieldName}". Create it as a location custom field of type Numeric and verify again.`,
          details: { availableFields: fields.map((f) => f.name) },
        });
      }
      if (!BALANCE_FIELD_TYPES.includes(field.dataType ?? '')) {
        fail({
          code: 'custom_field_not_numeric',
          message: `The custom field "${field.name}" is of type ${field.dataType ?? 'unknown'}; a Comfort Credit balance needs a location custom field of type Numeric. Choose a Numeric field, or create one in ServiceTitan.`,
          details: { dataType: field.dataType, acceptedTypes: BALANCE_FIELD_TYPES },
        });
      }
      return { customFieldTypeId: field.id, customFieldName: field.name, dataType: field.dataType };
    },

    async eligibleServices(reads, input) {
      const services = await reads.servicesWithIds(input.serviceIds);
      const missing = input.serviceIds.filter((id) => !services.some((s) => s.id === id));
      if (missing.length > 0)
        fail({
          code: 'service_not_found',
          message: `Your ServiceTitan Pricebook has no services with ids ${missing.join(', ')}.`,
          details: { serviceIds: missing },
        });
      const inactive = services.filter((s) => !s.active);
      if (inactive.length > 0)
        fail({
          code: 'service_inactive',
          message: `These Pricebook services are inactive: ${inactive.map((s) => s.displayName ?? s.code).join(', ')}.`,
          details: { serviceIds: inactive.map((s) => s.id) },
        });
      return {
        services: input.serviceIds
          .map((id) => services.find((s) => s.id === id)!)
          .map((s): EligibleServiceRow => ({ serviceId: s.id, code: s.code, name: s.displayName ?? s.code })),
      };
    },

    async tag(reads, input) {
      const tags = await reads.get('tagTypes');
      const tag = tags.find(byName(input.tagName));
      if (!tag)
        fail({
          code: 'tag_type_not_found',
          message: `ServiceTitan has no tag type named "${input.tagName}". Create it (suggested name: "SmartAC.com") and verify again.`,
        });
      if (!tag.active) fail({ code: 'tag_type_inactive', message: `The tag type "${tag.name}" is inactive in ServiceTitan.`, details: { tagTypeId: tag.id } });
      return { tagTypeId: tag.id, tagName: tag.name };
    },

    async campaign(reads, input) {
      if (input.campaignId === null) return { campaignId: null };
      const campaigns = await reads.get('campaigns');
      const campaign = campaigns.find((c) => c.id === input.campaignId);
      if (!campaign) fail({ code: 'campaign_not_found', message: `ServiceTitan has no campaign ${input.campaignId}.` });
      if (!campaign.active) fail({ code: 'campaign_inactive', message: `The campaign "${campaign.name}" is inactive.`, details: { campaignId: campaign.id } });
      return { campaignId: campaign.id, campaignName: campaign.name };
    },

    async capacityScheduling(reads, input) {
      if (!input.enabled) return { enabled: false };
      const [units, capacity] = await Promise.all([reads.get('businessUnits'), capacityNextWeek(reads, input.businessUnitIds)]);
      const chosen = input.businessUnitIds.map((id) => {
        const unit = units.find((u) => u.id === id);
        if (!unit) fail({ code: 'business_unit_not_found', message: `ServiceTitan has no Business Unit ${id}.`, details: { businessUnitId: id } });
        if (!unit.active) fail({ code: 'business_unit_inactive', message: `The Business Unit "${unit.name}" is inactive.`, details: { businessUnitId: id } });
        return { businessUnitId: unit.id, businessUnitName: unit.name };
      });
      return { enabled: true, businessUnits: chosen, availabilitiesNextWeek: capacity.availabilities.length };
    },
  };

  function verify(reads: CatalogReads, request: StepConfiguration, partnerId: string): Promise<Resolved> {
    const verifier = verifiers[request.step] as (r: CatalogReads, i: unknown, p: string) => Promise<Resolved>;
    return verifier(reads, request.input, partnerId);
  }

  async function verifyStep({ partnerId, tenantId, request }: StepRequest): Promise<{ resolved: Resolved }> {
    // Opened only if a list must come from ServiceTitan: most steps are verified on young stored reads.
    const source = clientSource(tenantId, () => credentials.clientFor(partnerId));
    const shared = new CatalogReads(source, db, partnerId, { reuseWithinMs: CATALOG_READ_REUSE_MS });
    try {
      try {
        return { resolved: await verify(shared, request, partnerId) };
      } catch (err) {
        if (!(err instanceof StepProblem) || !shared.servedFromStore) throw err;
      }
      // Refused on a read made a while ago: the partner may have just fixed it in ServiceTitan.
      return { resolved: await verify(new CatalogReads(source, db, partnerId, { reuseWithinMs: 0 }), request, partnerId) };
    } catch (err) {
      throw stepFailure(err, request.step, tenantId);
    }
  }

  /**
   * Saves the step's configuration and, when given, its audit event with the state after it (the
   * read model's snapshot), in one statement (./step-row-writes.ts says why): the answer to the
   * dashboard then follows a single write, and no activity of its own is left to run after it.
   */
  async function saveStep({ partnerId, request, resolved, event }: SaveStepRequest): Promise<void> {
    if (event && !isPlain(event)) throw ApplicationFailure.nonRetryable('a step event moves no status', 'InvalidStepEvent');
    const eventWrites = event
      ? Prisma.sql`, ${plainEventWrites(event, activityIdempotencyKey(), Context.current().info.workflowExecution!.runId)}`
      : Prisma.empty;
    const rows = await db.$queryRaw<{ integrations: bigint }[]>`
      WITH integration AS (
        SELECT "id" FROM "integrations" WHERE "partner_id" = ${partnerId}
      ), ${configurationWrites(request, resolved, new Date())}${eventWrites}
      SELECT count(*) AS integrations FROM integration`;
    // Created at the start of the onboarding: not there yet only if its start is still being recorded.
    if (Number(rows[0]?.integrations ?? 0) === 0) throw new Error(`${partnerId} has no integration`);
  }

  return {
    verifyStep,
    saveStep,

    /**
     * A step verified and, if ServiceTitan confirms it, saved with its audit event: one local
     * activity, so a waiting dashboard pays for one hand-off between workflow and activity
     * instead of two. The event comes from the workflow without what ServiceTitan resolved (the
     * workflow cannot know it yet); it is added here, to the event's detail and to the step in its
     * snapshot. A retry verifies again, and the save and the event are each applied once.
     */
    async verifyAndSaveStep({ partnerId, tenantId, request, event }: StepRequest & { event: AuditEvent }): Promise<{ resolved: Resolved }> {
      const { resolved } = await verifyStep({ partnerId, tenantId, request });
      await saveStep({ partnerId, request, resolved, event: withResolved(event, request.step, resolved) });
      return { resolved };
    },

    /**
     * Before going live: the credentials and every configured step against ServiceTitan as it is
     * now, each catalog read once for all of them. The access check's probes are those same reads
     * where a step needs one (any call in an area proves access to it). Answers what failed;
     * throws only what is worth retrying (outages, throttling).
     */
    async verifySubmission({ partnerId, tenantId, configurations }: SubmissionRequest): Promise<{ failures: VerificationError[] }> {
      const client = await credentials.clientFor(partnerId);
      const reads = new CatalogReads(
        clientSource(client.tenantId, async () => client),
        db,
        partnerId,
        { reuseWithinMs: 0 },
      );
      reads.prefetch(configurations.flatMap((c) => CATALOGS_OF[c.step]));
      const capacity = configurations.find((c): c is StepConfiguration<'capacityScheduling'> => c.step === 'capacityScheduling')?.input;
      const services = configurations.find((c): c is StepConfiguration<'eligibleServices'> => c.step === 'eligibleServices')?.input.serviceIds;
      if (services) reads.servicesWithIds(services).catch(() => undefined);
      const access = await checkAccess(
        () =>
          client.verifyAccess({
            settings: () => reads.get('businessUnits'),
            crm: () => reads.get('locationCustomFieldTypes'),
            jpm: () => reads.get('jobTypes'),
            ...(capacity?.enabled ? { dispatch: () => capacityNextWeek(reads, capacity.businessUnitIds) } : {}),
            marketing: () => reads.get('campaigns'),
            memberships: () => reads.get('membershipTypes'),
            ...(services ? { pricebook: () => reads.servicesWithIds(services) } : {}),
          }),
        tenantId,
      ).then(
        () => undefined,
        (err: unknown) => problemOf(err),
      );
      // Steps checked with credentials ServiceTitan refuses would only repeat that refusal.
      if (access) return { failures: [access] };
      const failures = await Promise.all(
        configurations.map((configuration) =>
          verify(reads, configuration, partnerId).then(
            () => undefined,
            (err: unknown) => problemOf(stepFailure(err, configuration.step, tenantId)),
          ),
        ),
      );
      return { failures: failures.filter((f): f is VerificationError => f !== undefined) };
    },
  };
}

export interface SaveStepRequest {
  partnerId: string;
  request: StepConfiguration;
  resolved: Resolved;
  /** The step's audit event; steps verified before it was part of the save record it separately. */
  event?: AuditEvent;
}

/** The step's event with what ServiceTitan resolved, in its detail and in the snapshot's step. */
function withResolved(event: AuditEvent, step: ConfigStep, resolved: Resolved): AuditEvent {
  const snapshot = event.snapshot && {
    ...event.snapshot,
    state: { ...event.snapshot.state, steps: { ...event.snapshot.state.steps, [step]: { ...event.snapshot.state.steps[step], resolved } } },
  };
  return { ...event, detail: { ...event.detail, resolved }, ...(snapshot ? { snapshot } : {}) };
}

export interface SubmissionRequest {
  partnerId: string;
  tenantId: string;
  configurations: StepConfiguration[];
}

/** The catalogs each step's verifier reads (submit starts them all at once). */
const CATALOGS_OF: { [S in ConfigStep]: CatalogResource[] } = {
  planMappings: ['membershipTypes'],
  jobTypeMappings: ['businessUnits', 'jobTypes'],
  comfortCreditField: ['locationCustomFieldTypes'],
  // Just the chosen services (CatalogReads.servicesWithIds), not the whole pricebook.
  eligibleServices: [],
  tag: ['tagTypes'],
  campaign: ['campaigns'],
  capacityScheduling: ['businessUnits'],
};

/** Availability in the chosen Business Units over the coming week: proves capacity planning answers for them. */
function capacityNextWeek(reads: CatalogReads, businessUnitIds: number[]) {
  return reads.once(`capacity:${businessUnitIds.join(',')}`, async () => {
    const start = Date.now();
    return (await reads.source.client()).getCapacity({
      startsOnOrAfter: new Date(start).toISOString(),
      endsOnOrBefore: new Date(start + CAPACITY_CHECK_MS).toISOString(),
      businessUnitIds,
      skillBasedAvailability: false,
    });
  });
}

/** A verifier's refusal or a ServiceTitan error as the activity failure the workflow reads. */
function stepFailure(err: unknown, step: ConfigStep, tenantId: string): unknown {
  if (err instanceof StepProblem) return verificationFailed({ ...err.problem, step });
  return fromServiceTitanError(err, step, tenantId);
}

/** What a failure tells the partner; failures worth retrying (and anything unexpected) are thrown. */
function problemOf(err: unknown): VerificationError {
  if (err instanceof ApplicationFailure && !err.nonRetryable) throw err;
  const reported = err instanceof ApplicationFailure ? err.details?.[0] : undefined;
  if (err instanceof ApplicationFailure && err.type === OnboardingFailure.VerificationFailed && isVerificationError(reported)) return reported;
  throw err;
}
