// The API's OpenAPI document, from every router's RouteDoc entries: what the app serves at
// /openapi.json and what `npm run web:api-types` generates the web client's types from. The
// development sign-in is listed only outside production, where it is mounted.
import type { Config } from '../lib/config';
import { eventsDocs, visitsDocs } from './events';
import { healthDocs } from './health';
import { buildOpenApiDocument, type OpenApiDocument, type RouteDoc } from './openapi';
import { continueSetupDocs } from './routes/continue-setup';
import { devSignInDocs } from './routes/dev-sign-in';
import { integrationDocs } from './routes/integrations';
import { maintenancePlanDocs } from './routes/maintenance-plans';
import { sessionDocs } from './routes/session';
import { staffDocs } from './routes/staff';
import { syncErrorsDocs } from './routes/sync-errors';

export const API_INFO = { title: 'SmartAC ServiceTitan integration API', version: '1' };

/** Whether the development sign-in exists: everywhere but production. */
export function devSignInEnabled(config: Pick<Config, 'env'>): boolean {
  return config.env !== 'production';
}

export function apiRouteDocs(config: Pick<Config, 'env'>): RouteDoc[] {
  return [
    ...integrationDocs,
    ...maintenancePlanDocs,
    ...staffDocs,
    ...continueSetupDocs,
    ...eventsDocs,
    ...visitsDocs,
    ...syncErrorsDocs,
    ...sessionDocs,
    ...(devSignInEnabled(config) ? devSignInDocs : []),
    ...healthDocs,
  ];
}

export function buildApiDocument(config: Pick<Config, 'env' | 'api'>): OpenApiDocument {
  return buildOpenApiDocument(apiRouteDocs(config), API_INFO, [{ url: config.api.publicBaseUrl, description: 'this API (PUBLIC_BASE_URL)' }]);
}
