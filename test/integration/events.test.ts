// SmartAC's signed events end to end: HTTP over a real socket (the routers mounted the way the app
// mounts them), the migrated Postgres, and the real Temporal dev server for the wake-up signals.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { authenticate, issueToken, requirePartnerAccess } from '../../api/auth';
import { errorHandler } from '../../api/errors';
import { EVENTS_SUMMARY_PATH, eventSummaryRouter, eventsRouter, signEvent, VISITS_PATH, visitsRouter } from '../../api/events';
import { recordEvent, releasePendingEvents } from '../../lib/platform-events/record';
import type { IncomingEvent } from '../../lib/platform-events/schemas';
import { eventAcceptedResponse } from '../../api/events/http-schemas';
import { eventSummaryResponse } from '../../api/events/summary';
import { visitOutcomeResponse } from '../../api/events/visits';
import { loadConfig } from '../../lib/config';
import { createDb, type Db } from '../../lib/db/client';
import { createLogger } from '../../lib/logger';
import type { IntegrationStatus } from '../../prisma/generated/client';
import { syncWorkflowId } from '../../workflows/sync/types';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

const SECRET = 'events-test-webhook-secret-0123456789abcdef';
const config = loadConfig({ ...process.env, SMARTAC_WEBHOOK_SECRET: SECRET });
const run = randomUUID().slice(0, 8);
const logLines: string[] = [];

let env: TestWorkflowEnvironment;
let db: Db;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  env = await startTestTemporal();
  db = createDb(config.database.url);
  const logger = createLogger('events-test', 'info', { write: (line: string) => void logLines.push(line) });
  // Mounted as api/app.ts mounts them: the webhook (own raw parser) before express.json.
  const app = express();
  app.use(pinoHttp({ logger }));
  app.use(eventsRouter({ db, temporal: env.client, logger, config }));
  app.use(express.json());
  const auth = authenticate(config.auth);
  app.use(EVENTS_SUMMARY_PATH, auth, requirePartnerAccess, eventSummaryRouter({ db }));
  app.use(VISITS_PATH, auth, requirePartnerAccess, visitsRouter({ db }));
  app.use(errorHandler);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.$disconnect();
  await env?.teardown();
});

// --- helpers ---------------------------------------------------------------------------------

let sequence = 0;
let tenantSequence = Number(`9${run.replace(/\D/g, '').slice(0, 6).padEnd(6, '0')}000`);
const nextId = () => `evt_${run}_${++sequence}`;
const partner = (name: string) => `${name}-${run}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function partnerWithIntegration(name: string, status: IntegrationStatus | null): Promise<string> {
  const id = partner(name);
  await db.partner.create({ data: { id } });
  if (status) {
    // A tenant of its own: only one integration per tenant may be live (these never call ServiceTitan).
    await db.integration.create({
      data: {
        partnerId: id,
        status,
        tenantId: String(++tenantSequence),
        contactEmail: 'office@partner.example',
        prerequisites: {},
        workflowId: `onboarding-${id}`,
      },
    });
  }
  return id;
}

type Event = Omit<IncomingEvent, 'data'> & { data: Record<string, unknown> };

function event(partnerId: string, type: IncomingEvent['type'], data: Record<string, unknown>, overrides: Partial<Event> = {}): Event {
  return { id: nextId(), type, createdAt: new Date().toISOString(), partnerId, data, ...overrides } as Event;
}
const balance = (partnerId: string, locationId: number, value: number, asOf: string, id?: string) =>
  event(partnerId, 'comfort_credits.balance_changed', { locationId, balance: value, asOf }, id ? { id } : {});
const alert = (partnerId: string, type: 'hub.alert_raised' | 'hub.alert_cleared', createdAt: string, hubId = 'hub-1') =>
  event(partnerId, type, { locationId: 42, hubId, kind: 'battery_low', detail: 'battery at 12%' }, { createdAt });
const visit = (partnerId: string, requestId: string) =>
  event(partnerId, 'visit.requested', {
    requestId,
    memberId: 'm-1',
    locationId: 42,
    trade: 'HVAC',
    condition: 'no_cooling',
    windowStart: '2026-07-01T13:00:00Z',
    windowEnd: '2026-07-01T17:00:00Z',
    notes: 'gate code 1234',
  });

/** POSTs `body` exactly as given (a string is sent byte for byte), signed unless told otherwise. */
async function deliver(body: unknown, options: { signature?: string | null; t?: number } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? signEvent(raw, SECRET, options.t) : options.signature;
  const res = await fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'smartac-signature': signature }) },
    body: raw,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function get(path: string, partnerId: string) {
  const token = await issueToken({ sub: 'dashboard', role: 'partner', partnerId }, config.auth.jwtSecret);
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, walked by the assertions
  const body = (await res.json()) as any;
  return { status: res.status, body };
}

const recorded = (id: string) => db.smartacEvent.count({ where: { id } });
const storedBalance = (partnerId: string, locationId: number) =>
  db.comfortCreditBalance.findUnique({ where: { partnerId_locationId: { partnerId, locationId: BigInt(locationId) } } });

async function wakeSignals(workflowId: string): Promise<number> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'wake').length;
}

/** A stand-in for a sync child: a workflow execution with the child's id that no worker runs, so its history keeps every signal. */
async function runningChild(partnerId: string, child: Parameters<typeof syncWorkflowId>[1]): Promise<string> {
  const workflowId = syncWorkflowId(partnerId, child);
  await env.client.workflow.start('syncWorkflow', { taskQueue: `no-worker-${run}`, workflowId, args: [] });
  return workflowId;
}

// --- tests -----------------------------------------------------------------------------------

describe('POST /v1/events: acceptance and refusal', () => {
  it('records a signed event and its effect before answering 202, then wakes the child that handles it', async () => {
    const partnerId = await partnerWithIntegration('accept', 'ACTIVE');
    const child = await runningChild(partnerId, 'comfortCredits');
    const sent = balance(partnerId, 7001, 120, '2026-06-01T10:00:00.000Z');

    const res = await deliver(sent);

    expect(res.status).toBe(202);
    expect(eventAcceptedResponse.parse(res.body)).toEqual({ id: sent.id, duplicate: false, status: 'APPLIED' });
    const row = await db.smartacEvent.findUniqueOrThrow({ where: { partnerId_id: { partnerId, id: sent.id } } });
    expect(row).toMatchObject({ partnerId, type: 'comfort_credits.balance_changed', status: 'APPLIED', occurredAt: new Date(sent.createdAt), data: sent.data });
    expect(row.appliedAt).toBeInstanceOf(Date);
    expect(await storedBalance(partnerId, 7001)).toMatchObject({ balance: 120, asOf: new Date('2026-06-01T10:00:00.000Z'), syncedBalance: null });
    await waitFor(async () => (await wakeSignals(child)) === 1, 'wake signal to the comfort credits child');
  });

  it('wakes both the memberships and the tagging child for a new member; a child that is not running is no error', async () => {
    const partnerId = await partnerWithIntegration('wake', 'ACTIVE');
    const memberships = await runningChild(partnerId, 'memberships');
    const tagging = await runningChild(partnerId, 'tagging');

    expect((await deliver(event(partnerId, 'member.enrolled', { memberId: 'm-9', locationId: 42, smartacPlanId: 'gold' }))).status).toBe(202);
    await waitFor(async () => (await wakeSignals(memberships)) === 1 && (await wakeSignals(tagging)) === 1, 'wake signals to memberships and tagging');

    // No visits child runs for this partner: WorkflowNotFoundError is expected and not logged.
    expect((await deliver(visit(partnerId, `req-${run}-nochild`))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(logLines.filter((l) => l.includes('could not wake'))).toEqual([]);
  });

  it('accepts a delivery signed with several secrets while SmartAC rotates, if one of them is ours', async () => {
    const partnerId = await partnerWithIntegration('rotate', 'ACTIVE');
    const sent = balance(partnerId, 7002, 5, '2026-06-01T10:00:00Z');
    const raw = JSON.stringify(sent);
    const t = nowSeconds();
    const theirs = signEvent(raw, 'the-next-secret-0123456789abcdef0123', t).split(',')[1];
    const ours = signEvent(raw, SECRET, t).split(',')[1];

    expect((await deliver(raw, { signature: `t=${t},${theirs},${ours}` })).status).toBe(202);
    expect(await recorded(sent.id)).toBe(1);
  });

  it.each([
    ['a signature made with another secret', (raw: string) => signEvent(raw, 'not-the-webhook-secret-0123456789abcdef')],
    ['no SmartAC-Signature header', () => null],
    ['a header without a v1 signature', () => `t=${nowSeconds()}`],
    ['a signature six minutes old', (raw: string) => signEvent(raw, SECRET, nowSeconds() - 6 * 60)],
    ['a signature six minutes in the future', (raw: string) => signEvent(raw, SECRET, nowSeconds() + 6 * 60)],
    ['a signature of another body', (raw: string) => signEvent(raw.replace('"balance":300', '"balance":301'), SECRET)],
  ])('refuses %s with 401 and records nothing', async (_case, sign) => {
    const partnerId = await partnerWithIntegration(`refuse-${randomUUID().slice(0, 6)}`, 'ACTIVE');
    const sent = balance(partnerId, 7003, 300, '2026-06-01T10:00:00Z');
    const raw = JSON.stringify(sent);

    const res = await deliver(raw, { signature: sign(raw) });

    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(res.body.error.message).not.toContain(SECRET);
    expect(await recorded(sent.id)).toBe(0);
    expect(await storedBalance(partnerId, 7003)).toBeNull();
  });

  it('accepts a signature just inside the five minutes', async () => {
    const partnerId = await partnerWithIntegration('skew', 'ACTIVE');
    const sent = balance(partnerId, 7004, 1, '2026-06-01T10:00:00Z');
    const raw = JSON.stringify(sent);
    expect((await deliver(raw, { signature: signEvent(raw, SECRET, nowSeconds() - 4 * 60) })).status).toBe(202);
  });

  it('refuses a malformed event with 400 naming every bad field, and records nothing', async () => {
    const partnerId = await partnerWithIntegration('malformed', 'ACTIVE');
    const bad = event(partnerId, 'comfort_credits.balance_changed', { locationId: -5, balance: 1.5, asOf: 'yesterday' });
    const res = await deliver(bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.data.asOf', 'body.data.balance', 'body.data.locationId']);
    expect(await recorded(bad.id)).toBe(0);

    const backwards = visit(partnerId, `req-${run}-backwards`);
    Object.assign(backwards.data, { windowStart: '2026-07-01T17:00:00Z', windowEnd: '2026-07-01T13:00:00Z' });
    const window = await deliver(backwards);
    expect(window.status).toBe(400);
    expect(window.body.error.issues).toEqual([{ path: 'body.data.windowEnd', message: 'windowEnd must be after windowStart' }]);
    expect(await db.visitRequest.count({ where: { requestId: `req-${run}-backwards` } })).toBe(0);

    const unknown = event(partnerId, 'comfort_credits.balance_changed', {}, { type: 'thermostat.exploded' as IncomingEvent['type'] });
    const unknownType = await deliver(unknown);
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.type']);
    expect(await recorded(unknown.id)).toBe(0);

    const notJson = await deliver('{"id": "evt_broken", ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('malformed_json');
    expect(await recorded('evt_broken')).toBe(0);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'smartac-signature': signEvent('hello', SECRET) },
      body: 'hello',
    });
    expect(res.status).toBe(415);
  });
});

describe('recording: at least once, in any order', () => {
  it('acknowledges a redelivered id and changes nothing, even if the redelivery differs', async () => {
    const partnerId = await partnerWithIntegration('dup', 'ACTIVE');
    const first = balance(partnerId, 7101, 10, '2026-06-01T10:00:00Z');
    expect((await deliver(first)).body).toEqual({ id: first.id, duplicate: false, status: 'APPLIED' });

    const again = await deliver(first);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.id, duplicate: true, status: 'APPLIED' });
    const altered = await deliver(balance(partnerId, 7101, 99, '2026-06-02T10:00:00Z', first.id));
    expect(altered.body.duplicate).toBe(true);

    expect(await recorded(first.id)).toBe(1);
    expect((await storedBalance(partnerId, 7101))?.balance).toBe(10);
  });

  it("applies another partner's event with the same id: ids are per partner", async () => {
    const [one, other, pending] = await Promise.all([
      partnerWithIntegration('ids-one', 'ACTIVE'),
      partnerWithIntegration('ids-other', 'ACTIVE'),
      partnerWithIntegration('ids-pending', 'CONFIGURING'),
    ]);
    const id = nextId();
    expect((await deliver(balance(one, 7150, 10, '2026-06-01T10:00:00Z', id))).body).toEqual({ id, duplicate: false, status: 'APPLIED' });
    expect((await deliver(balance(other, 7150, 20, '2026-06-01T10:00:00Z', id))).body).toEqual({ id, duplicate: false, status: 'APPLIED' });
    expect((await deliver(balance(pending, 7150, 30, '2026-06-01T10:00:00Z', id))).body).toEqual({ id, duplicate: false, status: 'PENDING' });
    // A hub alert is named by its raise event's id: the same id opens one alert per partner.
    const raise = (partnerId: string) =>
      event(partnerId, 'hub.alert_raised', { locationId: 43, hubId: 'hub-ids', kind: 'hub_offline', detail: 'offline' }, { id: `${id}-alert` });
    expect((await deliver(raise(one))).body).toMatchObject({ duplicate: false });
    expect((await deliver(raise(other))).body).toMatchObject({ duplicate: false });

    expect((await storedBalance(one, 7150))?.balance).toBe(10);
    expect((await storedBalance(other, 7150))?.balance).toBe(20);
    expect((await storedBalance(pending, 7150))?.balance).toBe(30);
    expect(await recorded(id)).toBe(3);
    expect(await db.hubAlert.count({ where: { id: `${id}-alert` } })).toBe(2);
    // A repeat is still a repeat for its own partner, and each summary counts only its own.
    expect((await deliver(balance(other, 7150, 99, '2026-06-02T10:00:00Z', id))).body).toEqual({ id, duplicate: true, status: 'APPLIED' });
    expect((await storedBalance(other, 7150))?.balance).toBe(20);
    expect((await get(`/v1/partners/${one}/events/summary`, one)).body.counts).toEqual([
      { type: 'comfort_credits.balance_changed', status: 'APPLIED', count: 1 },
      { type: 'hub.alert_raised', status: 'APPLIED', count: 1 },
    ]);
    // Releasing one partner's pending events leaves the same id of the others as it was.
    expect(await releasePendingEvents(db, pending)).toBe(1);
    expect(await db.smartacEvent.findMany({ where: { id }, select: { partnerId: true, status: true }, orderBy: { partnerId: 'asc' } })).toEqual(
      [one, other, pending].sort().map((partnerId) => ({ partnerId, status: 'APPLIED' })),
    );
  });

  it('records concurrent deliveries of one id exactly once', async () => {
    const partnerId = await partnerWithIntegration('race', 'ACTIVE');
    const sent = event(partnerId, 'hub.alert_raised', { locationId: 42, hubId: 'hub-race', kind: 'hub_offline', detail: 'offline since 09:00' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => deliver(sent)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    expect(await recorded(sent.id)).toBe(1);
    expect(await db.hubAlert.count({ where: { partnerId } })).toBe(1);
  });

  it('keeps the newest balance whichever order the events arrive in', async () => {
    const partnerId = await partnerWithIntegration('order', 'ACTIVE');
    const older = '2026-06-01T10:00:00.000Z';
    const newer = '2026-06-01T11:00:00.000Z';

    await deliver(balance(partnerId, 7201, 50, newer));
    await deliver(balance(partnerId, 7201, 40, older));
    expect(await storedBalance(partnerId, 7201)).toMatchObject({ balance: 50, asOf: new Date(newer) });

    await deliver(balance(partnerId, 7202, 40, older));
    await deliver(balance(partnerId, 7202, 50, newer));
    expect(await storedBalance(partnerId, 7202)).toMatchObject({ balance: 50, asOf: new Date(newer) });
  });

  it('gives a hub two alerts for raise, clear, raise; a repeated raise is the same alert; an older clear is ignored', async () => {
    const partnerId = await partnerWithIntegration('alerts', 'ACTIVE');
    await deliver(alert(partnerId, 'hub.alert_raised', '2026-06-01T10:00:00Z'));
    await deliver(alert(partnerId, 'hub.alert_raised', '2026-06-01T10:05:00Z'));
    await deliver(alert(partnerId, 'hub.alert_cleared', '2026-06-01T09:00:00Z'));
    expect(await db.hubAlert.findMany({ where: { partnerId } })).toEqual([
      expect.objectContaining({ raisedAt: new Date('2026-06-01T10:00:00Z'), clearedAt: null }),
    ]);

    await deliver(alert(partnerId, 'hub.alert_cleared', '2026-06-01T12:00:00Z'));
    await deliver(alert(partnerId, 'hub.alert_raised', '2026-06-02T08:00:00Z'));

    const alerts = await db.hubAlert.findMany({ where: { partnerId }, orderBy: { raisedAt: 'asc' } });
    expect(alerts.map((a) => [a.hubId, a.kind, a.raisedAt.toISOString(), a.clearedAt?.toISOString() ?? null])).toEqual([
      ['hub-1', 'battery_low', '2026-06-01T10:00:00.000Z', '2026-06-01T12:00:00.000Z'],
      ['hub-1', 'battery_low', '2026-06-02T08:00:00.000Z', null],
    ]);
  });

  it('records a raise delivered after its own clear as already cleared', async () => {
    const partnerId = await partnerWithIntegration('late-raise', 'ACTIVE');
    await deliver(alert(partnerId, 'hub.alert_cleared', '2026-06-01T12:00:00Z', 'hub-late'));
    const raise = alert(partnerId, 'hub.alert_raised', '2026-06-01T10:00:00Z', 'hub-late');
    await deliver(raise);
    expect(await db.hubAlert.findUniqueOrThrow({ where: { partnerId_id: { partnerId, id: raise.id } } })).toMatchObject({
      clearedAt: new Date('2026-06-01T12:00:00Z'),
    });
  });

  it('opens one alert when raises for the same hub arrive concurrently', async () => {
    const partnerId = await partnerWithIntegration('alert-race', 'ACTIVE');
    await Promise.all(Array.from({ length: 6 }, (_, i) => deliver(alert(partnerId, 'hub.alert_raised', `2026-06-01T10:0${i}:00Z`, 'hub-busy'))));
    expect(await db.hubAlert.count({ where: { partnerId, clearedAt: null } })).toBe(1);
  });

  it('keeps the first enrollment of a member whichever arrives first', async () => {
    const partnerId = await partnerWithIntegration('members', 'ACTIVE');
    await deliver(event(partnerId, 'member.enrolled', { memberId: 'm-1', locationId: 43, smartacPlanId: 'silver' }, { createdAt: '2026-06-02T00:00:00Z' }));
    await deliver(event(partnerId, 'member.enrolled', { memberId: 'm-1', locationId: 42, smartacPlanId: 'gold' }, { createdAt: '2026-06-01T00:00:00Z' }));
    await deliver(event(partnerId, 'member.enrolled', { memberId: 'm-1', locationId: 44, smartacPlanId: 'bronze' }, { createdAt: '2026-06-03T00:00:00Z' }));
    expect(await db.member.findMany({ where: { partnerId } })).toEqual([
      expect.objectContaining({ memberId: 'm-1', locationId: 42n, smartacPlanId: 'gold', enrolledAt: new Date('2026-06-01T00:00:00Z'), membershipId: null }),
    ]);
  });
});

describe('integrations that are not ACTIVE', () => {
  it('stores their events PENDING, reports them, and releases them when the integration goes live', async () => {
    const configuring = await partnerWithIntegration('configuring', 'CONFIGURING');
    const noIntegration = await partnerWithIntegration('no-integration', null);
    const first = visit(configuring, `req-${run}-pending`);
    expect((await deliver(first)).body).toEqual({ id: first.id, duplicate: false, status: 'PENDING' });
    await deliver(balance(configuring, 7301, 3, '2026-06-01T10:00:00Z'));
    await deliver(balance(configuring, 7302, 4, '2026-06-01T10:00:00Z'));
    expect((await deliver(balance(noIntegration, 7303, 5, '2026-06-01T10:00:00Z'))).body.status).toBe('PENDING');
    // Stored, effect included: the children act on it once they run.
    expect((await storedBalance(configuring, 7301))?.balance).toBe(3);

    const pending = await get(`/v1/partners/${configuring}/events/summary`, configuring);
    expect(pending.status).toBe(200);
    expect(eventSummaryResponse.parse(pending.body)).toEqual({
      partnerId: configuring,
      counts: [
        { type: 'comfort_credits.balance_changed', status: 'PENDING', count: 2 },
        { type: 'visit.requested', status: 'PENDING', count: 1 },
      ],
      pending: {
        count: 3,
        oldestReceivedAt: (
          await db.smartacEvent.findUniqueOrThrow({ where: { partnerId_id: { partnerId: configuring, id: first.id } } })
        ).receivedAt.toISOString(),
      },
    });

    await db.integration.update({ where: { partnerId: configuring }, data: { status: 'ACTIVE' } });
    expect(await releasePendingEvents(db, configuring)).toBe(3);
    expect(await releasePendingEvents(db, configuring)).toBe(0);
    const events = await db.smartacEvent.findMany({ where: { partnerId: configuring } });
    expect(events.every((e) => e.status === 'APPLIED' && e.appliedAt !== null)).toBe(true);

    const released = await get(`/v1/partners/${configuring}/events/summary`, configuring);
    expect(released.body.pending).toEqual({ count: 0, oldestReceivedAt: null });
    expect(released.body.counts).toEqual([
      { type: 'comfort_credits.balance_changed', status: 'APPLIED', count: 2 },
      { type: 'visit.requested', status: 'APPLIED', count: 1 },
    ]);
    // The other partner's event is untouched by this partner's release.
    expect(await db.smartacEvent.count({ where: { partnerId: noIntegration, status: 'PENDING' } })).toBe(1);
  });

  it('applies an event whose integration went live while it was being recorded', async () => {
    const partnerId = await partnerWithIntegration('went-live', 'ACTIVE');
    // The caller read the status just before activation committed (and the release ran).
    const late = balance(partnerId, 7401, 8, '2026-06-01T10:00:00Z') as IncomingEvent;
    expect(await recordEvent(db, late, 'CONFIGURING')).toEqual({ duplicate: false, status: 'APPLIED' });
    expect(await db.smartacEvent.findUniqueOrThrow({ where: { partnerId_id: { partnerId, id: late.id } } })).toMatchObject({ status: 'APPLIED' });
  });

  it('shows a partner its own summary only', async () => {
    const partnerId = await partnerWithIntegration('summary-auth', null);
    expect((await get(`/v1/partners/${partnerId}/events/summary`, partner('someone-else'))).status).toBe(403);
    expect((await get(`/v1/partners/${partnerId}/events/summary`, partnerId)).body).toEqual({
      partnerId,
      counts: [],
      pending: { count: 0, oldestReceivedAt: null },
    });
  });
});

describe('GET /v1/partners/:partnerId/visits/:requestId', () => {
  it('reads the request and, once the visits child has handled it, its outcome', async () => {
    const partnerId = await partnerWithIntegration('visits', 'ACTIVE');
    const requestId = `req-${run}-outcome`;
    const sent = visit(partnerId, requestId);
    await deliver(sent);
    // A repeat of the request under another event id is ignored.
    await deliver({ ...visit(partnerId, requestId), data: { ...sent.data, notes: 'changed' } });

    const pending = await get(`/v1/partners/${partnerId}/visits/${requestId}`, partnerId);
    expect(pending.status).toBe(200);
    expect(visitOutcomeResponse.parse(pending.body)).toEqual({
      requestId,
      memberId: 'm-1',
      locationId: 42,
      trade: 'HVAC',
      condition: 'no_cooling',
      windowStart: '2026-07-01T13:00:00.000Z',
      windowEnd: '2026-07-01T17:00:00.000Z',
      notes: 'gate code 1234',
      status: 'PENDING',
      jobId: null,
      appointmentId: null,
      bookingId: null,
      reason: null,
      requestedAt: new Date(sent.createdAt).toISOString(),
      completedAt: null,
    });

    const completedAt = new Date('2026-06-01T10:00:03Z');
    await db.visitRequest.update({ where: { requestId }, data: { status: 'JOB_BOOKED', jobId: 1_000_000_123n, appointmentId: 1_000_000_124n, completedAt } });
    const booked = await get(`/v1/partners/${partnerId}/visits/${requestId}`, partnerId);
    expect(booked.body).toMatchObject({
      status: 'JOB_BOOKED',
      jobId: 1_000_000_123,
      appointmentId: 1_000_000_124,
      bookingId: null,
      completedAt: completedAt.toISOString(),
    });
  });

  it("answers 404 for an unknown request or another partner's, and 403 for another partner's token", async () => {
    const owner = await partnerWithIntegration('visit-owner', 'ACTIVE');
    const other = await partnerWithIntegration('visit-other', 'ACTIVE');
    const requestId = `req-${run}-private`;
    await deliver(visit(owner, requestId));

    expect((await get(`/v1/partners/${owner}/visits/req-${run}-missing`, owner)).status).toBe(404);
    expect((await get(`/v1/partners/${other}/visits/${requestId}`, other)).status).toBe(404);
    expect((await get(`/v1/partners/${owner}/visits/${requestId}`, other)).status).toBe(403);
  });
});
