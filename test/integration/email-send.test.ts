// Idempotent email sending against the real stack pieces: the migrated Postgres (sent_emails) and
// MailDev's SMTP server, read back through its REST inbox. Other files share the inbox, so every
// test mails its own fresh address and only looks at that address's messages.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createMailer, type Mailer, type OutgoingEmail } from '../../activities/onboarding/email/mailer';
import { createEmailActivities, messageIdFor, type SendEmailInput } from '../../activities/onboarding/email/send';
import { createDb, type Db } from '../../lib/db/client';
import { EmailFailure } from '../../workflows/failures';
import { listEmails, waitForEmail, type InboxEmail } from '../support/inbox';
import { waitFor } from '../support/wait';

let db: Db;
let mailer: Mailer;

beforeAll(() => {
  db = createDb(process.env.DATABASE_URL!);
  mailer = createMailer({ smtpUrl: process.env.SMTP_URL!, from: 'SmartAC.com Integrations <integrations@smartac.com>' });
});
afterAll(async () => {
  mailer?.close();
  await db?.$disconnect();
});

function freshAddress(): string {
  return `email-send-${randomUUID()}@partner.example`;
}

function freshKey(): string {
  return `onboarding-acme/${randomUUID()}/activity-1`;
}

function continueSetupEmail(to: string, idempotencyKey = freshKey()): SendEmailInput {
  return {
    idempotencyKey,
    to,
    template: 'continueSetup',
    data: {
      partnerName: 'Cool Air HVAC',
      tenantId: '1234567',
      continueUrl: 'https://api.smartac.example/v1/continue-setup?token=t.s',
      expiresAt: new Date('2026-03-08T12:00:00Z'),
    },
  };
}

async function inboxOf(address: string): Promise<InboxEmail[]> {
  return (await listEmails()).filter((email) => email.to.some((t) => t.address === address));
}

/** The Message-ID header as MailDev recorded it. */
function messageIdHeader(email: InboxEmail): string | undefined {
  return (email as InboxEmail & { headers?: Record<string, string> }).headers?.['message-id'];
}

describe('sendEmail', () => {
  it('sends once per idempotency key: a retry sends nothing, another key sends again', async () => {
    const { sendEmail } = createEmailActivities({ db, mailer });
    const to = freshAddress();
    const request = continueSetupEmail(to);

    const first = await sendEmail(request);
    expect(first).toEqual({ messageId: messageIdFor(request.idempotencyKey), alreadySent: false });
    const delivered = await waitForEmail(to, /approved: continue setup/);
    expect(messageIdHeader(delivered)).toBe(first.messageId);
    expect(delivered.text).toContain('“No Restrictions”');

    expect(await sendEmail(request)).toEqual({ messageId: first.messageId, alreadySent: true });

    const second = await sendEmail({ ...request, idempotencyKey: freshKey() });
    expect(second.alreadySent).toBe(false);
    expect(second.messageId).not.toBe(first.messageId);
    // The retry above would have reached the inbox before this later email: two in all, not three.
    const received = await waitFor(async () => {
      const emails = await inboxOf(to);
      return emails.length >= 2 && emails;
    }, 'second email');
    expect(received.map(messageIdHeader).sort()).toEqual([first.messageId, second.messageId].sort());

    const row = await db.sentEmail.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } });
    expect(row).toMatchObject({ template: 'continueSetup', recipient: to, subject: delivered.subject, messageId: first.messageId, status: 'SENT' });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('after an attempt that failed mid-send, the retry sends with the same Message-ID', async () => {
    const to = freshAddress();
    const request = continueSetupEmail(to);
    const attempted: OutgoingEmail[] = [];
    const brokenSmtp: Mailer = {
      async send(email) {
        attempted.push(email);
        throw new Error('connection lost');
      },
      close() {},
    };

    await expect(createEmailActivities({ db, mailer: brokenSmtp }).sendEmail(request)).rejects.toThrow('connection lost');
    expect(await db.sentEmail.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } })).toMatchObject({ status: 'SENDING', sentAt: null });

    const retried = await createEmailActivities({ db, mailer }).sendEmail(request);
    expect(retried).toEqual({ messageId: attempted[0]!.messageId, alreadySent: false });
    expect(messageIdHeader(await waitForEmail(to, /continue setup/))).toBe(retried.messageId);
    expect(await db.sentEmail.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } })).toMatchObject({ status: 'SENT' });
  });

  it('refuses, without retrying, a key already used for a different email', async () => {
    const { sendEmail } = createEmailActivities({ db, mailer });
    const request = continueSetupEmail(freshAddress());
    await sendEmail(request);

    const reuse = sendEmail({ ...request, to: freshAddress() });
    await expect(reuse).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(reuse).rejects.toMatchObject({ type: EmailFailure.IdempotencyKeyReused, nonRetryable: true });
  });
});
