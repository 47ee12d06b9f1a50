// Our Temporal connection options (lib/config.ts + lib/temporal.ts, which validate and name bad
// variables) read the same variables as the SDK's @temporalio/envconfig and must mean the same:
// for each way to connect, envconfig's options from the same environment equal ours.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { loadConfig } from '../../lib/config';
import { temporalConnectionOptions } from '../../lib/temporal';

let dir: string;
let certPath: string;
let keyPath: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'temporal-envconfig-'));
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
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Leaves out unset fields; `tls: true` (envconfig's TLS with defaults) is our `tls: {}`. */
function normalized(options: object): unknown {
  const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const { tls, ...rest } = defined(options) as { tls?: unknown };
  return { ...rest, ...(tls === undefined || tls === false ? {} : { tls: tls === true ? {} : defined(tls as object) }) };
}

const ADDRESS = 'smartac.a1b2c.tmprl.cloud:7233';
const cases: [string, () => Record<string, string>][] = [
  ['plain gRPC', () => ({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'smartac' })],
  ['TLS with the system CAs', () => ({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'true' })],
  ['TLS on with an API key', () => ({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_NAMESPACE: 'smartac.a1b2c', TEMPORAL_API_KEY: 'tmprl-key-0123456789' })],
  [
    'mTLS from files, with a CA and server name',
    () => ({
      TEMPORAL_ADDRESS: ADDRESS,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certPath,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.smartac.internal',
    }),
  ],
];

it.each(cases)('%s: the same options as @temporalio/envconfig', (_name, envOf) => {
  const env = envOf();
  const theirs = loadClientConnectConfig({ disableFile: true, overrideEnvVars: env });
  const ours = loadConfig(env).temporal;
  expect(normalized(temporalConnectionOptions(ours))).toEqual(normalized(theirs.connectionOptions));
  expect(ours.namespace).toBe(theirs.namespace ?? 'default');
});
