// Structured JSON logs (pino). Redaction is by key name at any depth we log, so a secret that
// slips into a logged object is replaced rather than printed; messages must still never be built
// from secrets.
import pino, { type Logger, type DestinationStream } from 'pino';

/** Keys whose values are never written to a log line, wherever they appear in a logged object. */
export const REDACTED_KEYS = [
  'clientSecret',
  'client_secret',
  'secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'ST-App-Key',
  'st-app-key',
  'appKey',
  // Temporal's API key and mTLS client key (lib/config.ts, lib/temporal.ts).
  'apiKey',
  'clientCert',
  'clientCertPair',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    // Top level and up to three levels deep: deep enough for request logs and error details.
    paths.push(segment.replace(/^\./, ''), `*${segment}`, `*.*${segment}`, `*.*.*${segment}`);
  }
  return paths;
}

export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      base: { service: 'smartac-servicetitan', component: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
