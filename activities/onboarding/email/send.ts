// Sends each email once per idempotency key, as far as SMTP allows. The key is claimed in the
// database (a SENDING row) before the SMTP call and marked SENT after it, so a retried activity
// finds SENT and sends nothing. The one gap SMTP leaves, a crash after the server accepted the
// message but before the row was marked, resends with the same Message-ID (derived from the key),
// on which receivers de-duplicate. Nothing here reads Temporal's activity Context: the caller
// passes the key (e.g. workflow id + run id + activity id), so this runs in plain unit tests too.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../../lib/db/client';
import { EmailFailure } from '../../../workflows/failures';
import type { Mailer } from './mailer';
import { renderEmail, type EmailMessage } from './templates';

export type SendEmailInput = EmailMessage & {
  /** Stable across retries of the same send, different for every email meant to go out. */
  idempotencyKey: string;
  to: string;
};

export interface SendEmailResult {
  messageId: string;
  /** True when an earlier attempt already sent it and nothing went out now. */
  alreadySent: boolean;
}

const MESSAGE_ID_DOMAIN = 'smartac.com';

/** The Message-ID for a key: the same on every attempt, and not revealing the key itself. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${MESSAGE_ID_DOMAIN}>`;
}

export function createEmailActivities({ db, mailer }: { db: Db; mailer: Mailer }) {
  return {
    async sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
      const { idempotencyKey, template, to } = input;
      if (!idempotencyKey) throw ApplicationFailure.nonRetryable('sendEmail needs an idempotency key', EmailFailure.InvalidRequest);
      const { subject, text, html } = renderEmail(input);
      const messageId = messageIdFor(idempotencyKey);

      // ON CONFLICT DO NOTHING: concurrent or repeated attempts all end up reading the one row.
      await db.sentEmail.createMany({ data: [{ idempotencyKey, template, recipient: to, subject, messageId, status: 'SENDING' }], skipDuplicates: true });
      const claimed = await db.sentEmail.findUniqueOrThrow({ where: { idempotencyKey } });
      if (claimed.template !== template || claimed.recipient !== to) {
        // A caller bug that retrying cannot fix; sending nothing silently would lose an email.
        throw ApplicationFailure.nonRetryable(`idempotency key "${idempotencyKey}" was already used for a different email`, EmailFailure.IdempotencyKeyReused);
      }
      if (claimed.status === 'SENT') return { messageId: claimed.messageId, alreadySent: true };

      await mailer.send({ to, subject, text, html, messageId });
      await db.sentEmail.update({ where: { idempotencyKey }, data: { status: 'SENT', sentAt: new Date() } });
      return { messageId, alreadySent: false };
    },
  };
}
