-- Each location's custom fields as ServiceTitan's locations export feed last showed them, per
-- partner: the Comfort Credit sync sends them back with the balance in one PATCH (ServiceTitan
-- replaces the whole array), instead of reading the location before every write.

-- CreateTable
CREATE TABLE "location_custom_fields" (
    "partner_id" TEXT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "custom_fields" JSONB NOT NULL,
    "modified_on" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "location_custom_fields_pkey" PRIMARY KEY ("partner_id","location_id")
);
