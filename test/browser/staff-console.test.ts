// The staff console in Chromium against the real stack: staff sign in, see the requests waiting
// for review with their waiting time (one past the review SLA, highlighted), approve one with a
// note (its partner moves on to AWAITING_CREDENTIALS), reject another with a reason (refused
// first without one, at the field), list integrations by status, and open an integration's page
// with its audit timeline and Temporal UI link. axe checks each staff page; each is screenshotted.
import type { Locator, Page } from 'playwright-core';
import { SEED_TENANT_IDS } from '../../servicetitan/sandbox/seed/credentials';
import { pageErrors, signIn, visit } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack';
import { newPartner, prerequisites, type Partner } from '../support/partners';
import { waitFor } from '../support/wait';

let stack: BrowserStack;
let approved: Partner;
let rejected: Partner;

beforeAll(async () => {
  stack = await startBrowserStack();
  approved = await newPartner(stack.service, SEED_TENANT_IDS.bookingProviderOnly);
  rejected = await newPartner(stack.service, SEED_TENANT_IDS.notConnected);
  for (const partner of [approved, rejected]) {
    const started = await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites });
    expect(started.status).toBe(201);
  }
  // The first request has waited two days: past the 24-hour review SLA. (The workflow writes the
  // row the staff list reads moments after the start is answered.)
  await waitFor(() => stack.service.db.integration.findUnique({ where: { partnerId: approved.partnerId } }), 'the integration row');
  await stack.service.db.integration.update({ where: { partnerId: approved.partnerId }, data: { statusChangedAt: new Date(Date.now() - 2 * 86_400_000) } });
});
afterAll(async () => {
  await stack?.stop();
});

const statusOf = async (partner: Partner): Promise<string> => (await partner.call('GET', '')).body.status;
const requestOf = (page: Page, partner: Partner): Locator => page.getByRole('article').filter({ hasText: partner.partnerId });

it('lets staff work the review queue, list integrations and read an audit trail', async () => {
  const context = await stack.newContext();
  const page = await context.newPage();
  const errors = pageErrors(page);
  await signIn(page, { role: 'staff', name: 'alice@smartac.com' });
  expect(new URL(page.url()).pathname).toBe('/staff');
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();

  // Both requests wait, oldest first, with their waiting time; the old one is past the SLA.
  const first = requestOf(page, approved);
  const second = requestOf(page, rejected);
  await first.waitFor();
  await second.waitFor();
  expect(await first.locator('.waiting').textContent()).toMatch(/^2 d/);
  await first.getByText('Past the 24 h review SLA').waitFor();
  expect(await first.getAttribute('class')).toContain('overdue');
  expect(await second.getByText(/Past the .* review SLA/).count()).toBe(0);
  const order = await page.getByRole('article').allTextContents();
  expect(order.findIndex((t) => t.includes(approved.partnerId))).toBeLessThan(order.findIndex((t) => t.includes(rejected.partnerId)));
  await visit(page, 'staff-review-queue');

  // Approve with a note: the request leaves the queue, and the workflow moves the partner on.
  await first.getByLabel('Approval note (optional)').fill('Tenant checked with the partner');
  await first.getByRole('button', { name: `Approve ${approved.partnerId}` }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Approved ${approved.partnerId}` })
    .waitFor();
  await first.waitFor({ state: 'detached' });
  await waitFor(async () => (await statusOf(approved)) === 'AWAITING_CREDENTIALS', 'approval applied');

  // Reject: without a reason the form says so at the field; with one the partner is rejected.
  await second.getByRole('button', { name: `Reject ${rejected.partnerId}` }).click();
  const reason = second.getByLabel('Reason for rejecting (required)');
  await second.getByText('Enter the reason: the partner is emailed it.').waitFor();
  expect(await reason.getAttribute('aria-invalid')).toBe('true');
  await visit(page, 'staff-reject-reason-missing');
  await reason.fill('The tenant belongs to another company');
  await second.getByRole('button', { name: `Reject ${rejected.partnerId}` }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Rejected ${rejected.partnerId}` })
    .waitFor();
  await second.waitFor({ state: 'detached' });
  await waitFor(async () => (await statusOf(rejected)) === 'REJECTED', 'rejection applied');

  // Read again from the API: neither request waits any more. The queue is empty unless another
  // test file of this run (sharing the database) left requests waiting.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
  const othersWaiting = await stack.service.db.integration.count({
    where: { status: 'AWAITING_REVIEW', partnerId: { notIn: [approved.partnerId, rejected.partnerId] } },
  });
  if (othersWaiting === 0) await page.getByText('No requests are waiting for review.').waitFor();
  else await page.getByRole('article').first().waitFor();
  expect(await requestOf(page, approved).count()).toBe(0);
  expect(await requestOf(page, rejected).count()).toBe(0);
  await visit(page, 'staff-review-queue-decided');

  // Integrations by status: the rejected one is listed under Rejected.
  await page.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
  await page.getByLabel('Status', { exact: true }).selectOption('REJECTED');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\/staff\/integrations\?status=REJECTED$/);
  const table = page.getByRole('table', { name: /Integrations \(rejected\)/ });
  await table.getByRole('rowheader').filter({ hasText: rejected.partnerId }).waitFor();
  expect(await table.getByRole('rowheader').filter({ hasText: approved.partnerId }).count()).toBe(0);
  await visit(page, 'staff-integrations');

  // The approved integration's page: its state, its audit timeline (newest first, with the
  // staff decision and its note) and the link to its workflow in the Temporal UI.
  await page.getByLabel('Status', { exact: true }).selectOption('AWAITING_CREDENTIALS');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('link', { name: approved.partnerId }).click();
  await page.waitForURL(`**/staff/integrations/${approved.partnerId}`);
  await page.getByRole('heading', { level: 1, name: `Integration ${approved.partnerId}` }).waitFor();
  await page.getByText('Approved, waiting for credentials').first().waitFor();
  const timeline = page.getByRole('list', { name: 'Audit events, newest first' });
  await timeline.getByText('Review approved').waitFor();
  await timeline.getByText('Tenant checked with the partner').waitFor();
  const events = await timeline.getByRole('listitem').allTextContents();
  expect(events.findIndex((e) => e.includes('Review approved'))).toBeLessThan(events.findIndex((e) => e.includes('Onboarding started')));
  const workflowLink = page.getByRole('link', { name: 'Open the onboarding workflow in the Temporal UI' });
  expect(await workflowLink.getAttribute('href')).toBe(
    `${stack.service.config.temporal.uiUrl}/namespaces/${stack.service.config.temporal.namespace}/workflows/onboarding-${approved.partnerId}`,
  );
  await visit(page, 'staff-integration');

  expect(errors).toEqual([]);
  await context.close();
});
