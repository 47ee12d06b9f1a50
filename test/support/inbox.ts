// Reads the MailDev inbox of the integration test stack through its REST API.
export interface InboxEmail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string; name?: string }[];
  from: { address: string; name?: string }[];
}

function inboxUrl(): string {
  const url = process.env.TEST_INBOX_URL;
  if (!url) throw new Error('TEST_INBOX_URL is not set: run this file in the integration project');
  return url;
}

export async function listEmails(): Promise<InboxEmail[]> {
  const res = await fetch(`${inboxUrl()}/api/email`);
  if (!res.ok) throw new Error(`inbox answered ${res.status}`);
  return (await res.json()) as InboxEmail[];
}

/** Waits until an email to `address` matching `subject` arrives. */
export async function waitForEmail(address: string, subject: RegExp, timeoutMs = 20000): Promise<InboxEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listEmails()).find((e) => e.to.some((t) => t.address === address) && subject.test(e.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${address} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
