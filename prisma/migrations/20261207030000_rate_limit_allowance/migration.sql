-- Each app + tenant key learns how much jitter its requests need (lib/pg-rate-limiter.ts):
-- the allowance starts at the minimum, doubles on a 429, and is back at the minimum after a quiet spell.
ALTER TABLE "rate_limit_buckets" ADD COLUMN "allowance_ms" DOUBLE PRECISION NOT NULL DEFAULT 40;
ALTER TABLE "rate_limit_buckets" ADD COLUMN "widened_at" TIMESTAMPTZ(6);
