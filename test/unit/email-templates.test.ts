import { renderEmail, type EmailMessage, type RenderedEmail, type TemplateData, type TemplateName } from '../../activities/onboarding/email/templates';

const CONTINUE_URL = 'https://api.smartac.example/v1/continue-setup?token=abc.def&utm=email';
const SETTINGS_URL = 'https://noc.smartac.com/settings';
const EXPIRES = '2026-03-08T12:00:00.000Z';
const EXPIRES_TEXT = 'March 8, 2026 at 12:00 PM UTC';

const samples: { [T in TemplateName]: TemplateData[T] } = {
  continueSetup: { partnerName: 'Cool Air HVAC', tenantId: '1234567', continueUrl: CONTINUE_URL, expiresAt: new Date(EXPIRES) },
  rejected: { partnerName: 'Cool Air HVAC', tenantId: '1234567', reason: 'The Tenant ID belongs to another company.', dashboardSettingsUrl: SETTINGS_URL },
  staffReviewReminder: {
    partnerName: 'Cool Air HVAC',
    partnerId: 'cool-air',
    tenantId: '1234567',
    waitingSince: '2026-03-01T09:30:00.000Z',
    reviewUrl: 'https://api.smartac.example/v1/staff/integrations?status=AWAITING_REVIEW',
  },
  credentialsReminder: { partnerName: 'Cool Air HVAC', tenantId: '1234567', reminderNumber: 2, continueUrl: CONTINUE_URL, expiresAt: EXPIRES },
  expired: { partnerName: 'Cool Air HVAC', tenantId: '1234567', dashboardSettingsUrl: SETTINGS_URL },
  needsAttention: {
    partnerName: 'Cool Air HVAC',
    tenantId: '1234567',
    problem: 'ServiceTitan refused the Client ID and Client Secret (invalid_client).',
    dashboardSettingsUrl: SETTINGS_URL,
  },
};
const TEMPLATES = Object.keys(samples) as TemplateName[];

function render<T extends TemplateName>(template: T, data: Partial<TemplateData[T]> = {}): RenderedEmail {
  return renderEmail({ template, data: { ...samples[template], ...data } } as EmailMessage<T>);
}

/** Asserts that both the text and the HTML version say it (HTML after entity decoding). */
function expectBoth(email: RenderedEmail, ...phrases: string[]): void {
  const htmlText = email.html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  for (const phrase of phrases) {
    expect(email.text).toContain(phrase);
    expect(htmlText).toContain(phrase);
  }
}

const CONNECT_INSTRUCTIONS = [
  'Integrations > “API Application Access”',
  '“Connect New App” and connect to SmartAC.com',
  'select “No Restrictions”',
  'allows SmartAC to fully sync with your ServiceTitan data',
  'create your Client ID and Client Secret',
  'Partner Dashboard Settings > Integrations',
  'choose “Connect”',
];

describe('continueSetup', () => {
  const email = render('continueSetup');

  it("gives the guide's ServiceTitan instructions, in order", () => {
    expectBoth(email, ...CONNECT_INSTRUCTIONS, 'tenant 1234567', 'Hello Cool Air HVAC,');
    const positions = CONNECT_INSTRUCTIONS.map((phrase) => email.text.indexOf(phrase));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('links Continue Setup to the signed URL and says when it expires', () => {
    expect(email.text).toContain(`Continue Setup: ${CONTINUE_URL}`);
    expect(email.html).toContain(`href="${CONTINUE_URL.replace(/&/g, '&amp;')}"`);
    expectBoth(email, `expires on ${EXPIRES_TEXT}`);
  });

  it('has a plain-text version without markup and a subject that says what to do', () => {
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.subject).toBe('Your ServiceTitan integration is approved: continue setup');
  });
});

describe('rejected', () => {
  it('gives the reason and how to apply again', () => {
    const email = render('rejected');
    expectBoth(email, 'The Tenant ID belongs to another company.', 'Settings > Integrations', 'press “Connect”', 'Tenant ID', 'apply again');
    expect(email.html).toContain(`href="${SETTINGS_URL}"`);
  });

  it('still explains where to apply again when no dashboard link is given', () => {
    const email = render('rejected', { dashboardSettingsUrl: undefined });
    expectBoth(email, 'Settings > Integrations');
    expect(email.html).not.toContain('Open Partner Dashboard settings');
  });
});

describe('staffReviewReminder', () => {
  it('names the partner, the tenant, the wait and links to the staff listing', () => {
    const email = render('staffReviewReminder');
    expect(email.subject).toBe('Review waiting: Cool Air HVAC (ServiceTitan tenant 1234567)');
    expectBoth(email, 'Cool Air HVAC (cool-air)', '1234567', 'March 1, 2026 at 9:30 AM UTC', '/v1/staff/integrations/cool-air/approve');
    expect(email.text).toContain(`: ${samples.staffReviewReminder.reviewUrl}`);
  });

  it('shows the id once when the partner has no name of its own', () => {
    const { text } = render('staffReviewReminder', { partnerName: 'cool-air' });
    expect(text).toContain('Partner: cool-air\n');
    expect(text).not.toContain('cool-air (cool-air)');
  });
});

describe('credentialsReminder', () => {
  it('says which reminder it is, with the link, its expiry and the instructions', () => {
    const email = render('credentialsReminder');
    expect(email.subject).toBe('Second reminder: connect ServiceTitan to finish your SmartAC.com setup');
    expectBoth(email, ...CONNECT_INSTRUCTIONS, `expires on ${EXPIRES_TEXT}`);
    expect(email.text).toContain(`Continue Setup: ${CONTINUE_URL}`);
  });

  it('counts reminders past the named ones', () => {
    expect(render('credentialsReminder', { reminderNumber: 1 }).subject).toMatch(/^First reminder:/);
    expect(render('credentialsReminder', { reminderNumber: 4 }).subject).toMatch(/^Reminder 4:/);
  });
});

describe('expired', () => {
  it('says nothing was connected and how to start again, without a dead link', () => {
    const email = render('expired');
    expectBoth(email, 'has expired', 'Nothing was connected', 'To start again', 'press “Connect”', 'Tenant ID');
    expect(email.text).not.toContain('continue-setup');
  });
});

describe('needsAttention', () => {
  it('says what ServiceTitan answered and how to replace the credentials', () => {
    const email = render('needsAttention');
    expectBoth(
      email,
      'invalid_client',
      '“API Application Access”',
      '“No Restrictions”',
      'Create a new Client ID and Client Secret',
      'Settings > Integrations > ServiceTitan',
      'choose “Connect”',
    );
  });
});

describe('every template', () => {
  const HOSTILE = `<script>alert("x")</script><img src=x onerror='y'> & Co`;

  it.each(TEMPLATES)('%s escapes hostile values in HTML and keeps them readable in text', (template) => {
    const hostile = { partnerName: HOSTILE, reason: HOSTILE, problem: HOSTILE };
    const email = render(template, hostile as never);
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt; &amp; Co');
    expect(email.text).toContain(HOSTILE);
  });

  it('keeps the subject on one line whatever a partner name holds', () => {
    expect(render('staffReviewReminder', { partnerName: 'Evil\r\nBcc: victim@example.com' }).subject).toBe(
      'Review waiting: Evil Bcc: victim@example.com (ServiceTitan tenant 1234567)',
    );
  });

  it.each(TEMPLATES)('%s is a complete HTML document with a signature', (template) => {
    const { html, text } = render(template);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    expect(text).toContain('The SmartAC.com Integrations team');
  });

  it('refuses links that are not http(s)', () => {
    expect(() => render('continueSetup', { continueUrl: 'javascript:alert(1)' })).toThrow('email links must be http(s)');
    expect(() => render('staffReviewReminder', { reviewUrl: 'data:text/html,hi' })).toThrow('email links must be http(s)');
  });

  it('refuses a date that is not one', () => {
    expect(() => render('continueSetup', { expiresAt: 'soon' })).toThrow('not a date');
  });
});
