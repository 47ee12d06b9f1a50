// The development sign-in page in Chromium: a partner lands on Settings > Integrations (with
// example plans, as the Partner Dashboard would have its own), staff on the staff console,
// signing out returns to sign-in, and no page breaks its Content-Security-Policy.
import { startBrowserStack, type BrowserStack } from '../support/browser-stack';
import { pageErrors, signIn, visit } from '../support/browser';

let stack: BrowserStack;
beforeAll(async () => {
  stack = await startBrowserStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('signs a partner in to Settings > Integrations and out again', async () => {
  const context = await stack.newContext();
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto('/settings/integrations');
  // Not signed in: the page sends the visitor to sign in, and back afterwards.
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await visit(page, 'sign-in');

  await signIn(page, { role: 'partner', partnerId: 'p-sign-in' });
  expect(new URL(page.url()).pathname).toBe('/settings/integrations');
  await page.getByRole('heading', { name: 'Integrations' }).waitFor();
  await expectVisible(page.getByText('Signed in as'));
  await visit(page, 'integrations');
  // Standing in for the Partner Dashboard, sign-in gave the new partner example plans to map.
  const plans = await context.request.get('/v1/partners/p-sign-in/maintenance-plans');
  expect((await plans.json()).plans.map((p: { name: string }) => p.name)).toEqual(['Smart Maintenance Gold', 'Smart Maintenance Silver']);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  expect(await context.cookies()).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

it('signs staff in to the staff console', async () => {
  const context = await stack.newContext();
  const page = await context.newPage();
  const errors = pageErrors(page);
  await signIn(page, { role: 'staff', name: 'Alice' });
  expect(new URL(page.url()).pathname).toMatch(/^\/staff/);
  const cookies = await context.cookies();
  expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
    { name: 'smartac_session', httpOnly: true, sameSite: 'Strict' },
  ]);
  // The token lives in the HttpOnly cookie only, never in the page's storage.
  expect(await page.evaluate('JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage)])')).toBe('[[],[]]');
  expect(errors).toEqual([]);
  await context.close();
});

async function expectVisible(locator: import('playwright-core').Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}
