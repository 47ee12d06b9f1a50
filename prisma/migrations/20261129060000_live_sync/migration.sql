-- The live integration: SmartAC events, what they mean per location and member, and sync state.

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('PENDING', 'APPLIED');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('PENDING', 'JOB_BOOKED', 'BOOKING_CREATED', 'FAILED');

-- CreateTable
CREATE TABLE "smartac_events" (
    "id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL,
    "status" "EventStatus" NOT NULL,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "smartac_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comfort_credit_balances" (
    "partner_id" TEXT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "balance" INTEGER NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "synced_balance" INTEGER,
    "synced_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "comfort_credit_balances_pkey" PRIMARY KEY ("partner_id","location_id")
);

-- CreateTable
CREATE TABLE "hub_alerts" (
    "id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "hub_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "hub_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "technician_notes" (
    "alert_id" TEXT NOT NULL,
    "job_id" BIGINT NOT NULL,
    "note_text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "technician_notes_pkey" PRIMARY KEY ("alert_id","job_id")
);

-- CreateTable
CREATE TABLE "members" (
    "partner_id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "smartac_plan_id" TEXT NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_id" BIGINT,
    "membership_id" BIGINT,
    "membership_synced_at" TIMESTAMPTZ(3),
    "tagged_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "members_pkey" PRIMARY KEY ("partner_id","member_id")
);

-- CreateTable
CREATE TABLE "visit_requests" (
    "request_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "trade" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "notes" TEXT,
    "status" "VisitStatus" NOT NULL,
    "job_id" BIGINT,
    "appointment_id" BIGINT,
    "booking_id" BIGINT,
    "reason" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "visit_requests_pkey" PRIMARY KEY ("request_id")
);

-- CreateTable
CREATE TABLE "sync_cursors" (
    "partner_id" TEXT NOT NULL,
    "feed" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_cursors_pkey" PRIMARY KEY ("partner_id","feed")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "smartac_events_partner_id_received_at_idx" ON "smartac_events"("partner_id", "received_at");

-- CreateIndex
CREATE INDEX "smartac_events_partner_id_status_idx" ON "smartac_events"("partner_id", "status");

-- CreateIndex
CREATE INDEX "comfort_credit_balances_partner_id_synced_at_idx" ON "comfort_credit_balances"("partner_id", "synced_at");

-- CreateIndex
CREATE INDEX "hub_alerts_partner_id_cleared_at_idx" ON "hub_alerts"("partner_id", "cleared_at");

-- CreateIndex
CREATE INDEX "hub_alerts_partner_id_hub_id_kind_idx" ON "hub_alerts"("partner_id", "hub_id", "kind");

-- CreateIndex
CREATE INDEX "members_partner_id_location_id_idx" ON "members"("partner_id", "location_id");

-- CreateIndex
CREATE INDEX "visit_requests_partner_id_status_idx" ON "visit_requests"("partner_id", "status");

-- AddForeignKey
ALTER TABLE "technician_notes" ADD CONSTRAINT "technician_notes_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "hub_alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
