// What the staff console and the web pages need from the API, against the real stack (Temporal
// dev server, Postgres, the ServiceTitan sandbox): an integration's audit trail, newest first and
// paged; the session cookie from the development sign-in doing what a bearer token does. Every
// answer goes through http(), which checks it against /openapi.json (test/support/documented-answers.ts),
// so the state, catalog, staff list and audit answers here are validated against their schemas.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { clientCredentials, integrationPath, newPartner, startAndApprove, staffToken, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
let partner: Partner;
let staff: Record<string, string>;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `console-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey },
  });
  staff = { authorization: `Bearer ${await staffToken(service)}` };
  partner = await newPartner(service, SEED_TENANT_IDS.hvac);
  const plans = await http(
    service.baseUrl,
    'PUT',
    `/v1/partners/${partner.partnerId}/maintenance-plans`,
    { plans: [{ id: `${partner.partnerId}-gold`, name: 'Gold' }] },
    partner.headers,
  );
  expect(plans.status).toBe(200);
  await startAndApprove(service, partner);
  expect((await partner.call('PUT', '/credentials', clientCredentials(SEED_TENANT_IDS.hvac))).status).toBe(200);
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const audit = (partnerId: string, query = '', headers = staff) =>
  http(service.baseUrl, 'GET', `/v1/staff/integrations/${partnerId}/audit${query}`, undefined, headers);

describe('GET /v1/staff/integrations/:partnerId/audit', () => {
  it("answers the integration's audit trail newest first: who did what, from which status to which", async () => {
    const res = await audit(partner.partnerId);
    expect(res.status).toBe(200);
    expect(res.body.partnerId).toBe(partner.partnerId);
    expect(res.body.nextCursor).toBeNull();
    const actions = res.body.events.map((e: { action: string }) => e.action);
    expect(actions.indexOf('credentials.verified')).toBeLessThan(actions.indexOf('review.approved'));
    expect(actions.indexOf('review.approved')).toBeLessThan(actions.indexOf('onboarding.started'));
    const times = res.body.events.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(res.body.events.find((e: { action: string }) => e.action === 'review.approved')).toMatchObject({
      actor: { type: 'STAFF', id: 'alice@smartac.com' },
      from: 'AWAITING_REVIEW',
      to: 'AWAITING_CREDENTIALS',
      detail: { note: 'verified tenant' },
    });
    expect(res.body.events.find((e: { action: string }) => e.action === 'onboarding.started')).toMatchObject({
      actor: { type: 'PARTNER' },
      from: null,
      to: 'AWAITING_REVIEW',
    });
    // No secret in the trail: the Client Secret never reaches the workflow.
    expect(JSON.stringify(res.body)).not.toContain(clientCredentials(SEED_TENANT_IDS.hvac).clientSecret);
  });

  it('has a verified step in the trail and in the state the moment the step is answered', async () => {
    const answer = await partner.call('PUT', '/tag', { tagName: 'SmartAC.com' });
    expect(answer.status).toBe(200);
    expect(answer.body.steps.tag.status).toBe('verified');
    // Stored with the step's configuration, before the answer: no read lags behind it.
    const [state, trail] = await Promise.all([partner.call('GET', ''), audit(partner.partnerId)]);
    // What ServiceTitan resolved is added by the activity that verified it, to the state and to the event.
    const resolved = { tagName: 'SmartAC.com', tagTypeId: answer.body.steps.tag.resolved.tagTypeId };
    expect(resolved.tagTypeId).toEqual(expect.any(Number));
    expect(state.body.steps.tag).toMatchObject({ status: 'verified', input: { tagName: 'SmartAC.com' }, resolved });
    expect(trail.body.events[0]).toMatchObject({ action: 'configuration.step_verified', from: 'CONFIGURING', to: null, detail: { step: 'tag', resolved } });
  });

  it('pages with limit and cursor, each event once', async () => {
    const all = (await audit(partner.partnerId)).body.events.map((e: { id: string }) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(partner.partnerId, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.events.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all);
  });

  it('refuses a bad limit or cursor with its path, an unknown partner with 404, and partners with 403', async () => {
    const badLimit = await audit(partner.partnerId, '?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.issues).toEqual([expect.objectContaining({ path: 'query.limit' })]);
    const badCursor = await audit(partner.partnerId, `?cursor=${Buffer.from('["x"]').toString('base64url')}`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.issues).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
    // A fresh id: other files share the database, and the API fuzz test may start 'never-onboarded'.
    expect((await audit(`never-${randomUUID().slice(0, 8)}`)).status).toBe(404);
    expect((await audit(partner.partnerId, '', partner.headers)).status).toBe(403);
  });
});

describe('the documented answers of the main flow', () => {
  it('state, catalog and staff list match their schemas (checked by http())', async () => {
    const state = await partner.call('GET', '');
    expect(state.body).toMatchObject({ status: 'CONFIGURING', steps: { planMappings: { status: 'pending' } } });
    const catalog = await partner.call('GET', '/catalog');
    expect(catalog.body.membershipTypes.length).toBeGreaterThan(0);
    const list = await http(service.baseUrl, 'GET', '/v1/staff/integrations?status=CONFIGURING', undefined, staff);
    expect(list.body.integrations.map((i: { partnerId: string }) => i.partnerId)).toContain(partner.partnerId);
  });
});

describe('the session cookie against the real stack', () => {
  async function signIn(body: unknown): Promise<string> {
    const res = await fetch(`${service.baseUrl}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(204);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  it('reads and changes what a bearer token can, and a change needs X-SmartAC-Client: web', async () => {
    const cookie = await signIn({ role: 'partner', partnerId: partner.partnerId });
    const state = await http(service.baseUrl, 'GET', integrationPath(partner.partnerId), undefined, { cookie });
    expect(state.status).toBe(200);
    expect(state.body.partnerId).toBe(partner.partnerId);

    const step = { customFieldName: 'Comfort Credits' };
    const forged = await http(service.baseUrl, 'PUT', `${integrationPath(partner.partnerId)}/comfort-credit-field`, step, { cookie });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_header_missing');

    // The answer of a step is the whole state: the step's result and what comes next.
    const saved = await http(service.baseUrl, 'PUT', `${integrationPath(partner.partnerId)}/comfort-credit-field`, step, {
      cookie,
      'x-smartac-client': 'web',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.steps.comfortCreditField).toMatchObject({ status: 'verified', input: step });
    expect(saved.body.nextAction).toEqual(expect.any(String));

    const staffCookie = await signIn({ role: 'staff', name: 'bob@smartac.com' });
    expect((await audit(partner.partnerId, '', { cookie: staffCookie })).status).toBe(200);
    expect((await audit(partner.partnerId, '', { cookie })).status).toBe(403);
  });
});
