// SmartAC's events: the signed webhook that records them, the partner's reads of what they led to,
// and (re-exported from lib/events) the recording itself. Mounting, in api/app.ts:
// eventsRouter before express.json (it parses its own raw body to check the signature); the
// summary and visits routers under their paths behind authenticate + requirePartnerAccess.
import type { RouteDoc } from '../openapi';
import { summaryDocs } from './summary';
import { webhookDocs } from './webhook';

export { eventsRouter, type EventsRouterDeps } from './webhook';
export { eventSummaryRouter, EVENTS_SUMMARY_PATH } from './summary';
export { visitsRouter, visitsDocs, VISITS_PATH } from './visits';
export { recordEvent, releasePendingEvents, type RecordedEvent } from '../../lib/events/record';
export { signEvent } from './signature';
export type { IncomingEvent } from './schemas';

export const eventsDocs: RouteDoc[] = [...webhookDocs, ...summaryDocs];
