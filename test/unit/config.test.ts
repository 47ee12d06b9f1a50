import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '../../lib/config';

describe('loadConfig', () => {
  it('runs on loopback with the local stack defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000, publicBaseUrl: 'http://127.0.0.1:3000' });
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', embedded: true, uiPort: 8233 });
    expect(config.database).toMatchObject({ url: 'postgresql://postgres:postgres@127.0.0.1:5432/smartac', embedded: true });
    expect(config.smtp).toMatchObject({ url: 'smtp://127.0.0.1:1025', embedded: true, inboxPort: 1080 });
    expect(config.serviceTitan).toMatchObject({ useSandbox: true, apiBaseUrl: 'http://127.0.0.1:4010', authBaseUrl: 'http://127.0.0.1:4010' });
    expect(config.secrets.encryptionKeys[0]).toMatchObject({ id: 'dev1' });
    expect(config.secrets.encryptionKeys[0]!.key).toHaveLength(32);
  });

  it('uses external services when their variables are set', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/smartac',
      SMTP_URL: 'smtps://u:p@smtp.internal:465',
      SERVICETITAN_ENV: 'production',
      SERVICETITAN_APP_KEY: 'ak1.app-key',
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', embedded: false });
    expect(config.database).toMatchObject({ url: 'postgresql://u:p@db.internal:5432/smartac', embedded: false });
    expect(config.smtp).toMatchObject({ url: 'smtps://u:p@smtp.internal:465', embedded: false });
    expect(config.serviceTitan).toMatchObject({ useSandbox: false, environment: 'production', apiBaseUrl: undefined, appKey: 'ak1.app-key' });
  });

  it('runs one worker process per core, at most 2, unless WORKER_PROCESSES says how many', () => {
    expect(loadConfig({}).worker.processes).toBe(Math.min(2, availableParallelism()));
    expect(loadConfig({ WORKER_PROCESSES: '3' }).worker.processes).toBe(3);
    expect(() => loadConfig({ WORKER_PROCESSES: '0' })).toThrow(/WORKER_PROCESSES/);
    // Worker i serves its metrics on WORKER_METRICS_PORT + i.
    expect(() => loadConfig({ WORKER_PROCESSES: '2', WORKER_METRICS_PORT: '65535' })).toThrow(/WORKER_METRICS_PORT/);
    expect(loadConfig({ WORKER_PROCESSES: '2', WORKER_METRICS_PORT: '65534' }).metrics.workerPort).toBe(65534);
    expect(loadConfig({ WORKER_PROCESSES: '2', WORKER_METRICS_PORT: '0' }).metrics.workerPort).toBe(0);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'not a url', SECRETS_ENCRYPTION_KEYS: 'k1:c2hvcnQ=', SERVICETITAN_ENV: 'staging' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['API_PORT', 'DATABASE_URL', 'SECRETS_ENCRYPTION_KEYS', 'SERVICETITAN_ENV']);
    expect((error as ConfigError).message).not.toContain('c2hvcnQ=');
  });

  it('refuses the public development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^AUTH_JWT_SECRET:/),
          expect.stringMatching(/^LINK_SIGNING_SECRET:/),
          expect.stringMatching(/^SECRETS_ENCRYPTION_KEYS:/),
          expect.stringMatching(/^DATABASE_URL:/),
        ]),
      }),
    );
  });

  it('bounds HS256 token lifetimes to 12 h unless AUTH_MAX_TOKEN_LIFETIME_SECONDS says otherwise', () => {
    expect(loadConfig({}).auth.maxTokenLifetimeSeconds).toBe(43200);
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth.maxTokenLifetimeSeconds).toBe(3600);
    expect(() => loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '0' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', API_PORT: '' }).database.embedded).toBe(true);
  });
});
