-- Emails sent by activities, for exactly-once sending under activity retries.

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('SENDING', 'SENT');

-- CreateTable
CREATE TABLE "sent_emails" (
    "idempotency_key" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "sent_emails_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "sent_emails_recipient_created_at_idx" ON "sent_emails"("recipient", "created_at");
