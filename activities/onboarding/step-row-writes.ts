// The step saves whose statements Prisma would compile anew on every call: createMany with its
// rows, and an upsert with a list column (capacity's Business Units). Prisma's query-plan cache
// keeps neither, and its query compiler runs on the worker's event loop, where every activity and
// local activity of that worker waits for it. Alone it costs 0.5-2 ms per save (saveStep 200
// times over: job type mappings 5.0 -> 3.0 ms of CPU, plan mappings 3.5 -> 3.0, capacity
// 2.8 -> 2.3); on a loaded worker one of these compiles was seen holding the loop for 10-16 ms.
// These statements are plain SQL with their rows as arrays, so nothing is compiled; the tables
// and columns are prisma/schema.prisma's. An empty list inserts no row.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../prisma/generated/client';
import type { StepInputs } from '../../workflows/onboarding/types';

type Tx = Prisma.TransactionClient;

/** An eligible service as the step's verification resolved it from the Pricebook. */
export type EligibleServiceRow = { serviceId: number; code: string; name: string };

/** Prisma's @default(uuid()) for rows inserted without it. */
const newIds = (count: number): string[] => Array.from({ length: count }, () => randomUUID());

export async function insertPlanMappings(tx: Tx, integrationId: string, rows: StepInputs['planMappings']['mappings'], verifiedAt: Date) {
  await tx.$executeRaw`
    INSERT INTO "plan_mappings" ("id", "integration_id", "plan_id", "membership_type_id", "verified_at")
    SELECT m.id::uuid, ${integrationId}::uuid, m.plan_id, m.membership_type_id::bigint, ${verifiedAt}
    FROM unnest(${newIds(rows.length)}::text[], ${rows.map((r) => r.planId)}::text[], ${rows.map((r) => String(r.membershipTypeId))}::text[])
      AS m(id, plan_id, membership_type_id)`;
}

export async function insertJobTypeMappings(tx: Tx, integrationId: string, rows: StepInputs['jobTypeMappings']['mappings'], verifiedAt: Date) {
  await tx.$executeRaw`
    INSERT INTO "job_type_mappings" ("id", "integration_id", "trade_condition_id", "business_unit_id", "job_type_id", "verified_at")
    SELECT m.id::uuid, ${integrationId}::uuid, m.trade_condition_id, m.business_unit_id::bigint, m.job_type_id::bigint, ${verifiedAt}
    FROM unnest(
      ${newIds(rows.length)}::text[],
      ${rows.map((r) => r.tradeConditionId)}::text[],
      ${rows.map((r) => String(r.businessUnitId))}::text[],
      ${rows.map((r) => String(r.jobTypeId))}::text[]
    ) AS m(id, trade_condition_id, business_unit_id, job_type_id)`;
}

export async function insertEligibleServices(tx: Tx, integrationId: string, rows: EligibleServiceRow[], verifiedAt: Date) {
  await tx.$executeRaw`
    INSERT INTO "eligible_services" ("id", "integration_id", "service_id", "code", "name", "verified_at")
    SELECT s.id::uuid, ${integrationId}::uuid, s.service_id::bigint, s.code, s.name, ${verifiedAt}
    FROM unnest(
      ${newIds(rows.length)}::text[],
      ${rows.map((r) => String(r.serviceId))}::text[],
      ${rows.map((r) => r.code)}::text[],
      ${rows.map((r) => r.name)}::text[]
    ) AS s(id, service_id, code, name)`;
}

export async function upsertCapacitySetting(tx: Tx, integrationId: string, row: { enabled: boolean; businessUnitIds: number[] }, verifiedAt: Date) {
  await tx.$executeRaw`
    INSERT INTO "capacity_settings" ("integration_id", "enabled", "business_unit_ids", "verified_at")
    VALUES (${integrationId}::uuid, ${row.enabled}, ${row.businessUnitIds.map(String)}::text[]::bigint[], ${verifiedAt})
    ON CONFLICT ("integration_id") DO UPDATE
      SET "enabled" = excluded."enabled", "business_unit_ids" = excluded."business_unit_ids", "verified_at" = excluded."verified_at"`;
}
