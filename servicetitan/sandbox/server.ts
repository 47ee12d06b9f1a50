// A local ServiceTitan: the token endpoint and the documented API paths the product uses, on one
// host (so both base URLs point at it), plus the /__sandbox/ admin API. Listens on 127.0.0.1;
// port 0 picks a free port (tests).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { loadCatalog } from '../openapi/documents';
import { OpenApiValidator } from '../openapi/validator';
import { adminRouter } from './admin';
import { apiPipeline, sendProblem } from './api';
import { SandboxClock } from './clock';
import { SandboxStateFile, type LoadOutcome } from './persistence';
import { TITLES } from './problems';
import { SandboxState, type SandboxStateOptions } from './state';
import { tokenEndpoint } from './token-endpoint';

export interface SandboxOptions extends SandboxStateOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Epoch milliseconds; token expiry and the rate-limit window run on it. Default Date.now. */
  clock?: () => number;
  /** Serve /__sandbox/ (default true; main.ts turns it off in production unless asked). */
  adminApi?: boolean;
  /**
   * Keep the state in this JSON file across restarts (loaded at start, saved shortly after every
   * change and on close). Absent or empty: memory only, as tests want.
   */
  stateFile?: string;
}

export interface RunningSandbox {
  /** Base URL for both the auth and the API host, e.g. http://127.0.0.1:4010. */
  url: string;
  port: number;
  state: SandboxState;
  clock: SandboxClock;
  /** With a state file: where it is and what the start found there. */
  persistence?: { file: string; loaded: LoadOutcome };
  close(): Promise<void>;
}

let sharedValidator: OpenApiValidator | undefined;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const catalog = loadCatalog();
  // Compiled schemas are kept per process: tests start many sandboxes.
  sharedValidator ??= new OpenApiValidator(catalog);
  const clock = new SandboxClock(options.clock);
  const state = new SandboxState(clock, options);
  const stateFile = options.stateFile ? new SandboxStateFile(options.stateFile, state) : undefined;
  const loaded = stateFile?.load();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (stateFile) {
    // Only requests that may change something (writes, tokens, admin changes) schedule a save.
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') res.once('finish', () => stateFile.changed());
      next();
    });
  }
  app.post('/connect/token', express.urlencoded({ extended: false }), tokenEndpoint(state));
  if (options.adminApi ?? true) app.use('/__sandbox', express.json(), adminRouter(state));
  app.use(express.json({ type: ['application/json', 'application/*+json'] }), apiPipeline(state, catalog, sharedValidator));
  app.use(errorHandler);

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    clock,
    ...(stateFile && loaded ? { persistence: { file: stateFile.file, loaded } } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          stateFile?.flush();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Malformed JSON → ServiceTitan's 400; anything else is a sandbox bug → 500 with the reason. */
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = (error as { status?: unknown }).status;
  if (status === 400 || (error as { type?: unknown }).type === 'entity.parse.failed') {
    return sendProblem(res, 400, TITLES.badRequest, { body: ['The request body is not valid JSON'] });
  }
  sendProblem(res, 500, TITLES.serverError, { sandbox: [error instanceof Error ? error.message : String(error)] });
};
