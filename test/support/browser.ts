// Drives Debian's Chromium through the web pages with playwright-core (which never downloads a
// browser): launch, sign in through the development sign-in page, check a page with axe-core, and
// save a screenshot of it. Contexts are opened with `baseURL` set to the service, so pages go to
// paths ('/sign-in'); see ./browser-stack.ts for the stack they run against.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../scripts/stack/tools';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
export const ACCESSIBILITY_DIR = path.join(PROJECT_ROOT, 'test-results', 'accessibility');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}. Run \`node scripts/bootstrap.mjs\` as root (it runs apt-get install chromium), ` +
        'install it yourself (`sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  // --no-sandbox: CI containers run as root, where Chromium's own sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

export type Who = { role: 'partner'; partnerId: string; name?: string } | { role: 'staff'; name?: string };

/** Signs the page's context in as `who` through the development sign-in page (a session cookie). */
export async function signIn(page: Page, who: Who): Promise<void> {
  await page.goto('/sign-in');
  if (who.role === 'partner') {
    await page.getByRole('radio', { name: 'A partner' }).check();
    await page.getByLabel('Partner ID').fill(who.partnerId);
  } else {
    await page.getByRole('radio', { name: 'SmartAC staff' }).check();
  }
  if (who.name) await page.getByLabel('Name (optional)').fill(who.name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

const BLOCKING = ['serious', 'critical'];

/**
 * Runs axe-core on the page as it is now (WCAG 2.x A and AA, and axe's best practices) and fails
 * on any serious or critical violation, listing each with the elements it concerns. `name` says
 * which page in the failure; every finding is also written to test-results/accessibility/<name>.json.
 * AxeBuilder evaluates axe's source through the DevTools protocol, which the pages' CSP
 * (script-src 'self') does not govern, so the pages keep their real headers during the check.
 */
export async function checkAccessibility(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  // A page axe could not look into (an injection the CSP refused, say) passes no rule either.
  if (results.passes.length === 0) throw new Error(`axe checked nothing on ${name} (${page.url()})`);
  // Every finding, minor ones included, next to the screenshots for whoever improves the pages.
  mkdirSync(ACCESSIBILITY_DIR, { recursive: true });
  writeFileSync(
    path.join(ACCESSIBILITY_DIR, `${name}.json`),
    JSON.stringify(
      results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
      null,
      2,
    ),
  );
  const blocking = results.violations.filter((v) => BLOCKING.includes(v.impact ?? ''));
  if (blocking.length > 0) {
    const lines = blocking.map(
      (v) => `- ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
    );
    throw new Error(`axe found ${blocking.length} serious or critical violation(s) on ${name} (${page.url()}):\n${lines.join('\n')}`);
  }
  return results.violations;
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Checks and records a page the way every browser test does: axe first, then its screenshot. */
export async function visit(page: Page, name: string): Promise<void> {
  await checkAccessibility(page, name);
  await screenshot(page, name);
}

/**
 * Collects what the page reports as broken: uncaught exceptions and console errors (a refused
 * script or style under the Content-Security-Policy shows up here). Assert it stays empty.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // An API answer of 4xx is logged by Chromium as a failed resource; the pages expect some
    // (401 from GET /v1/session when signed out, 422 for a refused secret) and show them.
    if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()))
      errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/**
 * What assistive technology reads as the control's description: the text of the elements its
 * aria-describedby names, and whether it is aria-invalid. Errors must show at their field.
 */
export async function describedBy(control: Locator): Promise<{ invalid: boolean; text: string }> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).innerText()));
  return { invalid: (await control.getAttribute('aria-invalid')) === 'true', text: texts.join(' ') };
}

/** The name (or else the id) of the focused element, to follow keyboard focus. */
export function focusedName(page: Page): Promise<string | null> {
  return page.evaluate('document.activeElement && (document.activeElement.getAttribute("name") || document.activeElement.id || null)');
}

/** Presses Tab until the control named `name` has focus (a keyboard user's way there); fails after `limit` presses. */
export async function tabTo(page: Page, name: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${name} not reached with ${limit} presses of Tab`);
}
