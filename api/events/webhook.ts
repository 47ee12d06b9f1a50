// POST /v1/events: SmartAC's platform delivers its events here, at least once. The signature is
// checked over the exact bytes received, so this router reads its own body (raw). The signature
// header is the request's authentication: without a well-formed, current one the request gets a
// 401 before a byte of its body is read. Then: not JSON (415), larger than 100 kB (413), a
// signature that does not match the body (401), not a valid event (400); nothing is recorded in
// any of these cases. 202 only after the event and its effect have committed.
import type { Client } from '@temporalio/client';
import express, { Router, type RequestHandler } from 'express';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import type { Logger } from '../../lib/logger';
import { HttpError, parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { respond } from '../respond';
import { integrationStatusOf, recordEvent } from '../../lib/platform-events/record';
import { incomingEvent } from '../../lib/platform-events/schemas';
import { eventAcceptedResponse } from './http-schemas';
import { matchesBody, parseSignatureHeader, SIGNATURE_HEADER, type SignatureHeader } from './signature';
import { wakeSyncChildren } from './wake';

export const EVENTS_PATH = '/v1/events';

export interface EventsRouterDeps {
  db: Db;
  temporal: Pick<Client, 'workflow'>;
  logger: Logger;
  config: Pick<Config, 'secrets'>;
}

export function eventsRouter(deps: EventsRouterDeps): Router {
  const router = Router();

  router.post(EVENTS_PATH, signedRequest, express.raw({ type: 'application/json', limit: '100kb' }), async (req, res) => {
    // express.raw leaves the body unset unless the request is application/json with a body.
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'send the event as a JSON body with content-type application/json');
    const signature = matchesBody(res.locals.signature as Extract<SignatureHeader, { ok: true }>, req.body, deps.config.secrets.webhookSecret);
    if (!signature.ok) throw new HttpError(401, 'invalid_signature', signature.reason);
    const event = parse(incomingEvent, parseJson(req.body), 'body');

    const recorded = await recordEvent(deps.db, event, await integrationStatusOf(deps.db, event.partnerId));
    deps.logger.info({ eventId: event.id, type: event.type, partnerId: event.partnerId, ...recorded }, 'smartac event recorded');
    respond(res, 202, eventAcceptedResponse, { id: event.id, ...recorded });

    // After answering: waking is best effort and must not hold up (or fail) the acknowledgement.
    // PENDING events have no running children to wake.
    if (!recorded.duplicate && recorded.status === 'APPLIED') void wakeSyncChildren(deps.temporal, deps.logger, event.partnerId, event.type);
  });

  return router;
}

/** Refuses, before the body is read, a request without a well-formed and current signature header. */
const signedRequest: RequestHandler = (req, res, next) => {
  const header = parseSignatureHeader(req.get(SIGNATURE_HEADER));
  if (!header.ok) throw new HttpError(401, 'invalid_signature', header.reason);
  res.locals.signature = header;
  next();
};

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'the body is not valid JSON');
  }
}

export const webhookDocs: RouteDoc[] = [
  {
    method: 'post',
    path: EVENTS_PATH,
    operationId: 'receiveEvent',
    summary:
      'SmartAC platform → this service: one event, signed with `SmartAC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` ' +
      "(several v1 entries allowed during secret rotation; at most five minutes of clock skew). A repeated event id of the same partner is acknowledged and ignored (ids are per partner: another partner's event with the same id is applied).",
    tags: ['events'],
    auth: 'none',
    body: incomingEvent,
    responses: {
      202: { description: 'recorded (or recorded before: `duplicate`)', schema: eventAcceptedResponse },
      401: { description: 'SmartAC-Signature missing, malformed or outside five minutes (answered before the body is read), or not matching the body' },
      413: { description: 'body larger than 100 kB' },
      415: { description: 'not an application/json body' },
    },
  },
];
