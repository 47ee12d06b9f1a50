-- Initial schema: partners, their ServiceTitan integrations and configuration, audit trail.

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING', 'ACTIVE', 'NEEDS_ATTENTION', 'REJECTED', 'EXPIRED', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('PARTNER', 'STAFF', 'SYSTEM');

-- CreateTable
CREATE TABLE "partners" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_plans" (
    "id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trade_conditions" (
    "id" TEXT NOT NULL,
    "trade" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "trade_conditions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integrations" (
    "id" UUID NOT NULL,
    "partner_id" TEXT NOT NULL,
    "status" "IntegrationStatus" NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "contact_email" TEXT NOT NULL,
    "prerequisites" JSONB NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "workflow_run_id" TEXT,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "disconnected_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "servicetitan_credentials" (
    "integration_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "secret_ciphertext" BYTEA NOT NULL,
    "secret_iv" BYTEA NOT NULL,
    "secret_auth_tag" BYTEA NOT NULL,
    "key_id" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "servicetitan_credentials_pkey" PRIMARY KEY ("integration_id")
);

-- CreateTable
CREATE TABLE "plan_mappings" (
    "id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "plan_id" TEXT NOT NULL,
    "membership_type_id" BIGINT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_type_mappings" (
    "id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "trade_condition_id" TEXT NOT NULL,
    "business_unit_id" BIGINT NOT NULL,
    "job_type_id" BIGINT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_type_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comfort_credit_settings" (
    "integration_id" UUID NOT NULL,
    "custom_field_name" TEXT NOT NULL,
    "custom_field_type_id" BIGINT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "comfort_credit_settings_pkey" PRIMARY KEY ("integration_id")
);

-- CreateTable
CREATE TABLE "eligible_services" (
    "id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "service_id" BIGINT NOT NULL,
    "code" TEXT,
    "name" TEXT,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "eligible_services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_settings" (
    "integration_id" UUID NOT NULL,
    "tag_name" TEXT NOT NULL,
    "tag_type_id" BIGINT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_settings_pkey" PRIMARY KEY ("integration_id")
);

-- CreateTable
CREATE TABLE "campaign_settings" (
    "integration_id" UUID NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_settings_pkey" PRIMARY KEY ("integration_id")
);

-- CreateTable
CREATE TABLE "capacity_settings" (
    "integration_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "business_unit_ids" BIGINT[],
    "verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "capacity_settings_pkey" PRIMARY KEY ("integration_id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" TEXT NOT NULL,
    "integration_id" UUID,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_status" "IntegrationStatus",
    "to_status" "IntegrationStatus",
    "detail" JSONB NOT NULL DEFAULT '{}',
    "idempotency_key" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "maintenance_plans_partner_id_idx" ON "maintenance_plans"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "trade_conditions_trade_condition_key" ON "trade_conditions"("trade", "condition");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_partner_id_key" ON "integrations"("partner_id");

-- CreateIndex
CREATE INDEX "integrations_status_idx" ON "integrations"("status");

-- CreateIndex
CREATE INDEX "integrations_tenant_id_idx" ON "integrations"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_mappings_integration_id_plan_id_key" ON "plan_mappings"("integration_id", "plan_id");

-- CreateIndex
CREATE UNIQUE INDEX "job_type_mappings_integration_id_trade_condition_id_key" ON "job_type_mappings"("integration_id", "trade_condition_id");

-- CreateIndex
CREATE UNIQUE INDEX "eligible_services_integration_id_service_id_key" ON "eligible_services"("integration_id", "service_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_idempotency_key_key" ON "audit_events"("idempotency_key");

-- CreateIndex
CREATE INDEX "audit_events_partner_id_occurred_at_idx" ON "audit_events"("partner_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_integration_id_occurred_at_idx" ON "audit_events"("integration_id", "occurred_at");

-- AddForeignKey
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "servicetitan_credentials" ADD CONSTRAINT "servicetitan_credentials_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_mappings" ADD CONSTRAINT "plan_mappings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_mappings" ADD CONSTRAINT "plan_mappings_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "maintenance_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_type_mappings" ADD CONSTRAINT "job_type_mappings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_type_mappings" ADD CONSTRAINT "job_type_mappings_trade_condition_id_fkey" FOREIGN KEY ("trade_condition_id") REFERENCES "trade_conditions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comfort_credit_settings" ADD CONSTRAINT "comfort_credit_settings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eligible_services" ADD CONSTRAINT "eligible_services_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_settings" ADD CONSTRAINT "tag_settings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_settings" ADD CONSTRAINT "campaign_settings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capacity_settings" ADD CONSTRAINT "capacity_settings_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Seed the Trade / Trade Condition catalog SmartAC creates work for.
INSERT INTO "trade_conditions" ("id", "trade", "condition", "label") VALUES
    ('hvac.maintenance_due', 'HVAC', 'MAINTENANCE_DUE', 'HVAC: maintenance due'),
    ('hvac.air_filter_dirty', 'HVAC', 'AIR_FILTER_DIRTY', 'HVAC: air filter dirty'),
    ('hvac.not_cooling', 'HVAC', 'NOT_COOLING', 'HVAC: not cooling'),
    ('hvac.not_heating', 'HVAC', 'NOT_HEATING', 'HVAC: not heating'),
    ('hvac.hub_offline', 'HVAC', 'HUB_OFFLINE', 'HVAC: SmartAC hub offline');
