// Outgoing mail over SMTP (nodemailer): one pooled transport per process, shared by every email
// activity, so a burst of emails reuses connections instead of opening one each.
import { createTransport } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message-ID header, angle brackets included; receivers de-duplicate on it. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the SMTP server has accepted the message. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Closes the pool's connections; call once, at shutdown. */
  close(): void;
}

export function createMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  const transport = createTransport(
    {
      url: smtpUrl,
      pool: true,
      // Fail an attempt well within an activity's timeout, so Temporal retries it, rather than
      // waiting on a silent server for nodemailer's minutes-long defaults.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from },
  );
  return {
    async send(email) {
      const info = await transport.sendMail(email);
      return { messageId: info.messageId ?? email.messageId };
    },
    close() {
      transport.close();
    },
  };
}
