// Sync health that tells the truth, end to end: signed balance events in through our HTTP API,
// the comfortCredits child on the real Temporal dev server, the sandbox over real HTTP. A balance
// ServiceTitan refuses is a failed item with ServiceTitan's answer, the child's result is failed
// (every item refused) or partial, with the count and the latest error in the partner's state,
// the search attributes, the staff list and the sync-errors listing; nothing is written for it;
// and once ServiceTitan takes the item the error clears and the child is ok again.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { signEvent } from '../../api/events';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import type { RecordedWrite } from '../../servicetitan/sandbox/writes';
import { SyncFailedItemsKey, SyncHealthKey, SyncLastErrorKey, SyncResultKey } from '../../workflows/search-attributes';
import { syncWorkflowId } from '../../workflows/sync/types';
import { newPartner, onboardToActive, staffToken, type Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { sandboxClient } from './servicetitan/support/sandbox-client';

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  service = await startTestService(temporal, `health-${randomUUID()}`, {
    // Passes every 2 s; a refused item's first retry after 2 s (then 4, 8, … s).
    env: {
      SERVICETITAN_AUTH_URL: sandbox.url,
      SERVICETITAN_API_URL: sandbox.url,
      SERVICETITAN_APP_KEY: SMARTAC_APP.appKey,
      SYNC_INTERVAL_SECONDS: '2',
      SYNC_ITEM_RETRY_SECONDS: '2',
    },
  });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const tenant = SEED_TENANT_IDS.hvac;
/** The README's example: a location id tenant 5550101 does not have. */
const UNKNOWN_LOCATION = 1001234;

async function deliverBalance(partnerId: string, locationId: number, balance: number) {
  const body = JSON.stringify({
    id: randomUUID(),
    type: 'comfort_credits.balance_changed',
    createdAt: new Date().toISOString(),
    partnerId,
    data: { locationId, balance, asOf: new Date().toISOString() },
  });
  return http(service.baseUrl, 'POST', '/v1/events', body, { 'smartac-signature': signEvent(body, service.config.secrets.webhookSecret) });
}

async function locationWrites(locationId: number): Promise<RecordedWrite[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/tenants/${tenant}/writes?kind=location-update`);
  return ((await res.json()) as RecordedWrite[]).filter((w) => w.path.endsWith(`/locations/${locationId}`));
}

async function addFault(rule: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${sandbox.url}/__sandbox/faults/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  return ((await res.json()) as { id: number }).id;
}

describe('sync health', () => {
  let partner: Partner;
  let known: number;
  let other: number;
  const comfortCredits = () => temporal.client.workflow.getHandle(syncWorkflowId(partner.partnerId, 'comfortCredits'));
  const childState = async () => (await partner.call('GET', '')).body.sync?.children?.comfortCredits;
  const childAttributes = async () => (await comfortCredits().describe()).typedSearchAttributes;
  const parentHealth = async () =>
    (await temporal.client.workflow.getHandle(`onboarding-${partner.partnerId}`).describe()).typedSearchAttributes.get(SyncHealthKey);

  beforeAll(async () => {
    const locations = await sandboxClient(sandbox, tenant).listLocations({ pageSize: 50 }).all();
    expect(locations.some((l) => l.id === UNKNOWN_LOCATION)).toBe(false);
    [known, other] = [locations[0]!.id, locations[1]!.id];
    partner = await newPartner(service, tenant);
    await onboardToActive(service, partner, { capacity: false });
  });

  it('shows a balance ServiceTitan refuses for a while as a failed item, and recovers when ServiceTitan takes it', async () => {
    const fault = await addFault({ method: 'PATCH', pathPrefix: `/crm/v2/tenant/${tenant}/locations/${known}`, status: 400 });
    expect((await deliverBalance(partner.partnerId, known, 75)).status).toBe(202);

    const failed = await waitFor(
      async () => {
        const health = await childState();
        return health?.lastResult === 'failed' && health;
      },
      'refused balance reported',
      30_000,
    );
    expect(failed).toMatchObject({
      failedItems: 1,
      lastItemError: {
        item: `location ${known}`,
        status: 400,
        message: expect.stringMatching(new RegExp(`PATCH /crm/v2/tenant/${tenant}/locations/${known} answered 400`)),
      },
    });
    expect((await partner.call('GET', '')).body.sync.health).toBe('degraded');

    // ServiceTitan takes it again: the next retry writes it, and everything is ok.
    await fetch(`${sandbox.url}/__sandbox/faults/rules/${fault}`, { method: 'DELETE' });
    await waitFor(async () => (await childState())?.lastResult === 'ok', 'recovered', 30_000);
    expect(await childState()).toMatchObject({ lastResult: 'ok', failedItems: 0 });
    expect((await childState()).lastError).toBeUndefined();
    expect((await locationWrites(known)).map((w) => JSON.stringify(w.request))).toEqual([expect.stringContaining('"75"')]);
    await waitFor(async () => (await partner.call('GET', '')).body.sync.health === 'ok', 'parent healthy again', 30_000);
    await waitFor(async () => (await childAttributes()).get(SyncResultKey) === 'ok', 'search attribute ok');
    expect((await childAttributes()).get(SyncLastErrorKey)).toBeUndefined();
  });

  it('shows a balance for a location ServiceTitan does not have as a failed item: in the state, search attributes, staff list and sync errors', async () => {
    const accepted = await deliverBalance(partner.partnerId, UNKNOWN_LOCATION, 120);
    expect(accepted).toMatchObject({ status: 202, body: { status: 'APPLIED' } });

    // Every balance it holds now is refused? No: `known` went through before. So: partial.
    const partial = await waitFor(
      async () => {
        const health = await childState();
        return health?.lastResult === 'partial' && health;
      },
      'unknown location reported',
      30_000,
    );
    const answer = new RegExp(`GET /crm/v2/tenant/${tenant}/locations/${UNKNOWN_LOCATION} answered 404`);
    expect(partial).toMatchObject({
      failedItems: 1,
      lastItemError: { item: `location ${UNKNOWN_LOCATION}`, status: 404, message: expect.stringMatching(answer) },
    });
    expect(partial.lastError).toMatch(new RegExp(`^location ${UNKNOWN_LOCATION}: ServiceTitan GET`));
    expect(await locationWrites(UNKNOWN_LOCATION)).toEqual([]);

    // The Temporal UI: the child's SyncResult, SyncFailedItems, SyncLastError; the parent degraded.
    await waitFor(async () => (await childAttributes()).get(SyncResultKey) === 'partial', 'child search attributes');
    expect((await childAttributes()).get(SyncFailedItemsKey)).toBe(1);
    expect((await childAttributes()).get(SyncLastErrorKey)).toMatch(answer);
    await waitFor(async () => (await parentHealth()) === 'degraded', 'parent search attribute');

    // Staff: the integrations list (from visibility, which trails a moment).
    const staff = { authorization: `Bearer ${await staffToken(service)}` };
    const listed = await waitFor(
      async () => {
        const res = await http(service.baseUrl, 'GET', '/v1/staff/integrations?status=ACTIVE', undefined, staff);
        const entry = res.body.integrations.find((i: { partnerId: string }) => i.partnerId === partner.partnerId);
        return entry?.sync?.children?.comfortCredits?.result === 'partial' && entry;
      },
      'staff list',
      30_000,
    );
    expect(listed.sync).toMatchObject({ health: 'degraded', failedItems: 1, lastError: { child: 'comfortCredits', message: expect.stringMatching(answer) } });
    expect(listed.sync.children.comfortCredits).toMatchObject({ result: 'partial', failedItems: 1 });

    // The refused items, for the partner and for staff.
    for (const headers of [partner.headers, staff]) {
      const errors = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/integrations/servicetitan/sync-errors`, undefined, headers);
      expect(errors.status).toBe(200);
      expect(errors.body).toMatchObject({ partnerId: partner.partnerId, count: 1 });
      expect(errors.body.items).toEqual([
        expect.objectContaining({
          child: 'comfortCredits',
          item: `location ${UNKNOWN_LOCATION}`,
          locationId: UNKNOWN_LOCATION,
          balance: 120,
          status: 404,
          error: expect.stringMatching(answer),
          attempts: expect.any(Number),
        }),
      ]);
    }
    const stranger = await newPartner(service, tenant);
    expect(
      (await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/integrations/servicetitan/sync-errors`, undefined, stranger.headers)).status,
    ).toBe(403);

    // Retried on its schedule (2 s, 4 s, …), not every pass: a few refusals in 10 s, not five per pass.
    const before = (await errorsOf()).attempts;
    await new Promise((r) => setTimeout(r, 10_000));
    const after = (await errorsOf()).attempts;
    expect(after - before).toBeLessThanOrEqual(3);

    // Another location goes through meanwhile, still partial.
    await deliverBalance(partner.partnerId, other, 5);
    await waitFor(async () => (await locationWrites(other)).length === 1, 'other location written', 30_000);
    expect(await childState()).toMatchObject({ lastResult: 'partial', failedItems: 1 });
  });

  async function errorsOf(): Promise<{ attempts: number }> {
    const res = await http(service.baseUrl, 'GET', `/v1/partners/${partner.partnerId}/integrations/servicetitan/sync-errors`, undefined, partner.headers);
    return res.body.items[0];
  }
});
