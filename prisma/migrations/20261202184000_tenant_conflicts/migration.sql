-- One ServiceTitan tenant, one owner, unless staff decide otherwise: the tenant check's flag and
-- the staff decision that lets an integration share its tenant with another partner's.
ALTER TABLE "integrations" ADD COLUMN "tenant_conflict" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "integrations" ADD COLUMN "shared_tenant_allowed_by" TEXT;
ALTER TABLE "integrations" ADD COLUMN "shared_tenant_allowed_at" TIMESTAMPTZ(3);

-- Tenants that are already live for several partners (possible before this check existed) stay
-- live: every one but the first to go live is flagged and marked allowed by this migration, with
-- an audit event saying so, so staff find them in their queue and the index below can hold.
WITH live AS (
  SELECT "id", "partner_id", "tenant_id",
         row_number() OVER (PARTITION BY "tenant_id" ORDER BY "activated_at" NULLS LAST, "created_at", "id") AS "rank"
  FROM "integrations" WHERE "status" IN ('ACTIVE', 'NEEDS_ATTENTION')
), grandfathered AS (
  UPDATE "integrations" AS i
  SET "tenant_conflict" = true, "shared_tenant_allowed_by" = 'migration:20261202184000_tenant_conflicts', "shared_tenant_allowed_at" = CURRENT_TIMESTAMP
  FROM live WHERE live."id" = i."id" AND live."rank" > 1
  RETURNING i."id", i."partner_id", i."tenant_id", i."status"
)
INSERT INTO "audit_events" ("partner_id", "integration_id", "actor_type", "actor_id", "action", "from_status", "to_status", "detail", "idempotency_key", "occurred_at")
SELECT g."partner_id", g."id", 'SYSTEM', 'migration:20261202184000_tenant_conflicts', 'tenant.shared_tenant_grandfathered', g."status", NULL,
       jsonb_build_object('tenantId', g."tenant_id", 'reason', 'already live on a tenant another partner had live when tenant checks began'),
       'migration:20261202184000_tenant_conflicts:' || g."id", CURRENT_TIMESTAMP
FROM grandfathered AS g;

-- At most one live integration per tenant without a staff decision: two simultaneous go-lives
-- cannot both pass.
CREATE UNIQUE INDEX "integrations_one_live_per_tenant" ON "integrations"("tenant_id")
  WHERE "status" IN ('ACTIVE', 'NEEDS_ATTENTION') AND "shared_tenant_allowed_at" IS NULL;
