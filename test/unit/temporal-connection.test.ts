// The one options function both Temporal connections use (lib/temporal.ts), from the variables of
// lib/config.ts: plain gRPC, TLS, mTLS with files read at start, an API key; bad combinations stop
// the process naming the variable, and no message carries a secret.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { temporalConnectionOptions } from '../../lib/temporal';

const ADDRESS = 'smartac.a1b2c.tmprl.cloud:7233';
const API_KEY = 'tmprl-api-key-SECRET-0123456789abcdef';

let dir: string;
let certPath: string;
let keyPath: string;
let keyText: string;

beforeAll(() => {
  // A throwaway self-signed certificate: it serves as the client certificate and as the CA.
  dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
  certPath = path.join(dir, 'client.pem');
  keyPath = path.join(dir, 'client.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=smartac-worker',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  keyText = readFileSync(keyPath, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const optionsOf = (env: NodeJS.ProcessEnv) => temporalConnectionOptions(loadConfig(env).temporal);

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('temporalConnectionOptions', () => {
  it('connects over plain gRPC to the local dev server or a plain TEMPORAL_ADDRESS', () => {
    expect(optionsOf({})).toEqual({ address: '127.0.0.1:7233' });
    expect(optionsOf({ TEMPORAL_ADDRESS: 'temporal.internal:7233' })).toEqual({ address: 'temporal.internal:7233' });
    expect(optionsOf({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS: 'false' })).toEqual({ address: 'temporal.internal:7233' });
  });

  it('uses TLS with the system CAs when TEMPORAL_TLS is on', () => {
    expect(optionsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'true' })).toEqual({ address: ADDRESS, tls: {} });
    expect(optionsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: '1' })).toEqual({ address: ADDRESS, tls: {} });
  });

  it('reads the mTLS files at start, with the server CA and name', () => {
    const options = optionsOf({
      TEMPORAL_ADDRESS: ADDRESS,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certPath,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    // TLS is implied by its settings, as with @temporalio/envconfig.
    expect(options).toEqual({
      address: ADDRESS,
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: readFileSync(certPath),
        clientCertPair: { crt: readFileSync(certPath), key: readFileSync(keyPath) },
      },
    });
  });

  it('sends an API key over TLS, which the key implies', () => {
    expect(optionsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_API_KEY: API_KEY })).toEqual({ address: ADDRESS, tls: {}, apiKey: API_KEY });
    expect(optionsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_CA_CERT_PATH: certPath })).toEqual({
      address: ADDRESS,
      tls: { serverRootCACertificate: readFileSync(certPath) },
      apiKey: API_KEY,
    });
  });

  it('refuses bad combinations, naming the variable and never a secret', () => {
    const cases: [NodeJS.ProcessEnv, string[]][] = [
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_CLIENT_CERT_PATH: certPath }, ['TEMPORAL_TLS_CLIENT_KEY_PATH']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath }, ['TEMPORAL_TLS_CLIENT_CERT_PATH']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: API_KEY }, ['TEMPORAL_TLS']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: '0', TEMPORAL_TLS_CLIENT_CERT_PATH: certPath, TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath }, ['TEMPORAL_TLS']],
      // The embedded dev server speaks plain gRPC: TLS settings without an address are a mistake.
      [{ TEMPORAL_API_KEY: API_KEY }, ['TEMPORAL_ADDRESS']],
      [{ TEMPORAL_TLS: 'true' }, ['TEMPORAL_ADDRESS']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'yes' }, ['TEMPORAL_TLS']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' }, ['TEMPORAL_TLS_DISABLE_HOST_VERIFICATION']],
      [{ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') }, ['TEMPORAL_TLS_SERVER_CA_CERT_PATH']],
      // A key read but refused with another problem: its contents appear nowhere.
      [
        {
          TEMPORAL_ADDRESS: ADDRESS,
          TEMPORAL_TLS: 'false',
          TEMPORAL_API_KEY: API_KEY,
          TEMPORAL_TLS_CLIENT_CERT_PATH: certPath,
          TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath,
        },
        ['TEMPORAL_TLS'],
      ],
    ];
    for (const [env, variables] of cases) {
      const error = problemsOf(env);
      expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(variables);
      expect(error.message).not.toContain(API_KEY);
      expect(error.message).not.toContain(keyText.split('\n')[1]);
    }
    expect(problemsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') }).message).toContain(
      'missing.pem (ENOENT)',
    );
  });

  it('refuses a file that is not PEM without quoting it', () => {
    const notPem = path.join(dir, 'not-pem.txt');
    writeFileSync(notPem, 'SECRET-NOT-A-CERTIFICATE');
    const error = problemsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_CLIENT_CERT_PATH: certPath, TEMPORAL_TLS_CLIENT_KEY_PATH: notPem });
    expect(error.problems).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CLIENT_KEY_PATH: .*not-pem\.txt is not a PEM file/)]);
    expect(error.message).not.toContain('SECRET-NOT-A-CERTIFICATE');
  });

  it('keeps the API key and the client key out of logs, should the options or the config be logged', () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const env = { TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CLIENT_CERT_PATH: certPath, TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath };
    const config = loadConfig(env);
    createLogger('test', 'info', stream).info({ options: temporalConnectionOptions(config.temporal), temporal: config.temporal }, 'connecting');
    const out = lines.join('');
    expect(out).toContain(ADDRESS);
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain(API_KEY);
    expect(out).not.toContain(keyText.split('\n')[1]);
    expect(out).not.toContain(JSON.stringify(readFileSync(keyPath)).slice(20, 60));
  });

  it('accepts TEMPORAL_TLS_DISABLE_HOST_VERIFICATION=false, the default it cannot change', () => {
    expect(optionsOf({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'true', TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'false' })).toEqual({
      address: ADDRESS,
      tls: {},
    });
  });
});
