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
