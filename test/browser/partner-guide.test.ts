// The whole setup guide in Chromium against the real stack: a partner clicks through Settings >
// Integrations > ServiceTitan > Connect, the checklist and the Tenant ID; SmartAC staff approve
// from a second browser (its own session); the Continue Setup link is read from the SMTP inbox
// and opened; a wrong secret is refused at its field; the credentials go in by keyboard alone;
// every configuration step, submit, and the live page with its sync children healthy. A partner
// on the restricted-access tenant sees which areas ServiceTitan refused. axe-core checks every
// page and each is saved as a screenshot (test-results/screenshots/).
// Staff approve on the integration's page of the staff console, in their own browser context;
// the console's queue, rejection and audit trail are driven by staff-console.test.ts.
import type { BrowserContext, Page } from 'playwright-core';
import { SEED_TENANT_IDS, sandboxCredentials } from '../../servicetitan/sandbox/seed/credentials';
import { SYNC_CHILDREN } from '../../workflows/sync/types';
import { describedBy, focusedName, pageErrors, signIn, tabTo, visit } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack';
import { waitForEmail } from '../support/inbox';
import { newPartner, startAndApprove, type Partner } from '../support/partners';
import { http } from '../support/service';
import { waitFor } from '../support/wait';

let stack: BrowserStack;
beforeAll(async () => {
  // Sync passes every 2 s, so the live page shows each child's first run within the test.
  stack = await startBrowserStack({ env: { SYNC_INTERVAL_SECONDS: '2' } });
});
afterAll(async () => {
  await stack?.stop();
});

/** A signed-in browser for `partner`, with what its pages report as broken. */
async function partnerBrowser(partner: Partner): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await stack.newContext();
  const page = await context.newPage();
  const errors = pageErrors(page);
  await signIn(page, { role: 'partner', partnerId: partner.partnerId });
  return { context, page, errors };
}

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();
const stepHeading = (page: Page, name: string) => page.locator('#step-heading', { hasText: name }).waitFor();

/** Staff act with their own browser session: cookie plus the pages' CSRF header. */
async function staffPost(staff: BrowserContext, path: string, data: unknown) {
  const res = await staff.request.post(path, { data, headers: { 'X-SmartAC-Client': 'web' } });
  expect({ path, status: res.status() }).toEqual({ path, status: 202 });
}

it('takes a partner through the whole guide to a live integration', async () => {
  const partner = await newPartner(stack.service, SEED_TENANT_IDS.hvac);
  // The Partner Dashboard's own plans (not these pages): what the plan mapping step maps.
  const plans = [
    { id: `${partner.partnerId}-gold`, name: 'Smart Maintenance Gold' },
    { id: `${partner.partnerId}-silver`, name: 'Smart Maintenance Silver' },
  ];
  expect((await http(stack.service.baseUrl, 'PUT', `/v1/partners/${partner.partnerId}/maintenance-plans`, { plans }, partner.headers)).status).toBe(200);
  const { context, page, errors } = await partnerBrowser(partner);

  // Settings > Integrations > ServiceTitan > Connect.
  await heading(page, 'Integrations');
  await page.getByRole('link', { name: 'Connect ServiceTitan' }).click();
  await stepHeading(page, 'Before you start');
  await visit(page, 'guide-1-before-you-start');

  // The checklist refuses to go on while a required item is open, and says which.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: 'These must be done before you can start' }).waitFor();
  await visit(page, 'guide-1-before-you-start-missing');
  for (const item of [
    /in the Partner Dashboard/,
    /Smart Maintenance plans should be set up in ServiceTitan/,
    /custom field for Comfort Credit/,
    /Tag Type/,
    /Campaign Codes/,
  ])
    await page.getByRole('checkbox', { name: item }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Tenant ID and an email for updates; then under review.
  await stepHeading(page, 'ServiceTitan Tenant ID');
  await visit(page, 'guide-2-tenant-id');
  await page.getByRole('textbox', { name: 'ServiceTitan Tenant ID' }).fill('55501x');
  await page.getByRole('button', { name: 'Submit' }).click();
  expect(await describedBy(page.getByRole('textbox', { name: 'ServiceTitan Tenant ID' }))).toEqual({
    invalid: true,
    text: expect.stringMatching(/digits only/),
  });
  await page.getByRole('textbox', { name: 'ServiceTitan Tenant ID' }).fill(partner.tenantId);
  await page.getByLabel('Email for updates about this integration').fill(partner.contactEmail);
  await page.getByRole('button', { name: 'Submit' }).click();
  await stepHeading(page, 'Review by SmartAC');
  await page.getByText('is under review').waitFor();
  await visit(page, 'guide-3-under-review');

  // SmartAC staff, in their own browser, approve (and, when test partners share the sandbox
  // tenant in one run, allow the sharing as they would for a real shared tenant).
  const staff = await stack.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, { role: 'staff', name: 'Alice Reviewer' });
  // The integration's page in the console (the review queue itself is staff-console.test.ts's).
  await staffPage.goto(`/staff/integrations/${partner.partnerId}`);
  await staffPage.getByRole('heading', { level: 1, name: `Integration ${partner.partnerId}` }).waitFor();
  await staffPage.getByLabel('Approval note (optional)').fill('Tenant checked with the partner');
  await staffPage.getByRole('button', { name: `Approve ${partner.partnerId}` }).click();
  await staffPage
    .getByRole('status')
    .filter({ hasText: `Approved ${partner.partnerId}` })
    .waitFor();
  const approved = await waitFor(async () => {
    const state = (await partner.call('GET', '')).body;
    return state.status === 'AWAITING_CREDENTIALS' && state;
  }, 'approval');
  if (approved.tenantConflict && !approved.tenantConflict.allowed)
    await staffPost(staff, `/v1/staff/integrations/${partner.partnerId}/tenant-conflict`, {
      allowSharedTenant: true,
      note: 'test partners share sandbox tenants',
    });

  // The Continue Setup email's link, opened in the partner's browser, lands on the credentials step.
  const email = await waitForEmail(partner.contactEmail, /continue setup/i);
  const link = /(http:\/\/\S+\/v1\/continue-setup\?token=[^\s>)\]]+)/.exec(email.text ?? '')?.[1];
  expect(link).toBeDefined();
  await page.goto(link!);
  await stepHeading(page, 'Connect the SmartAC.com app');
  expect(new URL(page.url())).toMatchObject({ origin: stack.service.baseUrl, pathname: '/settings/integrations/servicetitan' });
  expect(new URL(page.url()).searchParams.get('step')).toBe('credentials');
  await page.getByText('No Restrictions').first().waitFor();
  await visit(page, 'guide-4-credentials');

  // A wrong secret: refused by ServiceTitan, and the error is the secret field's description.
  const { clientId, clientSecret } = sandboxCredentials(SEED_TENANT_IDS.hvac);
  await page.getByLabel('Client ID').fill(clientId);
  await page.getByLabel('Client Secret').fill('not-the-secret');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('alert').filter({ hasText: 'did not accept this Client ID and Client Secret' }).waitFor();
  expect(await describedBy(page.getByLabel('Client Secret'))).toEqual({
    invalid: true,
    text: expect.stringMatching(/ServiceTitan did not accept this Client ID and Client Secret/),
  });
  await visit(page, 'guide-4-credentials-wrong-secret');

  // The right ones by keyboard alone: Tab to each field, type, Enter.
  await page.reload();
  await stepHeading(page, 'Connect the SmartAC.com app');
  await tabTo(page, 'clientId');
  await page.keyboard.type(clientId);
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('clientSecret');
  await page.keyboard.type(clientSecret);
  await page.keyboard.press('Enter');
  await stepHeading(page, 'Maintenance plans');
  // Focus follows to the new step's heading, where a keyboard or screen reader user goes on.
  expect(await focusedName(page)).toBe('step-heading');

  // Every configuration step, chosen from the partner's ServiceTitan as the pages offer it.
  const catalog = (await partner.call('GET', '/catalog')).body;
  await visit(page, 'guide-5-plan-mappings');
  for (const plan of plans)
    await page.getByLabel(`ServiceTitan membership for the SmartAC plan “${plan.name}”`).selectOption(String(catalog.membershipTypes[0].id));
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await stepHeading(page, 'Job type mapping');
  const jobType = catalog.jobTypes.find((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
  for (const condition of catalog.tradeConditions as { label: string }[]) {
    await page.getByLabel(`Business Unit for ${condition.label}`, { exact: true }).selectOption(String(jobType.businessUnitIds[0]));
    await page.getByLabel(`Job Type for ${condition.label}`, { exact: true }).selectOption(String(jobType.id));
  }
  await visit(page, 'guide-6-job-type-mappings');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // The Comfort Credit field: a field that is not a number is refused at the field, then the right one.
  await stepHeading(page, 'Comfort Credit field');
  const fieldName = page.getByLabel('Comfort Credit custom field name');
  const dropdown = catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Dropdown');
  await fieldName.fill(dropdown.name);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.locator('.field .error').waitFor();
  expect(await describedBy(fieldName)).toMatchObject({ invalid: true, text: expect.stringContaining(dropdown.name) });
  await visit(page, 'guide-7-comfort-credit-field-refused');
  await fieldName.fill(catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Numeric').name);
  await page.getByRole('button', { name: 'Verify' }).click();

  // Eligible services: search the Pricebook and tick two.
  await stepHeading(page, 'Eligible services');
  const services = catalog.services.slice(0, 2) as { name: string; code: string }[];
  for (const service of services) {
    await page.getByLabel('Search your Pricebook services').fill(service.code);
    await page.getByRole('checkbox', { name: `${service.name} (${service.code})` }).check();
  }
  await page.getByText('Eligible for Comfort Credits (2)').waitFor();
  await visit(page, 'guide-8-eligible-services');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await stepHeading(page, 'SmartAC.com tag');
  await page.getByLabel('SmartAC.com tag name').fill(catalog.tagTypes.find((t: { name: string }) => /smartac/i.test(t.name)).name);
  await visit(page, 'guide-9-tag');
  await page.getByRole('button', { name: 'Verify' }).click();

  await stepHeading(page, 'Campaign (optional)');
  await page.getByLabel('Campaign for SmartAC-generated jobs').selectOption(String(catalog.campaigns[0].id));
  await visit(page, 'guide-10-campaign');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await stepHeading(page, 'System reminders');
  await visit(page, 'guide-11-system-reminders');
  await page.getByRole('button', { name: 'Continue' }).click();

  await stepHeading(page, 'Realtime capacity scheduling');
  await page.getByRole('switch', { name: 'Use realtime capacity scheduling' }).check();
  const unit = catalog.businessUnits.find((u: { id: number }) => u.id === jobType.businessUnitIds[0]);
  await page.getByRole('checkbox', { name: unit.name, exact: true }).check();
  await visit(page, 'guide-12-capacity-scheduling');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Submit: every step verified, then live.
  await stepHeading(page, 'Submit the integration form');
  expect(await page.locator('tbody .pill.ok', { hasText: 'Verified' }).count()).toBe(7);
  await visit(page, 'guide-13-submit');
  await page.getByRole('button', { name: 'Submit the integration form' }).click();
  await stepHeading(page, 'Live integration');
  await page.getByText('Status: Live').waitFor();

  // The live page: each sync child has run and reports OK.
  await waitFor(
    async () => {
      const state = (await partner.call('GET', '')).body;
      return SYNC_CHILDREN.every((child) => state.sync?.children?.[child]?.lastResult === 'ok');
    },
    'every sync child has reported',
    60_000,
  );
  await page.reload();
  const table = page.getByRole('table', { name: 'Sync with ServiceTitan' });
  await table.waitFor();
  expect(await table.locator('tbody tr').count()).toBe(SYNC_CHILDREN.length);
  expect(await table.locator('tbody .pill.ok', { hasText: 'OK' }).count()).toBe(SYNC_CHILDREN.length);
  await visit(page, 'guide-14-live');

  expect(errors).toEqual([]);
  await Promise.all([context.close(), staff.close()]);
}, 240_000);

it('shows a partner on a restricted-access tenant which areas ServiceTitan refused, and the fix', async () => {
  const partner = await newPartner(stack.service, SEED_TENANT_IDS.bookingProviderOnly);
  await startAndApprove(stack.service, partner);
  const { context, page, errors } = await partnerBrowser(partner);
  await page.goto('/settings/integrations/servicetitan?step=credentials');
  await stepHeading(page, 'Connect the SmartAC.com app');

  const { clientId, clientSecret } = sandboxCredentials(SEED_TENANT_IDS.bookingProviderOnly);
  await page.getByLabel('Client ID').fill(clientId);
  await page.getByLabel('Client Secret').fill(clientSecret);
  await page.getByRole('button', { name: 'Connect' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'ServiceTitan refused these areas' });
  await refused.waitFor();
  expect(await refused.getByRole('listitem').allInnerTexts()).toEqual(expect.arrayContaining(['CRM (Customers and Locations)']));
  await refused.getByText('No Restrictions').waitFor();
  // The form names the problem too, for someone who reached the Connect button first.
  const formDescription = await page.locator('form').getAttribute('aria-describedby');
  expect(await page.locator(`[id="${formDescription}"]`).innerText()).toMatch(/ServiceTitan refused these areas/);
  await visit(page, 'guide-4-credentials-restricted-access');

  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
