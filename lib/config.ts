// The one place that reads the environment. Every process (API, worker, stack launcher,
// migrator) calls loadConfig() at start; a bad variable stops it with a message naming each one.
// Defaults are for local development on loopback; production must set the secrets (see below).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { SANDBOX_SMARTAC_APP_KEY } from '../servicetitan/sandbox/app-key';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEV_LINK_SECRET = 'dev-only-link-signing-secret-0123456789';
const DEV_WEBHOOK_SECRET = 'dev-only-smartac-webhook-secret-0123456789';
// 32 zero-ish bytes, base64: fine for a laptop, refused in production.
const DEV_ENCRYPTION_KEYS = 'dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const port = z.coerce.number().int().min(0).max(65535);
const url = z.string().url();
/** Spelled like @temporalio/envconfig's booleans ("true"/"1"), but anything else is an error, not false. */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * A PEM file (certificate or private key), read once at start: a missing or unreadable file stops
 * the process now, not at the first connection. Messages name the path, never the contents.
 */
const pemFile = z
  .string()
  .min(1)
  .transform((path, ctx) => {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})` });
      return z.NEVER;
    }
    if (!data.includes('-----BEGIN ')) {
      ctx.addIssue({ code: 'custom', message: `${path} is not a PEM file (no "-----BEGIN" line)` });
      return z.NEVER;
    }
    return data;
  });

/** `keyId:base64(32 bytes)` entries separated by commas; the first one seals new secrets. */
const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'each entry must be keyId:base64 of exactly 32 bytes' });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
    return z.NEVER;
  }
  return keys;
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('.data'),

    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(3000),
    PUBLIC_BASE_URL: url.optional(),
    DASHBOARD_BASE_URL: url.optional(),

    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_PORT: port.default(7233),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('smartac-servicetitan'),
    TEMPORAL_UI_PORT: port.default(8233),
    // Where staff open a workflow in the Temporal UI (the staff console links there). Outside
    // production: the dev server's UI on TEMPORAL_UI_PORT; in production only when set.
    TEMPORAL_UI_URL: url.optional(),
    // How to reach TEMPORAL_ADDRESS (Temporal Cloud, an mTLS cluster): @temporalio/envconfig's names.
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS: flag.optional(),
    TEMPORAL_TLS_CLIENT_CERT_PATH: pemFile.optional(),
    TEMPORAL_TLS_CLIENT_KEY_PATH: pemFile.optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pemFile.optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    // The TypeScript SDK's TLSConfig cannot skip host verification: refused rather than ignored.
    TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: flag
      .refine(
        (disable) => !disable,
        'not supported by the Temporal TypeScript SDK; set TEMPORAL_TLS_SERVER_NAME (the name in the server certificate) or TEMPORAL_TLS_SERVER_CA_CERT_PATH instead',
      )
      .optional(),
    // How long the API waits for Temporal before answering 503 + Retry-After. Reads (queries,
    // describe, start, signal) need only the server and a worker: a few seconds is plenty. Updates
    // run ServiceTitan verifications (a token, then a read in every API area; submit re-verifies
    // everything), which take seconds and, with a throttled retry or two, tens of seconds: 30 s
    // covers that and still answers before a typical 60 s proxy or browser timeout.
    API_TEMPORAL_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    API_TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),

    // The worker: its workflow code built once (scripts/build-workflow-bundle.ts; bundled at start
    // when the file is missing or older than its sources), and how long a stopping worker lets
    // running activities finish before it cancels them (SIGTERM/SIGINT drain, workers/main.ts).
    WORKFLOW_BUNDLE_PATH: z.string().min(1).default('dist/workflow-bundle.js'),
    WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
    // How many worker processes `npm start` runs on the task queue. A worker runs its activities
    // and hands work to its workflows on one Node main thread: at 10 onboardings at once on a
    // 2-core machine one worker is that thread's bottleneck (bench:onboarding). Default: one per
    // core, at most 2 (WORKER_METRICS_PORT, +1, ... for their metrics).
    WORKER_PROCESSES: z.coerce
      .number()
      .int()
      .min(1)
      .max(16)
      .default(() => Math.min(2, availableParallelism())),

    DATABASE_URL: url.optional(),
    POSTGRES_PORT: port.default(5432),

    SMTP_URL: url.optional(),
    SMTP_PORT: port.default(1025),
    INBOX_PORT: port.default(1080),
    MAIL_FROM: z.string().min(3).default('SmartAC.com Integrations <integrations@smartac.com>'),
    STAFF_EMAIL: z.string().email().default('integrations-staff@smartac.com'),

    SERVICETITAN_ENV: z.enum(['integration', 'production']).default('integration'),
    SERVICETITAN_AUTH_URL: url.optional(),
    SERVICETITAN_API_URL: url.optional(),
    SERVICETITAN_APP_KEY: z.string().min(1).optional(),
    /** Our app's GUID in ServiceTitan's externalData: marks (and finds again) what SmartAC created. */
    SERVICETITAN_APP_GUID: z.string().uuid().default('5ac0e9a1-7c2b-4d1e-9f3a-2b8c6d4e0f11'),
    SMARTAC_WEBHOOK_SECRET: z.string().min(32).default(DEV_WEBHOOK_SECRET),
    SANDBOX_PORT: port.default(4010),

    AUTH_JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
    AUTH_JWKS_URL: url.optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    /** Longest lifetime (exp - iat) an HS256 token may have: a leaked shared-secret token must not live for long. */
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 3600),

    ONBOARDING_REVIEW_SLA_HOURS: z.coerce.number().positive().default(24),
    ONBOARDING_CREDENTIAL_REMINDER_DAYS: z
      .string()
      .default('3,7')
      .transform((raw, ctx) => {
        const days = raw.split(',').map((d) => Number(d.trim()));
        if (days.some((d) => !Number.isFinite(d) || d <= 0)) {
          ctx.addIssue({ code: 'custom', message: 'comma-separated positive numbers of days' });
          return z.NEVER;
        }
        return days.sort((a, b) => a - b);
      }),
    ONBOARDING_EXPIRY_DAYS: z.coerce.number().positive().default(30),

    SYNC_INTERVAL_SECONDS: z.coerce.number().positive().default(60),
    SYNC_RECONCILE_HOURS: z.coerce.number().positive().default(6),
    SYNC_REMINDER_LOOKAHEAD_HOURS: z.coerce.number().positive().default(48),
    SYNC_ITEM_RETRY_SECONDS: z.coerce.number().positive().default(60),
    SYNC_IDLE_CHECK_MINUTES: z.coerce.number().positive().default(30),
    // Prometheus metrics (README "Metrics"). METRICS_TOKEN: when set, GET /metrics on the API
    // needs it as a bearer token. The worker serves its metrics (the SDK's and ours) on
    // WORKER_METRICS_HOST:WORKER_METRICS_PORT; port 0 turns them off.
    METRICS_TOKEN: z.string().min(16).optional(),
    WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    WORKER_METRICS_PORT: port.default(9464),
    LINK_SIGNING_SECRET: z.string().min(32).default(DEV_LINK_SECRET),
    SECRETS_ENCRYPTION_KEYS: encryptionKeys.prefault(DEV_ENCRYPTION_KEYS),
  })
  .superRefine((env, ctx) => {
    if (env.ONBOARDING_CREDENTIAL_REMINDER_DAYS.some((d) => d >= env.ONBOARDING_EXPIRY_DAYS)) {
      ctx.addIssue({ code: 'custom', path: ['ONBOARDING_CREDENTIAL_REMINDER_DAYS'], message: 'reminders must come before ONBOARDING_EXPIRY_DAYS' });
    }
    const tlsSettings = (
      ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_NAME'] as const
    ).filter((name) => env[name] !== undefined);
    if ((env.TEMPORAL_TLS_CLIENT_CERT_PATH === undefined) !== (env.TEMPORAL_TLS_CLIENT_KEY_PATH === undefined)) {
      const missing = env.TEMPORAL_TLS_CLIENT_CERT_PATH === undefined ? 'TEMPORAL_TLS_CLIENT_CERT_PATH' : 'TEMPORAL_TLS_CLIENT_KEY_PATH';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'mTLS needs both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH' });
    }
    if (env.TEMPORAL_TLS === false && (env.TEMPORAL_API_KEY !== undefined || tlsSettings.length > 0)) {
      const what = [...(env.TEMPORAL_API_KEY !== undefined ? ['TEMPORAL_API_KEY (an API key is only sent over TLS)'] : []), ...tlsSettings];
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS'], message: `is false, but ${what.join(', ')} is set` });
    }
    // npm start gives worker i the port WORKER_METRICS_PORT + i: the last must still be a port.
    if (env.WORKER_METRICS_PORT !== 0 && env.WORKER_METRICS_PORT + env.WORKER_PROCESSES - 1 > 65535) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKER_METRICS_PORT'],
        message: `leaves no port for each of the ${env.WORKER_PROCESSES} WORKER_PROCESSES (at most 65535)`,
      });
    }
    if (env.TEMPORAL_ADDRESS === undefined && (env.TEMPORAL_TLS === true || env.TEMPORAL_API_KEY !== undefined || tlsSettings.length > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ADDRESS'],
        message: 'must be set with TEMPORAL_TLS* or TEMPORAL_API_KEY (the local dev server speaks plain gRPC)',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    // Development defaults are public (they are in this file): production must bring its own.
    const required: [keyof typeof env, boolean][] = [
      ['AUTH_JWT_SECRET', env.AUTH_JWT_SECRET === DEV_JWT_SECRET],
      ['LINK_SIGNING_SECRET', env.LINK_SIGNING_SECRET === DEV_LINK_SECRET],
      ['SMARTAC_WEBHOOK_SECRET', env.SMARTAC_WEBHOOK_SECRET === DEV_WEBHOOK_SECRET],
      ['SECRETS_ENCRYPTION_KEYS', env.SECRETS_ENCRYPTION_KEYS.some((k) => k.id === 'dev1')],
      ['DATABASE_URL', env.DATABASE_URL === undefined],
      ['SMTP_URL', env.SMTP_URL === undefined],
      ['PUBLIC_BASE_URL', env.PUBLIC_BASE_URL === undefined],
      ['SERVICETITAN_APP_KEY', env.SERVICETITAN_APP_KEY === undefined],
    ];
    for (const [name, missing] of required) {
      if (missing) ctx.addIssue({ code: 'custom', path: [name], message: 'must be set in production (no development default)' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Every variable loadConfig() reads; .env.example lists each one (test/unit/env-example.test.ts). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  api: { host: string; port: number; publicBaseUrl: string };
  dashboardBaseUrl: string;
  /** embedded: no TEMPORAL_ADDRESS given, so the local stack runs the Temporal CLI dev server. */
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    embedded: boolean;
    embeddedPort: number;
    uiPort: number;
    /** TEMPORAL_UI_URL without a trailing slash; null: no Temporal UI to link to. */
    uiUrl: string | null;
    /** The API's deadlines for Temporal calls (API_TEMPORAL_*_TIMEOUT_MS): past them it answers 503. */
    apiDeadlines: { queryMs: number; updateMs: number };
    /** Undefined: plain gRPC. Files are read at start. An API key implies TLS. See lib/temporal.ts. */
    tls?: TemporalTls;
    /** Sent as a bearer token (Temporal Cloud). A secret: never log it. */
    apiKey?: string;
  };
  /** workflowBundlePath: relative to the working directory. shutdownGraceMs: the drain on SIGTERM. */
  worker: { workflowBundlePath: string; shutdownGraceMs: number; processes: number };
  /** embedded: no DATABASE_URL given, so the local stack runs embedded Postgres on embeddedPort. */
  database: { url: string; embedded: boolean; embeddedPort: number };
  smtp: { url: string; embedded: boolean; embeddedPort: number; inboxPort: number; from: string; staffEmail: string };
  serviceTitan: {
    environment: 'integration' | 'production';
    authBaseUrl?: string;
    apiBaseUrl?: string;
    /** Our app's ST-App-Key; the sandbox's own key when the sandbox plays ServiceTitan. */
    appKey: string;
    applicationGuid: string;
    /** True when no real ServiceTitan is configured: the local sandbox plays it. */
    useSandbox: boolean;
    sandboxPort: number;
  };
  /** maxTokenLifetimeSeconds bounds HS256 tokens (exp is required of every token). */
  auth: { jwtSecret: string; jwksUrl?: string; issuer?: string; audience?: string; maxTokenLifetimeSeconds: number };
  /** Onboarding timers, in milliseconds (see workflows/onboarding/types.ts OnboardingTimings). */
  onboarding: { reviewSlaMs: number; credentialsReminderAfterMs: number[]; credentialsExpireAfterMs: number };
  /** Prometheus metrics: the API's bearer token (if any) and the worker's exporter address (port 0: off). */
  metrics: { token?: string; workerHost: string; workerPort: number };
  /** The live integration's sync children (see workflows/onboarding/types.ts SyncTiming). */
  sync: { intervalMs: number; reconcileEveryMs: number; reminderLookaheadHours: number };
  /** First retry of an item ServiceTitan refused, doubling per refusal (activities/sync/item-retry.ts). */
  syncItemRetryFirstMs: number;
  /** A sync child with nothing to do looks anyway after this long (workflows/sync/types.ts SyncPassTiming). */
  syncIdleCheckMs: number;
  secrets: {
    linkSigningSecret: string;
    /** Verifies SmartAC-Signature on POST /v1/events. */
    webhookSecret: string;
    encryptionKeys: { id: string; key: Buffer }[];
  };
}

export interface TemporalTls {
  /** TEMPORAL_TLS_SERVER_NAME: the name to expect in the server certificate (SNI), if not the address's host. */
  serverName?: string;
  /** TEMPORAL_TLS_SERVER_CA_CERT_PATH: trust this CA instead of the system's (a private cluster). */
  serverCaCert?: Buffer;
  /** TEMPORAL_TLS_CLIENT_CERT_PATH and _KEY_PATH: mTLS. The key is a secret: never log it. */
  clientCert?: { cert: Buffer; key: Buffer };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The API's origin as a browser on this machine reaches it (a wildcard bind is reached on loopback). */
function ownOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, the way shells and compose files usually mean them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  // 127.0.0.1, as the API listens by default: the pages' session cookie belongs to the exact origin.
  const apiBase = e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.API_PORT}`;
  const useSandbox = e.SERVICETITAN_API_URL === undefined && e.SERVICETITAN_AUTH_URL === undefined && e.SERVICETITAN_APP_KEY === undefined;
  const sandboxUrl = `http://127.0.0.1:${e.SANDBOX_PORT}`;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    api: { host: e.API_HOST, port: e.API_PORT, publicBaseUrl: apiBase.replace(/\/$/, '') },
    // The Partner Dashboard the guide names; Continue Setup links land there after our check.
    // Outside production the pages this service serves (web/) stand in for it, on the API's own
    // origin, so the link lands on their credentials step where the dev sign-in cookie lives.
    dashboardBaseUrl: (e.DASHBOARD_BASE_URL ?? (e.NODE_ENV === 'production' ? 'https://noc.smartac.com' : ownOrigin(e.API_HOST, e.API_PORT))).replace(
      /\/$/,
      '',
    ),
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      embedded: e.TEMPORAL_ADDRESS === undefined,
      embeddedPort: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: (e.TEMPORAL_UI_URL ?? (e.NODE_ENV === 'production' ? null : `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`))?.replace(/\/$/, '') ?? null,
      apiDeadlines: { queryMs: e.API_TEMPORAL_QUERY_TIMEOUT_MS, updateMs: e.API_TEMPORAL_UPDATE_TIMEOUT_MS },
      tls: temporalTlsOf(e),
      apiKey: e.TEMPORAL_API_KEY,
    },
    worker: {
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
      shutdownGraceMs: Math.round(e.WORKER_SHUTDOWN_GRACE_SECONDS * 1000),
      processes: e.WORKER_PROCESSES,
    },
    database: {
      url: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${e.POSTGRES_PORT}/smartac`,
      embedded: e.DATABASE_URL === undefined,
      embeddedPort: e.POSTGRES_PORT,
    },
    smtp: {
      url: e.SMTP_URL ?? `smtp://127.0.0.1:${e.SMTP_PORT}`,
      embedded: e.SMTP_URL === undefined,
      embeddedPort: e.SMTP_PORT,
      inboxPort: e.INBOX_PORT,
      from: e.MAIL_FROM,
      staffEmail: e.STAFF_EMAIL,
    },
    serviceTitan: {
      environment: e.SERVICETITAN_ENV,
      authBaseUrl: e.SERVICETITAN_AUTH_URL ?? (useSandbox ? sandboxUrl : undefined),
      apiBaseUrl: e.SERVICETITAN_API_URL ?? (useSandbox ? sandboxUrl : undefined),
      // With no real ServiceTitan configured there is no app key to require: the sandbox's is public.
      appKey: e.SERVICETITAN_APP_KEY ?? SANDBOX_SMARTAC_APP_KEY,
      applicationGuid: e.SERVICETITAN_APP_GUID,
      useSandbox,
      sandboxPort: e.SANDBOX_PORT,
    },
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      maxTokenLifetimeSeconds: e.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    },
    onboarding: {
      reviewSlaMs: Math.round(e.ONBOARDING_REVIEW_SLA_HOURS * HOUR),
      credentialsReminderAfterMs: e.ONBOARDING_CREDENTIAL_REMINDER_DAYS.map((d) => Math.round(d * DAY)),
      credentialsExpireAfterMs: Math.round(e.ONBOARDING_EXPIRY_DAYS * DAY),
    },
    metrics: { token: e.METRICS_TOKEN, workerHost: e.WORKER_METRICS_HOST, workerPort: e.WORKER_METRICS_PORT },
    sync: {
      intervalMs: Math.round(e.SYNC_INTERVAL_SECONDS * 1000),
      reconcileEveryMs: Math.round(e.SYNC_RECONCILE_HOURS * HOUR),
      reminderLookaheadHours: e.SYNC_REMINDER_LOOKAHEAD_HOURS,
    },
    syncItemRetryFirstMs: Math.round(e.SYNC_ITEM_RETRY_SECONDS * 1000),
    syncIdleCheckMs: Math.round(e.SYNC_IDLE_CHECK_MINUTES * 60_000),
    secrets: {
      linkSigningSecret: e.LINK_SIGNING_SECRET,
      webhookSecret: e.SMARTAC_WEBHOOK_SECRET,
      encryptionKeys: e.SECRETS_ENCRYPTION_KEYS,
    },
  };
}

/** TLS is on when TEMPORAL_TLS says so, or (unless it says false) when an API key or any TLS setting is given. */
function temporalTlsOf(e: Env): TemporalTls | undefined {
  const cert = e.TEMPORAL_TLS_CLIENT_CERT_PATH;
  const key = e.TEMPORAL_TLS_CLIENT_KEY_PATH;
  const tls: TemporalTls = {
    ...(e.TEMPORAL_TLS_SERVER_NAME !== undefined ? { serverName: e.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(e.TEMPORAL_TLS_SERVER_CA_CERT_PATH !== undefined ? { serverCaCert: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH } : {}),
    ...(cert !== undefined && key !== undefined ? { clientCert: { cert, key } } : {}),
  };
  const implied = e.TEMPORAL_API_KEY !== undefined || Object.keys(tls).length > 0;
  return (e.TEMPORAL_TLS ?? implied) ? tls : undefined;
}
