// The HTTP API as an express app, built from its clients so tests can run it on a random port.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db/client';
import type { Logger } from '../lib/logger';
import type { PartnerCredentials } from '../lib/partner-credentials';
import { authenticate, requirePartnerAccess, requireStaff } from './auth';
import { errorHandler, HttpError } from './errors';
import { buildApiDocument, devSignInEnabled } from './document';
import { eventsRouter, EVENTS_SUMMARY_PATH, eventSummaryRouter, VISITS_PATH, visitsRouter } from './events';
import { healthHandler } from './health';
import { HttpRequestMetrics, mountedAt, UNMATCHED_ROUTE } from './metrics/http-requests';
import { METRICS_PATH, metricsHandler } from './metrics/route';
import { OnboardingClient } from './onboarding-client';
import { readinessHandler } from './readiness';
import { continueSetupRouter } from './routes/continue-setup';
import { DEV_SIGN_IN_PATH, devSignInRouter } from './routes/dev-sign-in';
import { INTEGRATION_PATH, integrationsRouter } from './routes/integrations';
import { maintenancePlansRouter, PLANS_PATH } from './routes/maintenance-plans';
import { sessionRouter } from './routes/session';
import { staffRouter } from './routes/staff';
import { SYNC_ERRORS_PATH, syncErrorsRouter } from './routes/sync-errors';
import { webPagesRouter } from './web-pages';
import { addressesOnboarding, workflowLogProps } from './workflow-log-context';

export interface AppDeps {
  temporal: Client;
  db: Db;
  logger: Logger;
  credentials: PartnerCredentials;
  config: Pick<Config, 'env' | 'api' | 'temporal' | 'onboarding' | 'sync' | 'auth' | 'secrets' | 'dashboardBaseUrl'> & {
    metrics?: Pick<Config['metrics'], 'token'>;
  };
}

const STAFF_PATH = '/v1/staff';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** JSON request bodies; the events webhook has the same limit (api/events/webhook.ts). */
const JSON_BODY_LIMIT = '100kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const httpMetrics = new HttpRequestMetrics();
  app.use(httpMetrics.middleware());
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Keep a caller's request id (from a proxy or the dashboard) when it is sane; else make one.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        // Query strings can carry a Continue Setup link's token: logged without their values.
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/=[^&]*/g, '=…') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (_req, res) => workflowLogProps(res),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === METRICS_PATH },
    }),
  );
  // The events webhook is authenticated by its signature over the raw body, so it reads its own.
  app.use(eventsRouter({ db: deps.db, temporal: deps.temporal, logger: deps.logger, config: deps.config }));

  app.get('/healthz', healthHandler);
  app.get(
    '/readyz',
    readinessHandler({ temporal: deps.temporal, db: deps.db, namespace: deps.config.temporal.namespace, taskQueue: deps.config.temporal.taskQueue }),
  );

  // Prometheus scrapes (README "Metrics"); not an API operation, so not in /openapi.json.
  app.get(METRICS_PATH, metricsHandler(httpMetrics, deps.db, deps.config.metrics?.token));

  const openApi = buildApiDocument(deps.config);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  const onboarding = new OnboardingClient(deps.temporal, deps.config, deps.db);
  const auth = authenticate(deps.config.auth);
  app.use(continueSetupRouter(deps.config));
  app.use(sessionRouter({ signedIn: auth, bearerOnly: authenticate(deps.config.auth, { cookie: false }) }));
  // Authentication and authorization come before the body is read: a stranger's 10 MB or
  // malformed body gets a 401 (or 403) without being parsed. GET bodies carry no meaning here.
  const json = express.json({
    limit: JSON_BODY_LIMIT,
    type: (req) => req.method !== 'GET' && req.method !== 'HEAD' && Boolean((req as express.Request).is('application/json')),
  });
  // Not mounted at all in production: there it is an unknown route (404), like any other.
  if (devSignInEnabled(deps.config)) app.use(DEV_SIGN_IN_PATH, mountedAt(DEV_SIGN_IN_PATH), json, devSignInRouter(deps.config));
  app.use(SYNC_ERRORS_PATH, mountedAt(SYNC_ERRORS_PATH), auth, requirePartnerAccess, syncErrorsRouter(deps));
  app.use(
    INTEGRATION_PATH,
    mountedAt(INTEGRATION_PATH),
    addressesOnboarding,
    auth,
    requirePartnerAccess,
    json,
    integrationsRouter({ onboarding, credentials: deps.credentials, db: deps.db, config: deps.config }),
  );
  app.use(PLANS_PATH, mountedAt(PLANS_PATH), auth, requirePartnerAccess, json, maintenancePlansRouter(deps));
  app.use(STAFF_PATH, mountedAt(STAFF_PATH), auth, requireStaff, json, staffRouter({ onboarding, db: deps.db, config: deps.config }));
  app.use(EVENTS_SUMMARY_PATH, mountedAt(EVENTS_SUMMARY_PATH), auth, requirePartnerAccess, eventSummaryRouter(deps));
  app.use(VISITS_PATH, mountedAt(VISITS_PATH), auth, requirePartnerAccess, visitsRouter(deps));

  // The web pages last: every API path above wins, and an unknown API path still gets JSON.
  app.use(mountedAt('(web pages)'), webPagesRouter());

  app.use(mountedAt(UNMATCHED_ROUTE), (req) => {
    throw new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return app;
}
