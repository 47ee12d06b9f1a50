// SmartAC's platform events over HTTP: the signed webhook that records them (the recording itself
// is lib/platform-events) and the partner's reads of what they led to. Mounting, in api/app.ts:
// eventsRouter before express.json (it parses its own raw body to check the signature); the
// summary and visits routers under their paths behind authenticate + requirePartnerAccess.
import type { RouteDoc } from '../openapi';
import { summaryDocs } from './summary';
import { webhookDocs } from './webhook';

export { eventsRouter, type EventsRouterDeps } from './webhook';
export { eventSummaryRouter, EVENTS_SUMMARY_PATH } from './summary';
export { visitsRouter, visitsDocs, VISITS_PATH } from './visits';
export { signEvent } from './signature';

export const eventsDocs: RouteDoc[] = [...webhookDocs, ...summaryDocs];
