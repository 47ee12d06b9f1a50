// The onboarding's emails: the workflow says which (OnboardingEmail); this activity adds what
// only a worker may know (the signed Continue Setup link, staff address, URLs) and sends it once,
// keyed by the workflow run and activity id, so a retried activity never sends twice.
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import { CONTINUE_SETUP_PATH, signLinkToken } from '../../lib/links';
import type { OnboardingEmail } from '../../workflows/onboarding/types';
import type { Mailer } from './email/mailer';
import { activityIdempotencyKey } from '../idempotency';
import { createEmailActivities } from './email/send';

export interface EmailSettings {
  publicBaseUrl: string;
  dashboardBaseUrl: string;
  staffEmail: string;
  linkSigningSecret: string;
}

export interface OnboardingEmailDeps {
  db: Db;
  mailer: Mailer;
  emailSettings: EmailSettings;
}

export function emailSettingsOf(config: Config): EmailSettings {
  return {
    publicBaseUrl: config.api.publicBaseUrl,
    dashboardBaseUrl: config.dashboardBaseUrl,
    staffEmail: config.smtp.staffEmail,
    linkSigningSecret: config.secrets.linkSigningSecret,
  };
}

export function createOnboardingEmailActivities({ db, mailer, emailSettings }: OnboardingEmailDeps) {
  const { sendEmail } = createEmailActivities({ db, mailer });

  const continueUrl = (partnerId: string, expiresAt: string) => {
    const token = signLinkToken({ purpose: 'continue-setup', partnerId, expiresAt: new Date(expiresAt) }, emailSettings.linkSigningSecret);
    return `${emailSettings.publicBaseUrl}${CONTINUE_SETUP_PATH}?token=${encodeURIComponent(token)}`;
  };

  const dashboardSettingsUrl = `${emailSettings.dashboardBaseUrl}/settings/integrations`;

  return {
    async sendOnboardingEmail(message: OnboardingEmail): Promise<{ messageId: string; alreadySent: boolean }> {
      const idempotencyKey = activityIdempotencyKey();
      const partner = await db.partner.findUnique({ where: { id: message.partnerId }, select: { name: true } });
      const partnerName = partner?.name ?? message.partnerId;
      switch (message.kind) {
        case 'continueSetup':
          return sendEmail({
            idempotencyKey,
            template: 'continueSetup',
            to: message.to,
            data: {
              partnerName,
              tenantId: message.tenantId,
              continueUrl: continueUrl(message.partnerId, message.linkExpiresAt),
              expiresAt: new Date(message.linkExpiresAt),
            },
          });
        case 'rejected':
          return sendEmail({
            idempotencyKey,
            template: 'rejected',
            to: message.to,
            data: { partnerName, tenantId: message.tenantId, reason: message.reason, dashboardSettingsUrl },
          });
        case 'staffReviewReminder':
          return sendEmail({
            idempotencyKey,
            template: 'staffReviewReminder',
            to: emailSettings.staffEmail,
            data: {
              partnerName,
              partnerId: message.partnerId,
              tenantId: message.tenantId,
              waitingSince: new Date(message.waitingSince),
              reviewUrl: `${emailSettings.publicBaseUrl}/v1/staff/integrations?status=AWAITING_REVIEW`,
            },
          });
        case 'credentialsReminder':
          return sendEmail({
            idempotencyKey,
            template: 'credentialsReminder',
            to: message.to,
            data: {
              partnerName,
              tenantId: message.tenantId,
              reminderNumber: message.reminderNumber,
              continueUrl: continueUrl(message.partnerId, message.linkExpiresAt),
              expiresAt: new Date(message.linkExpiresAt),
            },
          });
        case 'needsAttention':
          return sendEmail({
            idempotencyKey,
            template: 'needsAttention',
            to: message.to,
            data: { partnerName, tenantId: message.tenantId, problem: message.problem, dashboardSettingsUrl },
          });
        case 'expired':
          return sendEmail({ idempotencyKey, template: 'expired', to: message.to, data: { partnerName, tenantId: message.tenantId, dashboardSettingsUrl } });
      }
    },
  };
}
