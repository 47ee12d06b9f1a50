// The whole setup guide through our HTTP API, against the real stack: Temporal dev server,
// Postgres, MailDev, and the ServiceTitan sandbox over real HTTP. A partner starts, staff approve,
// the partner follows the Continue Setup email, enters credentials, configures every step and
// submits; the integration is ACTIVE. Along the way: each verification failure the guide can
// run into, authorization between partners and roles, and secrets kept out of history and logs.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSandbox, type RunningSandbox } from '../../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../../servicetitan/sandbox/seed/credentials';
import { onboardingWorkflowId } from '../../workflows/onboarding/types';
import { historyText } from '../support/history';
import { waitForEmail } from '../support/inbox';
import * as partners from '../support/partners';
import type { Partner } from '../support/partners';
import { http, startTestService, type TestService } from '../support/service';
import { startTestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

const { integrationPath: BASE, prerequisites, clientCredentials } = partners;

let temporal: TestWorkflowEnvironment;
let sandbox: RunningSandbox;
let service: TestService;
const logLines: string[] = [];
let staffToken: string;

beforeAll(async () => {
  [temporal, sandbox] = await Promise.all([startTestTemporal(), startSandbox()]);
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  service = await startTestService(temporal, `e2e-${randomUUID()}`, {
    env: { SERVICETITAN_AUTH_URL: sandbox.url, SERVICETITAN_API_URL: sandbox.url, SERVICETITAN_APP_KEY: SMARTAC_APP.appKey },
    logStream,
  });
  staffToken = await partners.staffToken(service);
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await temporal?.teardown();
});

const newPartner = (tenantId: number) => partners.newPartner(service, tenantId);
const startAndApprove = (partner: Partner) => partners.startAndApprove(service, partner);

describe('partner onboarding end to end', () => {
  it('goes from Tenant ID to a live integration', async () => {
    const partner = await newPartner(SEED_TENANT_IDS.hvac);
    const plans = [
      { id: `${partner.partnerId}-gold`, name: 'Smart Maintenance Gold' },
      { id: `${partner.partnerId}-silver`, name: 'Smart Maintenance Silver' },
    ];
    expect(
      (await http(service.baseUrl, 'PUT', `/v1/partners/${partner.partnerId}/maintenance-plans`, { plans }, { authorization: `Bearer ${partner.token}` }))
        .status,
    ).toBe(200);

    // 1-2. Tenant ID in, staff see it waiting and approve.
    expect((await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites })).body.status).toBe(
      'AWAITING_REVIEW',
    );
    // The staff queue reads the integrations mirror, written by the workflow's first activity.
    const queue = await waitFor(async () => {
      const listed = await http(service.baseUrl, 'GET', '/v1/staff/integrations?status=AWAITING_REVIEW', undefined, { authorization: `Bearer ${staffToken}` });
      return listed.body.integrations.some((i: { partnerId: string }) => i.partnerId === partner.partnerId) && listed;
    }, 'listed for review');
    expect(queue.body.integrations).toEqual(
      expect.arrayContaining([expect.objectContaining({ partnerId: partner.partnerId, tenantId: partner.tenantId, waitingSeconds: expect.any(Number) })]),
    );
    await http(service.baseUrl, 'POST', `/v1/staff/integrations/${partner.partnerId}/approve`, {}, { authorization: `Bearer ${staffToken}` });

    // 3. The Continue Setup email, with the guide's instructions and a link to the credentials step.
    const email = await waitForEmail(partner.contactEmail, /continue/i);
    expect(email.text).toMatch(/API Application Access/);
    expect(email.text).toMatch(/No Restrictions/);
    const link = /(http:\/\/\S+\/v1\/continue-setup\?token=[^\s>)\]]+)/.exec(email.text ?? '')?.[1];
    expect(link).toBeDefined();
    const followed = await fetch(link!, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    const landing = new URL(followed.headers.get('location')!);
    expect(landing.searchParams.get('step')).toBe('credentials');
    expect(landing.searchParams.get('partnerId')).toBe(partner.partnerId);
    expect((await fetch(link!.replace(/token=.{6}/, 'token=AAAAAA'), { redirect: 'manual' })).status).toBe(400);
    // The link is a credential of sorts: request logs keep its path, not its token.
    const token = new URL(link!).searchParams.get('token')!;
    expect(logLines.join('')).toContain('/v1/continue-setup');
    expect(logLines.join('')).not.toContain(token);

    // 4. Credentials: a wrong secret is refused precisely, the right ones move on.
    const creds = sandboxCredentials(SEED_TENANT_IDS.hvac);
    const wrong = await partner.call('PUT', '/credentials', { clientId: creds.clientId, clientSecret: 'not-the-secret' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_credentials', step: 'credentials' });
    const connected = await partner.call('PUT', '/credentials', { clientId: creds.clientId, clientSecret: creds.clientSecret });
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ status: 'CONFIGURING', credentials: { clientId: creds.clientId } });

    // 5. Every step, chosen from the catalog read from the partner's ServiceTitan.
    const catalog = (await partner.call('GET', '/catalog')).body;
    expect(catalog.plans.map((p: { id: string }) => p.id).sort()).toEqual(plans.map((p) => p.id).sort());
    const membershipTypeId = catalog.membershipTypes[0].id;
    const jobTypeMappings = catalog.tradeConditions.map((tc: { id: string }) => {
      const jobType = catalog.jobTypes.find((j: { businessUnitIds: number[] }) => j.businessUnitIds.length > 0);
      return { tradeConditionId: tc.id, businessUnitId: jobType.businessUnitIds[0], jobTypeId: jobType.id };
    });
    const numberField = catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Numeric');
    const dropdown = catalog.locationCustomFields.find((f: { dataType: string }) => f.dataType === 'Dropdown');
    const smartacTag = catalog.tagTypes.find((t: { name: string }) => /smartac/i.test(t.name));

    const steps: [string, string, unknown][] = [
      ['/plan-mappings', 'planMappings', { mappings: plans.map((p) => ({ planId: p.id, membershipTypeId })) }],
      ['/job-type-mappings', 'jobTypeMappings', { mappings: jobTypeMappings }],
      ['/comfort-credit-field', 'comfortCreditField', { customFieldName: numberField.name }],
      ['/eligible-services', 'eligibleServices', { serviceIds: catalog.services.slice(0, 2).map((s: { id: number }) => s.id) }],
      ['/tag', 'tag', { tagName: smartacTag.name }],
      ['/campaign', 'campaign', { campaignId: catalog.campaigns[0].id }],
      ['/capacity-scheduling', 'capacityScheduling', { enabled: true, businessUnitIds: [jobTypeMappings[0].businessUnitId] }],
    ];
    // Wrong choices first: each is refused with the reason, and nothing is saved.
    const partial = await partner.call('PUT', '/plan-mappings', { mappings: [{ planId: plans[0]!.id, membershipTypeId }] });
    expect(partial.body.error).toMatchObject({ code: 'unmapped_plans', step: 'planMappings' });
    expect((await partner.call('PUT', '/comfort-credit-field', { customFieldName: dropdown.name })).body.error.code).toBe('custom_field_not_numeric');
    expect((await partner.call('PUT', '/tag', { tagName: 'No Such Tag' })).body.error.code).toBe('tag_type_not_found');
    expect((await partner.call('PUT', '/eligible-services', { serviceIds: [] })).status).toBe(400);
    for (const [path, step, body] of steps) {
      const saved = await partner.call('PUT', path, body);
      expect({ path, status: saved.status, error: saved.body.error }).toEqual({ path, status: 200, error: undefined });
      // The answer is the whole state: the step's result and what the page shows next.
      expect(saved.body.steps[step].status).toBe('verified');
      if (step === 'planMappings') expect(saved.body.nextAction).toMatch(/Trade Condition/);
    }

    // 6. Submit: re-verified, then live.
    const submitted = await partners.submitSharingTestTenant(service, partner);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'ACTIVE', systemReminders: { hubOffline: true, batteryHealth: true, airFilter: true } });

    const row = await service.db.integration.findUniqueOrThrow({
      where: { partnerId: partner.partnerId },
      include: {
        credential: true,
        planMappings: true,
        jobTypeMappings: true,
        comfortCredit: true,
        eligibleServices: true,
        tag: true,
        campaign: true,
        capacity: true,
        auditEvents: { orderBy: { id: 'asc' } },
      },
    });
    expect(row.status).toBe('ACTIVE');
    expect(row.activatedAt).not.toBeNull();
    expect(row.planMappings).toHaveLength(2);
    expect(row.jobTypeMappings).toHaveLength(catalog.tradeConditions.length);
    expect(row.comfortCredit?.customFieldName).toBe(numberField.name);
    expect(row.eligibleServices).toHaveLength(2);
    expect(row.tag?.tagTypeId).toBe(BigInt(smartacTag.id));
    expect(row.capacity?.enabled).toBe(true);
    expect(row.credential?.keyId).toBe(service.config.secrets.encryptionKeys[0]!.id);
    expect(Buffer.from(row.credential!.secretCiphertext).toString('utf8')).not.toContain(creds.clientSecret);
    expect(row.auditEvents.filter((e) => e.toStatus).map((e) => `${e.fromStatus}->${e.toStatus}`)).toEqual([
      'null->AWAITING_REVIEW',
      'AWAITING_REVIEW->AWAITING_CREDENTIALS',
      'AWAITING_CREDENTIALS->CONFIGURING',
      'CONFIGURING->ACTIVE',
    ]);
    expect(row.auditEvents.find((e) => e.toStatus === 'AWAITING_CREDENTIALS')).toMatchObject({ actorType: 'STAFF', actorId: 'alice@smartac.com' });

    // The Client Secret never reached Temporal's history or a log line in plain text.
    const history = await historyText(temporal.client.workflow.getHandle(onboardingWorkflowId(partner.partnerId)));
    expect(history).toContain(creds.clientId);
    expect(history).not.toContain(creds.clientSecret);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(creds.clientSecret);

    // Rotation: new credentials for a live integration are verified again before they replace the old.
    const rotatedBad = await partner.call('PUT', '/credentials', { clientId: creds.clientId, clientSecret: 'rotated-wrong' });
    expect(rotatedBad.body.error.code).toBe('invalid_credentials');
    const rotated = await partner.call('PUT', '/credentials', { clientId: creds.clientId, clientSecret: creds.clientSecret });
    expect(rotated.body.status).toBe('ACTIVE');
    expect(await service.db.auditEvent.count({ where: { partnerId: partner.partnerId, action: 'credentials.rotated' } })).toBe(1);

    // Disconnect: credentials destroyed, onboarding over.
    const disconnected = await partner.call('DELETE', '', { reason: 'testing' });
    expect(disconnected.body.status).toBe('DISCONNECTED');
    expect(await service.db.serviceTitanCredential.findUnique({ where: { integrationId: row.id } })).toBeNull();
    expect((await partner.call('PUT', '/tag', { tagName: smartacTag.name })).status).toBe(409);
  });

  it('explains restricted access, an unconnected app and a wrong tenant', async () => {
    const restricted = await newPartner(SEED_TENANT_IDS.bookingProviderOnly);
    await startAndApprove(restricted);
    const r = await restricted.call('PUT', '/credentials', clientCredentials(SEED_TENANT_IDS.bookingProviderOnly));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'restricted_access', details: { deniedAreas: expect.arrayContaining(['crm']) } });
    expect(r.body.error.message).toMatch(/No Restrictions/);

    const unconnected = await newPartner(SEED_TENANT_IDS.notConnected);
    await startAndApprove(unconnected);
    const u = await unconnected.call('PUT', '/credentials', clientCredentials(SEED_TENANT_IDS.notConnected));
    expect(u.body.error).toMatchObject({ code: 'app_not_connected' });
    expect(u.body.error.message).toMatch(/Connect New App/);

    const mismatched = await newPartner(SEED_TENANT_IDS.hvac);
    await startAndApprove(mismatched);
    const m = await mismatched.call('PUT', '/credentials', clientCredentials(SEED_TENANT_IDS.plumbing));
    expect(m.body.error).toMatchObject({ code: 'tenant_mismatch' });
    expect((await mismatched.call('GET', '')).body).toMatchObject({
      status: 'AWAITING_CREDENTIALS',
      lastCredentialCheck: { ok: false, error: { code: 'tenant_mismatch' } },
    });
  });

  it('keeps partners to their own integration and staff endpoints to staff', async () => {
    const a = await newPartner(SEED_TENANT_IDS.hvac);
    const b = await newPartner(SEED_TENANT_IDS.plumbing);
    await b.call('POST', '', { tenantId: b.tenantId, contactEmail: b.contactEmail, prerequisites });

    expect((await http(service.baseUrl, 'GET', BASE(b.partnerId), undefined, { authorization: `Bearer ${a.token}` })).status).toBe(403);
    expect((await http(service.baseUrl, 'GET', BASE(b.partnerId))).status).toBe(401);
    expect((await http(service.baseUrl, 'GET', BASE(b.partnerId), undefined, { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    expect((await http(service.baseUrl, 'GET', '/v1/staff/integrations', undefined, { authorization: `Bearer ${a.token}` })).status).toBe(403);
    expect((await http(service.baseUrl, 'POST', `/v1/staff/integrations/${b.partnerId}/approve`, {}, { authorization: `Bearer ${b.token}` })).status).toBe(403);
    expect((await http(service.baseUrl, 'GET', BASE(b.partnerId), undefined, { authorization: `Bearer ${staffToken}` })).status).toBe(200);
  });

  it('emails a rejection with its reason, and lets the partner apply again', async () => {
    const partner = await newPartner(SEED_TENANT_IDS.hvac);
    await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites });
    const noReason = await http(service.baseUrl, 'POST', `/v1/staff/integrations/${partner.partnerId}/reject`, {}, { authorization: `Bearer ${staffToken}` });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('body.reason');
    await http(
      service.baseUrl,
      'POST',
      `/v1/staff/integrations/${partner.partnerId}/reject`,
      { reason: 'The Tenant ID is not yours' },
      { authorization: `Bearer ${staffToken}` },
    );
    const email = await waitForEmail(partner.contactEmail, /.+/);
    expect(email.text).toContain('The Tenant ID is not yours');
    await waitFor(async () => (await partner.call('GET', '')).body.status === 'REJECTED', 'rejection');
    expect(
      (await http(service.baseUrl, 'POST', `/v1/staff/integrations/${partner.partnerId}/approve`, {}, { authorization: `Bearer ${staffToken}` })).status,
    ).toBe(409);

    const again = await partner.call('POST', '', { tenantId: partner.tenantId, contactEmail: partner.contactEmail, prerequisites });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('AWAITING_REVIEW');
  });

  it('serves its OpenAPI document', async () => {
    const doc = await http(service.baseUrl, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/partners/{partnerId}/integrations/servicetitan/credentials', '/v1/staff/integrations/{partnerId}/approve']),
    );
  });
});
