// The emails of onboarding, as pure functions of their data. Each email is written once as
// blocks (paragraphs, steps, facts, a button) and rendered to both plain text and HTML, so the two
// never drift apart. The partner-facing wording follows the public setup guide
// (../shared/reference/seed-servicetitan-integration-setup.txt). Every interpolated value is
// escaped in HTML, links must be http(s), and no template takes a secret: the Client Secret is
// only ever entered in the Partner Dashboard.

/** A point in time: a Date in-process, or its ISO string once it has crossed a Temporal payload. */
export type Instant = Date | string;

/** What each template needs. `partnerName` is the partner's display name, or its id when it has none. */
export interface TemplateData {
  continueSetup: { partnerName: string; tenantId: string; continueUrl: string; expiresAt: Instant };
  rejected: { partnerName: string; tenantId: string; reason: string; dashboardSettingsUrl?: string };
  staffReviewReminder: { partnerName: string; partnerId: string; tenantId: string; waitingSince: Instant; reviewUrl: string };
  credentialsReminder: { partnerName: string; tenantId: string; reminderNumber: number; continueUrl: string; expiresAt: Instant };
  expired: { partnerName: string; tenantId: string; dashboardSettingsUrl?: string };
  /** `problem`: what ServiceTitan answered, in words (a verification error's message). */
  needsAttention: { partnerName: string; tenantId: string; problem: string; dashboardSettingsUrl?: string };
}
export type TemplateName = keyof TemplateData;

/** One email: the template's name and its data, checked together. */
export type EmailMessage<T extends TemplateName = TemplateName> = { [K in T]: { template: K; data: TemplateData[K] } }[T];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'steps'; items: string[] }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'button'; label: string; url: string };

interface EmailContent {
  subject: string;
  greeting: string;
  blocks: Block[];
  footer: string;
}

const SIGNATURE = 'The SmartAC.com Integrations team';
const PARTNER_FOOTER = 'You receive this email because your company is connecting ServiceTitan to SmartAC.com. Questions? Reply to this email.';
const TENANT_ID_HELP = 'https://help.servicetitan.com/problem-solution/where-can-i-find-my-tenant-id-for-integrations-in-servicetitan';

/** The guide's "next step" instructions, shared by the approval email and its reminders. */
const CONNECT_STEPS = [
  'In ServiceTitan, go to Integrations > “API Application Access”.',
  'Click “Connect New App” and connect to SmartAC.com.',
  'When prompted to configure access for the SmartAC.com app, select “No Restrictions”. This allows SmartAC to fully sync with your ServiceTitan data and ensures the integration runs reliably. It also enables more advanced reporting and attribution features in future updates, so you will already be set up when those become available, without needing to reconfigure.',
  'Once installed, create your Client ID and Client Secret from within ServiceTitan.',
  'Return to the SmartAC.com Partner Dashboard Settings > Integrations with the “Continue Setup” button below, enter the Client ID and Client Secret on the integration page and choose “Connect”.',
];
const KEEP_SECRET_PRIVATE = 'Enter your Client Secret only in the Partner Dashboard. SmartAC will never ask you for it by email or phone.';

const APPLY_STEPS = [
  'Go to Settings > Integrations in your SmartAC.com Partner Dashboard.',
  'Choose ServiceTitan and press “Connect”.',
  `Enter your ServiceTitan Tenant ID (where to find it: ${TENANT_ID_HELP}) and submit.`,
  'Our team reviews every request by hand, so this is not immediate. You will get an email with the next step.',
];

function settingsButton(url: string | undefined): Block[] {
  return url ? [{ kind: 'button', label: 'Open Partner Dashboard settings', url }] : [];
}

const compose: { [T in TemplateName]: (data: TemplateData[T]) => EmailContent } = {
  continueSetup: (d) => ({
    subject: 'Your ServiceTitan integration is approved: continue setup',
    greeting: `Hello ${d.partnerName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Our team has reviewed and enabled the ServiceTitan integration for tenant ${d.tenantId}. The next step is to connect the SmartAC.com app in ServiceTitan and give SmartAC its Client ID and Client Secret:`,
      },
      { kind: 'steps', items: CONNECT_STEPS },
      { kind: 'button', label: 'Continue Setup', url: d.continueUrl },
      { kind: 'paragraph', text: `This link expires on ${formatInstant(d.expiresAt)}. It is for your company only: please do not forward it.` },
      { kind: 'paragraph', text: KEEP_SECRET_PRIVATE },
      {
        kind: 'paragraph',
        text: 'Once connected, the dashboard walks you through the rest: mapping your maintenance plans and job types, the Comfort Credit field, the Pricebook services eligible for Comfort Credits, your SmartAC tag and, if you use them, a campaign and realtime capacity scheduling.',
      },
    ],
    footer: PARTNER_FOOTER,
  }),

  rejected: (d) => ({
    subject: 'Your ServiceTitan integration request was not approved',
    greeting: `Hello ${d.partnerName},`,
    blocks: [
      { kind: 'paragraph', text: `Our team reviewed your request to connect ServiceTitan tenant ${d.tenantId} to SmartAC.com and could not approve it.` },
      { kind: 'facts', rows: [['Reason', d.reason]] },
      { kind: 'paragraph', text: 'You are welcome to apply again once this is resolved:' },
      { kind: 'steps', items: APPLY_STEPS },
      ...settingsButton(d.dashboardSettingsUrl),
    ],
    footer: PARTNER_FOOTER,
  }),

  staffReviewReminder: (d) => ({
    subject: `Review waiting: ${d.partnerName} (ServiceTitan tenant ${d.tenantId})`,
    greeting: 'Hello SmartAC staff,',
    blocks: [
      { kind: 'paragraph', text: 'A ServiceTitan integration request has waited for review longer than our review target.' },
      {
        kind: 'facts',
        rows: [
          ['Partner', d.partnerName === d.partnerId ? d.partnerId : `${d.partnerName} (${d.partnerId})`],
          ['ServiceTitan Tenant ID', d.tenantId],
          ['Waiting since', formatInstant(d.waitingSince)],
        ],
      },
      { kind: 'button', label: 'Open the requests waiting for review', url: d.reviewUrl },
      {
        kind: 'paragraph',
        text: `Approve or reject it with POST /v1/staff/integrations/${d.partnerId}/approve or /reject, or by sending the approve or reject signal to its workflow in the Temporal UI.`,
      },
    ],
    footer: 'Sent by the SmartAC ServiceTitan integration service.',
  }),

  credentialsReminder: (d) => ({
    subject: `${reminderLabel(d.reminderNumber)}: connect ServiceTitan to finish your SmartAC.com setup`,
    greeting: `Hello ${d.partnerName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `${reminderLabel(d.reminderNumber)}: our team enabled the ServiceTitan integration for tenant ${d.tenantId}, and we have not received your Client ID and Client Secret yet.`,
      },
      {
        kind: 'paragraph',
        text: `Your setup link expires on ${formatInstant(d.expiresAt)}. After that, the setup expires and you would have to submit your Tenant ID again.`,
      },
      { kind: 'steps', items: CONNECT_STEPS },
      { kind: 'button', label: 'Continue Setup', url: d.continueUrl },
      { kind: 'paragraph', text: KEEP_SECRET_PRIVATE },
    ],
    footer: PARTNER_FOOTER,
  }),

  expired: (d) => ({
    subject: 'Your SmartAC.com ServiceTitan setup has expired',
    greeting: `Hello ${d.partnerName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `We did not receive the Client ID and Client Secret for ServiceTitan tenant ${d.tenantId} in time, so this setup has expired and its Continue Setup link no longer works. Nothing was connected.`,
      },
      { kind: 'paragraph', text: 'To start again:' },
      { kind: 'steps', items: APPLY_STEPS },
      ...settingsButton(d.dashboardSettingsUrl),
    ],
    footer: PARTNER_FOOTER,
  }),

  needsAttention: (d) => ({
    subject: 'Action needed: SmartAC.com can no longer connect to your ServiceTitan account',
    greeting: `Hello ${d.partnerName},`,
    blocks: [
      { kind: 'paragraph', text: `SmartAC.com could not connect to ServiceTitan tenant ${d.tenantId} with the Client ID and Client Secret you entered.` },
      { kind: 'facts', rows: [['What ServiceTitan answered', d.problem]] },
      { kind: 'paragraph', text: 'Until this is fixed, SmartAC cannot sync with your ServiceTitan account. To fix it, replace the credentials:' },
      {
        kind: 'steps',
        items: [
          'In ServiceTitan, go to Integrations > “API Application Access” and check that the SmartAC.com app is still connected, with “No Restrictions” access.',
          'Create a new Client ID and Client Secret for the SmartAC.com app.',
          'In your SmartAC.com Partner Dashboard, go to Settings > Integrations > ServiceTitan, enter the new Client ID and Client Secret and choose “Connect”. SmartAC verifies them right away.',
        ],
      },
      ...settingsButton(d.dashboardSettingsUrl),
      { kind: 'paragraph', text: KEEP_SECRET_PRIVATE },
    ],
    footer: PARTNER_FOOTER,
  }),
};

export function renderEmail<T extends TemplateName>(message: EmailMessage<T>): RenderedEmail {
  const content = compose[message.template](message.data);
  // Header values must stay on one line whatever a partner name contains.
  return { subject: content.subject.replace(/\s+/g, ' ').trim(), text: renderText(content), html: renderHtml(content) };
}

function renderText({ greeting, blocks, footer }: EmailContent): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'steps':
        return block.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
      case 'button':
        return `${block.label}: ${httpUrl(block.url)}`;
    }
  });
  return [greeting, ...parts, SIGNATURE, footer].join('\n\n') + '\n';
}

const BUTTON_STYLE = 'display:inline-block;padding:12px 22px;background:#0b63ce;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600';

function renderHtml({ subject, greeting, blocks, footer }: EmailContent): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'steps':
        return `<ol>${block.items.map((item) => `<li style="margin-bottom:8px">${escapeHtml(item)}</li>`).join('')}</ol>`;
      case 'facts':
        return `<table role="presentation" style="border-collapse:collapse">${block.rows
          .map(
            ([label, value]) =>
              `<tr><th align="left" style="padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'button': {
        const href = escapeHtml(httpUrl(block.url));
        return (
          `<p style="margin:24px 0"><a href="${href}" style="${BUTTON_STYLE}">${escapeHtml(block.label)}</a></p>` +
          `<p style="font-size:13px;color:#555555">If the button does not work, open this link: <a href="${href}">${href}</a></p>`
        );
      }
    }
  });
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">',
    '<div style="max-width:600px;margin:0 auto">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...body,
    `<p>${escapeHtml(SIGNATURE)}</p>`,
    `<p style="font-size:12px;color:#777777;border-top:1px solid #dddddd;padding-top:12px">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Escaping keeps a URL inside its attribute; this keeps `javascript:` and friends out of it. */
function httpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`email links must be http(s), not ${parsed.protocol}`);
  return parsed.href;
}

// Partners read these in many time zones; UTC with its name is unambiguous.
const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function formatInstant(instant: Instant): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${String(instant)}`);
  return `${DATE_FORMAT.format(date)} UTC`;
}

const ORDINALS = ['First', 'Second', 'Third'];

function reminderLabel(n: number): string {
  return n >= 1 && n <= ORDINALS.length ? `${ORDINALS[n - 1]} reminder` : `Reminder ${n}`;
}
