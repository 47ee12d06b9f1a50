-- Event ids are unique per partner, not globally: another partner's event with the same id is a
-- different event and must be applied, not acknowledged as a duplicate. Existing rows keep their
-- ids; (partner_id, id) is unique for them already since id alone was.
ALTER TABLE "smartac_events" DROP CONSTRAINT "smartac_events_pkey";
ALTER TABLE "smartac_events" ADD CONSTRAINT "smartac_events_pkey" PRIMARY KEY ("partner_id", "id");

-- A hub alert is named by the id of its raise event, so it is per partner too, and the technician
-- notes written for it follow (their partner is their alert's).
ALTER TABLE "technician_notes" DROP CONSTRAINT "technician_notes_alert_id_fkey";
ALTER TABLE "technician_notes" ADD COLUMN "partner_id" TEXT;
UPDATE "technician_notes" AS n SET "partner_id" = a."partner_id" FROM "hub_alerts" AS a WHERE a."id" = n."alert_id";
ALTER TABLE "technician_notes" ALTER COLUMN "partner_id" SET NOT NULL;
ALTER TABLE "technician_notes" DROP CONSTRAINT "technician_notes_pkey";
ALTER TABLE "technician_notes" ADD CONSTRAINT "technician_notes_pkey" PRIMARY KEY ("partner_id", "alert_id", "job_id");

ALTER TABLE "hub_alerts" DROP CONSTRAINT "hub_alerts_pkey";
ALTER TABLE "hub_alerts" ADD CONSTRAINT "hub_alerts_pkey" PRIMARY KEY ("partner_id", "id");

ALTER TABLE "technician_notes" ADD CONSTRAINT "technician_notes_partner_id_alert_id_fkey" FOREIGN KEY ("partner_id", "alert_id") REFERENCES "hub_alerts"("partner_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
