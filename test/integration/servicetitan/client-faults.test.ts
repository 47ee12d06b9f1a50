// Server errors, throttling, dropped connections and slow answers, injected by the sandbox.
import { NetworkError, NotFoundError, RateLimitedError, ServerError, ValidationError } from '../../../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS } from '../../../servicetitan/sandbox/seed/credentials';
import { admin, sandboxClient } from './support/sandbox-client';

const HVAC = SEED_TENANT_IDS.hvac;

describe('ServiceTitan client under faults', () => {
  let sandbox: RunningSandbox;

  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const anyJobId = async (): Promise<number> => {
    const job = (await sandboxClient(sandbox, HVAC).listJobs({ pageSize: 1 }).page()).data[0];
    if (!job) throw new Error('no job');
    return job.id;
  };

  it('retries reads through transient 5xx', async () => {
    await admin(sandbox).addFault({ operationId: 'BusinessUnits_GetList', status: 503, times: 2 });
    await expect(sandboxClient(sandbox, HVAC).listBusinessUnits().all()).resolves.toHaveLength(4);
  });

  it('does not retry a note after a 5xx, so it is never written twice', async () => {
    const jobId = await anyJobId();
    await admin(sandbox).addFault({ operationId: 'Jobs_CreateNote', status: 500, times: 1 });
    await expect(sandboxClient(sandbox, HVAC).addJobNote(jobId, 'once')).rejects.toBeInstanceOf(ServerError);
    expect(await admin(sandbox).writes(HVAC, 'job-note')).toEqual([]);
  });

  it('retries a throttled write after Retry-After', async () => {
    const jobId = await anyJobId();
    await admin(sandbox).addFault({ operationId: 'Jobs_CreateNote', status: 429, retryAfterSeconds: 0, times: 1 });
    await expect(sandboxClient(sandbox, HVAC).addJobNote(jobId, 'after throttling')).resolves.toMatchObject({ text: 'after throttling' });
    expect(await admin(sandbox).writes(HVAC, 'job-note')).toHaveLength(1);
  });

  it('returns a long throttle to the caller with its Retry-After', async () => {
    await admin(sandbox).addFault({ operationId: 'TagTypes_GetList', status: 429, retryAfterSeconds: 120, times: 1 });
    const error = await sandboxClient(sandbox, HVAC)
      .listTagTypes()
      .page()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
  });

  it('retries reads over dropped connections but not writes', async () => {
    await admin(sandbox).addFault({ operationId: 'Campaigns_GetList', reset: true, times: 1 });
    await expect(sandboxClient(sandbox, HVAC).listCampaigns().all()).resolves.toHaveLength(4);
    const jobId = await anyJobId();
    await admin(sandbox).addFault({ operationId: 'Jobs_CreateNote', reset: true, times: 1 });
    await expect(sandboxClient(sandbox, HVAC).addJobNote(jobId, 'dropped')).rejects.toBeInstanceOf(NetworkError);
  });

  it('times out a slow answer', async () => {
    await admin(sandbox).addFault({ operationId: 'Services_GetList', latencyMs: 500 });
    const error = await sandboxClient(sandbox, HVAC, { timeoutMs: 50, maxRetries: 0 })
      .listServices()
      .page()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).timedOut).toBe(true);
  });

  it('recovers from a failing token endpoint', async () => {
    await admin(sandbox).addFault({ operationId: 'token', status: 502, times: 1 });
    await expect(sandboxClient(sandbox, HVAC).listTagTypes().page()).resolves.toMatchObject({ page: 1 });
  });

  it('surfaces 404 and 400 with ServiceTitan’s details', async () => {
    const client = sandboxClient(sandbox, HVAC);
    await expect(client.getJob(1)).rejects.toBeInstanceOf(NotFoundError);
    const location = (await client.listLocations({ pageSize: 1 }).page()).data[0];
    const numeric = (await client.listLocationCustomFieldTypes().all()).find((f) => f.dataType === 'Numeric');
    const error = await client.setLocationCustomFields(location?.id ?? 0, [{ typeId: numeric?.id ?? 0, value: 'lots' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.values((error as ValidationError).errors).flat()).toEqual(['Comfort Credits must be numeric']);
  });
});
