-- Sync health: a Comfort Credit balance ServiceTitan refuses keeps ServiceTitan's answer and is
-- retried on a schedule (activities/sync/item-retry.ts) instead of being dropped silently.

-- AlterTable
ALTER TABLE "comfort_credit_balances" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "last_error_status" INTEGER,
ADD COLUMN     "retry_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "failed_at" TIMESTAMPTZ(3);

-- Balances the sync used to drop as refused (synced_balance = balance with synced_at null, which
-- no real sync leaves behind) wait again: their next try records ServiceTitan's answer.
UPDATE "comfort_credit_balances" SET "synced_balance" = NULL WHERE "synced_at" IS NULL AND "synced_balance" IS NOT NULL;

-- Members refused before: dated now, so their six-hourly retry (activities/sync/item-retry.ts) starts.
UPDATE "members" SET "failed_at" = CURRENT_TIMESTAMP WHERE "last_error" IS NOT NULL;
