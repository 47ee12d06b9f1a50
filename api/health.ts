// The probes and the document itself: /healthz (the process answers), /readyz (./readiness.ts:
// Temporal, the database and a worker) and /openapi.json.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { RouteDoc } from './openapi';
import { readinessSchema } from './readiness';
import { respond } from './respond';

const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const healthHandler: RequestHandler = (_req, res) => {
  respond(res, 200, healthSchema, { status: 'ok' });
};

export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness: the API process answers',
    tags: ['health'],
    auth: 'none',
    responses: { 200: { description: 'alive', schema: healthSchema } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: Temporal, the database and a worker polling the task queue all answer (each check within 2 s; one answer per second)',
    tags: ['health'],
    auth: 'none',
    responses: {
      200: { description: 'ready', schema: readinessSchema },
      503: { description: 'not ready: `missing` names what is not', schema: readinessSchema },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tags: ['health'],
    auth: 'none',
    responses: { 200: { description: 'the OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
  },
];
