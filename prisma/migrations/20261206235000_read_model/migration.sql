-- The read model the API serves partner state and the staff list from (api/read-model.ts), so a
-- read is one SQL round trip and never a Temporal query. The workflows keep it up to date.

-- The onboarding state as the partner sees it, written with every audit event of the onboarding
-- workflow (activities/onboarding/audit-trail.ts). It never holds a secret. The version is the
-- workflow time and history length of the write: an older write never overwrites a newer one.
CREATE TABLE "integration_states" (
    "partner_id" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "version_at" TIMESTAMPTZ(3) NOT NULL,
    "version_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_states_pkey" PRIMARY KEY ("partner_id")
);

-- Each sync child's health, written by its pass activity at the end of every pass
-- (activities/sync/pass-health.ts): no Temporal action, no history.
CREATE TABLE "sync_child_health" (
    "partner_id" TEXT NOT NULL,
    "child" TEXT NOT NULL,
    "last_run_at" TIMESTAMPTZ(3) NOT NULL,
    "last_result" TEXT NOT NULL,
    "last_error" TEXT,
    "failed_items" INTEGER NOT NULL DEFAULT 0,
    "last_item_error" JSONB,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "writes" INTEGER NOT NULL DEFAULT 0,
    "backlog" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sync_child_health_pkey" PRIMARY KEY ("partner_id", "child")
);

-- The staff list pages by (status_changed_at, id), with or without a status filter.
CREATE INDEX "integrations_status_changed_at_id_idx" ON "integrations"("status_changed_at", "id");
CREATE INDEX "integrations_status_status_changed_at_id_idx" ON "integrations"("status", "status_changed_at", "id");
