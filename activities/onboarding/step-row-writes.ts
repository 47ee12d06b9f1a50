// A configuration step's rows, written as data-modifying CTEs of the one statement that saves the
// step (configuration.ts saveStep) with its audit event and snapshot (audit-trail.ts). Each
// fragment names its sub-statements config_*, reads the partner's integration id from the
// statement's `integration` CTE, and writes nothing when there is none.
//
// Why one statement: the save was a lookup, BEGIN, a delete, an insert, the event and COMMIT, six
// round trips to Postgres, each a wait for the worker's event loop and for a CPU; a single statement
// is atomic on its own. Why plain SQL: Prisma compiles createMany and list-column upserts anew on
// every call (its plan cache keeps neither), on the worker's event loop; here nothing is compiled.
// Rows travel as arrays (unnest); the tables and columns are prisma/schema.prisma's.
//
// A set of rows (mappings, services) is replaced by deleting the rows left out of the new set and
// upserting the others: the sub-statements of one statement run in no set order, so a delete of
// every row beside an insert of the new ones could meet a row's unique key before its delete.
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../prisma/generated/client';
import type { StepConfiguration } from '../../workflows/onboarding/messages';
import type { StepInputs } from '../../workflows/onboarding/types';

/** An eligible service as the step's verification resolved it from the Pricebook. */
export type EligibleServiceRow = { serviceId: number; code: string; name: string };

/** Prisma's @default(uuid()) for rows inserted without it. */
const newIds = (count: number): string[] => Array.from({ length: count }, () => randomUUID());

/** The CTEs that replace the step's stored configuration with `request`'s, as of `verifiedAt`. */
export function configurationWrites(request: StepConfiguration, resolved: Record<string, unknown>, verifiedAt: Date): Prisma.Sql {
  switch (request.step) {
    case 'planMappings':
      return planMappingWrites(request.input.mappings, verifiedAt);
    case 'jobTypeMappings':
      return jobTypeMappingWrites(request.input.mappings, verifiedAt);
    case 'comfortCreditField':
      return Prisma.sql`config AS (
        INSERT INTO "comfort_credit_settings" ("integration_id", "custom_field_name", "custom_field_type_id", "verified_at")
        SELECT integration."id", ${String(resolved.customFieldName)}, ${String(resolved.customFieldTypeId)}::bigint, ${verifiedAt} FROM integration
        ON CONFLICT ("integration_id") DO UPDATE
          SET "custom_field_name" = EXCLUDED."custom_field_name", "custom_field_type_id" = EXCLUDED."custom_field_type_id", "verified_at" = EXCLUDED."verified_at"
      )`;
    case 'eligibleServices':
      return eligibleServiceWrites(resolved.services as EligibleServiceRow[], verifiedAt);
    case 'tag':
      return Prisma.sql`config AS (
        INSERT INTO "tag_settings" ("integration_id", "tag_name", "tag_type_id", "verified_at")
        SELECT integration."id", ${String(resolved.tagName)}, ${String(resolved.tagTypeId)}::bigint, ${verifiedAt} FROM integration
        ON CONFLICT ("integration_id") DO UPDATE
          SET "tag_name" = EXCLUDED."tag_name", "tag_type_id" = EXCLUDED."tag_type_id", "verified_at" = EXCLUDED."verified_at"
      )`;
    case 'campaign':
      if (request.input.campaignId === null) {
        return Prisma.sql`config AS (DELETE FROM "campaign_settings" WHERE "integration_id" = (SELECT "id" FROM integration))`;
      }
      return Prisma.sql`config AS (
        INSERT INTO "campaign_settings" ("integration_id", "campaign_id", "name", "verified_at")
        SELECT integration."id", ${String(request.input.campaignId)}::bigint, ${String(resolved.campaignName)}, ${verifiedAt} FROM integration
        ON CONFLICT ("integration_id") DO UPDATE
          SET "campaign_id" = EXCLUDED."campaign_id", "name" = EXCLUDED."name", "verified_at" = EXCLUDED."verified_at"
      )`;
    case 'capacityScheduling': {
      const units = request.input.enabled ? request.input.businessUnitIds : [];
      return Prisma.sql`config AS (
        INSERT INTO "capacity_settings" ("integration_id", "enabled", "business_unit_ids", "verified_at")
        SELECT integration."id", ${request.input.enabled}, ${units.map(String)}::text[]::bigint[], ${verifiedAt} FROM integration
        ON CONFLICT ("integration_id") DO UPDATE
          SET "enabled" = EXCLUDED."enabled", "business_unit_ids" = EXCLUDED."business_unit_ids", "verified_at" = EXCLUDED."verified_at"
      )`;
    }
  }
}

function planMappingWrites(rows: StepInputs['planMappings']['mappings'], verifiedAt: Date): Prisma.Sql {
  const planIds = rows.map((r) => r.planId);
  return Prisma.sql`config_left_out AS (
    DELETE FROM "plan_mappings" WHERE "integration_id" = (SELECT "id" FROM integration) AND NOT ("plan_id" = ANY(${planIds}::text[]))
  ), config AS (
    INSERT INTO "plan_mappings" ("id", "integration_id", "plan_id", "membership_type_id", "verified_at")
    SELECT m.id::uuid, integration."id", m.plan_id, m.membership_type_id::bigint, ${verifiedAt}
    FROM integration, unnest(${newIds(rows.length)}::text[], ${planIds}::text[], ${rows.map((r) => String(r.membershipTypeId))}::text[])
      AS m(id, plan_id, membership_type_id)
    ON CONFLICT ("integration_id", "plan_id") DO UPDATE
      SET "membership_type_id" = EXCLUDED."membership_type_id", "verified_at" = EXCLUDED."verified_at"
  )`;
}

function jobTypeMappingWrites(rows: StepInputs['jobTypeMappings']['mappings'], verifiedAt: Date): Prisma.Sql {
  const conditionIds = rows.map((r) => r.tradeConditionId);
  return Prisma.sql`config_left_out AS (
    DELETE FROM "job_type_mappings" WHERE "integration_id" = (SELECT "id" FROM integration) AND NOT ("trade_condition_id" = ANY(${conditionIds}::text[]))
  ), config AS (
    INSERT INTO "job_type_mappings" ("id", "integration_id", "trade_condition_id", "business_unit_id", "job_type_id", "verified_at")
    SELECT m.id::uuid, integration."id", m.trade_condition_id, m.business_unit_id::bigint, m.job_type_id::bigint, ${verifiedAt}
    FROM integration, unnest(
      ${newIds(rows.length)}::text[],
      ${conditionIds}::text[],
      ${rows.map((r) => String(r.businessUnitId))}::text[],
      ${rows.map((r) => String(r.jobTypeId))}::text[]
    ) AS m(id, trade_condition_id, business_unit_id, job_type_id)
    ON CONFLICT ("integration_id", "trade_condition_id") DO UPDATE
      SET "business_unit_id" = EXCLUDED."business_unit_id", "job_type_id" = EXCLUDED."job_type_id", "verified_at" = EXCLUDED."verified_at"
  )`;
}

function eligibleServiceWrites(rows: EligibleServiceRow[], verifiedAt: Date): Prisma.Sql {
  const serviceIds = rows.map((r) => String(r.serviceId));
  return Prisma.sql`config_left_out AS (
    DELETE FROM "eligible_services" WHERE "integration_id" = (SELECT "id" FROM integration) AND NOT ("service_id" = ANY(${serviceIds}::text[]::bigint[]))
  ), config AS (
    INSERT INTO "eligible_services" ("id", "integration_id", "service_id", "code", "name", "verified_at")
    SELECT s.id::uuid, integration."id", s.service_id::bigint, s.code, s.name, ${verifiedAt}
    FROM integration, unnest(
      ${newIds(rows.length)}::text[],
      ${serviceIds}::text[],
      ${rows.map((r) => r.code)}::text[],
      ${rows.map((r) => r.name)}::text[]
    ) AS s(id, service_id, code, name)
    ON CONFLICT ("integration_id", "service_id") DO UPDATE
      SET "code" = EXCLUDED."code", "name" = EXCLUDED."name", "verified_at" = EXCLUDED."verified_at"
  )`;
}
