// The real stack a browser test drives: a Temporal dev server, the ServiceTitan sandbox over
// HTTP, the API (serving web/dist) with its worker in-process, the shared Postgres and MailDev of
// globalSetup, and one Chromium. Each browser test file starts one in beforeAll.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import { WEB_DIST } from '../../api/web-pages';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { launchChromium } from './browser';
import { startTestService, type TestService } from './service';
import { startTestTemporal } from './temporal';

export interface BrowserStack {
  temporal: TestWorkflowEnvironment;
  sandbox: RunningSandbox;
  service: TestService;
  browser: Browser;
  /** A fresh browser profile (its own cookies) whose pages resolve paths against the service. */
  newContext(): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/** `env` overrides the service's variables (e.g. SYNC_INTERVAL_SECONDS for a quick live page). */
export async function startBrowserStack(options: { env?: NodeJS.ProcessEnv } = {}): Promise<BrowserStack> {
  if (!existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error(`The web pages are not built (${WEB_DIST}): run \`npm run build\` (or \`npx vite build web\`) first.`);
  const [temporal, sandbox, browser] = await Promise.all([startTestTemporal(), startSandbox(), launchChromium()]);
  const service = await startTestService(temporal, `browser-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey, ...options.env },
  });
  return {
    temporal,
    sandbox,
    service,
    browser,
    newContext: () => browser.newContext({ baseURL: service.baseUrl, viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' }),
    async stop() {
      await browser.close();
      await service.stop();
      await sandbox.close();
      await temporal.teardown();
    },
  };
}
