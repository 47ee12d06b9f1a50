// Partner endpoints for the ServiceTitan integration, under /v1/partners/:partnerId/integrations/servicetitan:
// the Partner Dashboard walks the setup guide through these.
import { Router, type Request } from 'express';
import { sealSecret } from '../../lib/crypto/secrets';
import { clientSecretAad, type PartnerCredentials } from '../../lib/partner-credentials';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import * as inputs from '../../workflows/onboarding/inputs';
import { disconnectUpdate, submitConfigurationUpdate, submitCredentialsUpdate, type ConfigureStepRequest } from '../../workflows/onboarding/messages';
import type { Actor, ConfigStep } from '../../workflows/onboarding/types';
import { principal } from '../auth';
import { catalogSchema, readCatalog } from '../catalog';
import { HttpError, parse } from '../errors';
import type { OnboardingClient } from '../onboarding-client';
import { onboardingStateSchema } from '../onboarding-state-schema';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { credentialsBody, idempotencyHeaders, partnerIdParams } from '../schemas';

export const INTEGRATION_PATH = '/v1/partners/:partnerId/integrations/servicetitan';

/** The configuration steps of the guide, each a PUT with its own body schema (inputs.stepSchemas). */
const STEP_ROUTES: { path: string; step: ConfigStep; operationId: string; summary: string }[] = [
  {
    path: '/plan-mappings',
    step: 'planMappings',
    operationId: 'setPlanMappings',
    summary: 'Map every SmartAC maintenance plan to an active ServiceTitan membership type',
  },
  {
    path: '/job-type-mappings',
    step: 'jobTypeMappings',
    operationId: 'setJobTypeMappings',
    summary: 'Map every Trade and Trade Condition to a Business Unit and a Job Type allowed in it',
  },
  {
    path: '/comfort-credit-field',
    step: 'comfortCreditField',
    operationId: 'setComfortCreditField',
    summary: 'Name the location custom field that holds Comfort Credit balances',
  },
  {
    path: '/eligible-services',
    step: 'eligibleServices',
    operationId: 'setEligibleServices',
    summary: 'Choose the Pricebook services eligible for Comfort Credits',
  },
  { path: '/tag', step: 'tag', operationId: 'setTag', summary: 'Name the SmartAC tag type' },
  { path: '/campaign', step: 'campaign', operationId: 'setCampaign', summary: 'Choose the campaign for SmartAC-generated jobs (or none)' },
  {
    path: '/capacity-scheduling',
    step: 'capacityScheduling',
    operationId: 'setCapacityScheduling',
    summary: 'Turn realtime capacity scheduling off, or on for chosen Business Units',
  },
];

export function actorOf(req: Request): Actor {
  const who = principal(req);
  return { type: who.role === 'staff' ? 'STAFF' : 'PARTNER', id: who.sub };
}

/** The step's body parsed with its schema; generic, so the step and its input stay paired without a cast. */
function configureRequest<S extends ConfigStep>(actor: Actor, step: S, body: unknown): ConfigureStepRequest<S> {
  const input = parse(inputs.stepSchemas[step], body, 'body');
  return { actor, step, input };
}

export function integrationsRouter(deps: { onboarding: OnboardingClient; credentials: PartnerCredentials; db: Db; config: Pick<Config, 'secrets'> }): Router {
  const { onboarding } = deps;
  const router = Router({ mergeParams: true });
  const partnerOf = (req: Request) => parse(partnerIdParams, req.params, 'params').partnerId;
  const keyOf = (req: Request) => parse(idempotencyHeaders, { 'idempotency-key': req.get('idempotency-key') }, 'headers')['idempotency-key'];

  router.post('/', async (req, res) => {
    const partnerId = partnerOf(req);
    const body = parse(inputs.startOnboarding, req.body, 'body');
    const { created, state } = await onboarding.start(partnerId, body, actorOf(req), keyOf(req));
    respond(res, created ? 201 : 200, onboardingStateSchema, state);
  });

  router.get('/', async (req, res) => {
    respond(res, 200, onboardingStateSchema, await onboarding.state(partnerOf(req)));
  });

  router.put('/credentials', async (req, res) => {
    const partnerId = partnerOf(req);
    const { clientId, clientSecret } = parse(credentialsBody, req.body, 'body');
    const key = keyOf(req);
    // Sealed here, bound to this partner: the plain secret never reaches Temporal or the database.
    const sealedSecret = sealSecret(clientSecret, deps.config.secrets.encryptionKeys, clientSecretAad(partnerId));
    respond(res, 200, onboardingStateSchema, await onboarding.update(partnerId, submitCredentialsUpdate, { actor: actorOf(req), clientId, sealedSecret }, key));
  });

  router.get('/catalog', async (req, res) => {
    const partnerId = partnerOf(req);
    const state = await onboarding.state(partnerId);
    if (!state.credentials) throw new HttpError(409, 'invalid_state', 'the catalog needs verified ServiceTitan credentials first');
    respond(res, 200, catalogSchema, await readCatalog(await deps.credentials.clientFor(partnerId), deps.db, partnerId));
  });

  for (const route of STEP_ROUTES) {
    router.put(route.path, async (req, res) => {
      const partnerId = partnerOf(req);
      const request = configureRequest(actorOf(req), route.step, req.body);
      const key = keyOf(req);
      respond(res, 200, onboardingStateSchema, await onboarding.configureStep(partnerId, request, key));
    });
  }

  router.post('/submit', async (req, res) => {
    const partnerId = partnerOf(req);
    respond(res, 200, onboardingStateSchema, await onboarding.update(partnerId, submitConfigurationUpdate, { actor: actorOf(req) }, keyOf(req)));
  });

  router.delete('/', async (req, res) => {
    const partnerId = partnerOf(req);
    const body = parse(inputs.disconnect, req.body ?? {}, 'body');
    respond(res, 200, onboardingStateSchema, await onboarding.update(partnerId, disconnectUpdate, { actor: actorOf(req), ...body }, keyOf(req)));
  });

  return router;
}

const state = { description: 'the onboarding state', schema: onboardingStateSchema };
const stepAnswer = {
  description: "the step, verified and saved: the whole onboarding state, whose `steps.<step>` is this step's result and `nextAction` what comes next",
  schema: onboardingStateSchema,
};
const invalidInput = { description: 'invalid input (`error.issues` lists each problem with its path), or a body that is not JSON' };
const verificationFailed = {
  description:
    'ServiceTitan did not confirm it: `error.code` says why, `error.step` which step, `error.details` what to fix (e.g. the refused areas); or it cannot be stored (`not_storable`)',
};
const wrongStatus = { description: 'not possible in the current status (`invalid_state`)' };
const noOnboarding = { description: 'this partner has no onboarding yet' };
const timedOut = {
  description:
    'Temporal did not answer in time (`temporal_timeout`, with Retry-After), or tokens cannot be verified right now (`auth_unavailable`). Send the same request again with the same `Idempotency-Key` header: it is applied once. Without the header, read the state before repeating.',
};

export const integrationDocs: RouteDoc[] = [
  {
    method: 'post',
    path: INTEGRATION_PATH,
    operationId: 'startOnboarding',
    summary: 'Start the onboarding (or get the running one)',
    headers: idempotencyHeaders,
    auth: 'partner',
    params: partnerIdParams,
    body: inputs.startOnboarding,
    responses: {
      201: { description: 'started', schema: onboardingStateSchema },
      200: { description: 'already running: its state', schema: onboardingStateSchema },
    },
  },
  {
    method: 'get',
    path: INTEGRATION_PATH,
    operationId: 'getOnboardingState',
    summary: 'The onboarding state: status, steps with their verification, next action',
    auth: 'partner',
    params: partnerIdParams,
    responses: { 200: state, 404: { description: 'no onboarding yet' } },
  },
  {
    method: 'put',
    path: `${INTEGRATION_PATH}/credentials`,
    operationId: 'submitCredentials',
    summary: 'Enter (or rotate) the ServiceTitan Client ID and Client Secret; verified before saving',
    headers: idempotencyHeaders,
    auth: 'partner',
    params: partnerIdParams,
    body: credentialsBody,
    responses: {
      200: { description: 'verified and saved: the whole state (`credentials`, `lastCredentialCheck`, `nextAction`)', schema: onboardingStateSchema },
      400: invalidInput,
      404: noOnboarding,
      409: wrongStatus,
      422: verificationFailed,
      503: timedOut,
    },
  },
  {
    method: 'get',
    path: `${INTEGRATION_PATH}/catalog`,
    operationId: 'getCatalog',
    summary: "The choices for each step, read from the partner's ServiceTitan",
    auth: 'partner',
    params: partnerIdParams,
    responses: {
      200: {
        description: 'business units, job types, membership types, tag types, custom fields, services, campaigns, trade conditions, plans',
        schema: catalogSchema,
      },
      404: noOnboarding,
      409: { description: 'no verified ServiceTitan credentials yet (`invalid_state`)' },
    },
  },
  ...STEP_ROUTES.map((r): RouteDoc => ({
    method: 'put',
    path: `${INTEGRATION_PATH}${r.path}`,
    operationId: r.operationId,
    summary: r.summary,
    headers: idempotencyHeaders,
    auth: 'partner',
    params: partnerIdParams,
    body: inputs.stepSchemas[r.step],
    responses: { 200: stepAnswer, 400: invalidInput, 404: noOnboarding, 409: wrongStatus, 422: verificationFailed, 503: timedOut },
  })),
  {
    method: 'post',
    path: `${INTEGRATION_PATH}/submit`,
    operationId: 'submitConfiguration',
    summary: 'Submit the integration form: everything is verified again, then the integration is ACTIVE',
    headers: idempotencyHeaders,
    auth: 'partner',
    params: partnerIdParams,
    responses: {
      200: { description: 'live: the whole state (ACTIVE, every step verified, `nextAction`)', schema: onboardingStateSchema },
      400: invalidInput,
      404: noOnboarding,
      409: {
        description:
          'not possible in the current status (`invalid_state`), or SmartAC staff must check the ServiceTitan tenant first (`tenant_conflict_unresolved`)',
      },
      422: verificationFailed,
      503: timedOut,
    },
  },
  {
    method: 'delete',
    path: INTEGRATION_PATH,
    operationId: 'disconnect',
    summary: 'Disconnect: credentials destroyed, everything stopped',
    headers: idempotencyHeaders,
    auth: 'partner',
    params: partnerIdParams,
    body: inputs.disconnect.optional(),
    responses: {
      200: { description: 'disconnected: the whole state', schema: onboardingStateSchema },
      400: invalidInput,
      404: noOnboarding,
      409: wrongStatus,
      503: timedOut,
    },
  },
];
