-- ServiceTitan catalog lists read for a partner moments ago, shared for a short while by the
-- credential check, the dashboard's catalog and the step verifications (a refusal is always
-- re-read; submit reads afresh). Rows are replaced in place; a stale row is simply read over.
CREATE TABLE "servicetitan_catalog_reads" (
    "partner_id" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "servicetitan_catalog_reads_pkey" PRIMARY KEY ("partner_id","resource")
);
