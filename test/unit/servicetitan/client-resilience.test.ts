import { NetworkError, RateLimitedError, ServerError } from '../../../servicetitan/client';
import { rejectionOf, testClient } from './support/client';
import { json, networkFailure, page, problem, scriptedFetch } from './support/scripted-fetch';

const note = { text: 'hi', isPinned: false, createdById: 1, createdOn: '2025-03-01T12:00:00Z', modifiedOn: '2025-03-01T12:00:00Z' };

describe('ServiceTitan client retries', () => {
  it('retries a read after 5xx with backoff and succeeds', async () => {
    const scripted = scriptedFetch((_c, n) => (n < 2 ? problem(503, 'Service Unavailable') : page([])));
    const { client, logs } = testClient(scripted);
    await expect(client.listCampaigns().page()).resolves.toMatchObject({ data: [] });
    expect(scripted.apiCalls()).toHaveLength(3);
    expect(logs.filter((l) => l.msg === 'servicetitan call failed, retrying')).toHaveLength(2);
  });

  it('stops after maxRetries and reports the server error', async () => {
    const scripted = scriptedFetch(() => problem(500, 'Internal Server Error'));
    const { client } = testClient(scripted, { maxRetries: 2 });
    await expect(client.listCampaigns().page()).rejects.toBeInstanceOf(ServerError);
    expect(scripted.apiCalls()).toHaveLength(3);
  });

  it('does not repeat a write that may have been applied (5xx or network failure)', async () => {
    const serverError = scriptedFetch(() => problem(502, 'Bad Gateway'));
    await expect(testClient(serverError).client.addJobNote(9, 'Visited')).rejects.toBeInstanceOf(ServerError);
    expect(serverError.apiCalls()).toHaveLength(1);

    const dropped = scriptedFetch(() => networkFailure());
    const error = await rejectionOf(testClient(dropped).client.addJobNote(9, 'Visited'));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain('ECONNRESET');
    expect(dropped.apiCalls()).toHaveLength(1);
  });

  it('retries reads and idempotent writes after network failures', async () => {
    const scripted = scriptedFetch((_c, n) => (n === 0 ? networkFailure() : page([])));
    await testClient(scripted).client.listJobs().page();
    expect(scripted.apiCalls()).toHaveLength(2);

    const capacity = scriptedFetch((_c, n) =>
      n === 0 ? networkFailure('ECONNREFUSED') : json(200, { timeStamp: '2025-03-01T12:00:00Z', availabilities: [] }),
    );
    await testClient(capacity).client.getCapacity({
      startsOnOrAfter: '2025-03-02T00:00:00Z',
      endsOnOrBefore: '2025-03-03T00:00:00Z',
      skillBasedAvailability: false,
    });
    expect(capacity.apiCalls()).toHaveLength(2);
  });

  it('honours 429 Retry-After by pausing the tenant’s limiter key, for any method', async () => {
    const retryAfter = scriptedFetch((_c, n) =>
      n === 0 ? json(429, { type: 'x', title: 'Too Many Requests', status: 429, traceId: 't', errors: {}, data: {} }, { 'retry-after': '2' }) : json(200, note),
    );
    const { client, limiter } = testClient(retryAfter);
    await expect(client.addJobNote(9, 'Visited')).resolves.toMatchObject({ text: 'hi' });
    expect(retryAfter.apiCalls()).toHaveLength(2);
    expect(limiter.penalties).toEqual([{ key: limiter.acquired[0], ms: 2000 }]);
    expect(limiter.acquired).toHaveLength(2);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const scripted = scriptedFetch((_c, n) =>
      n === 0 ? json(429, { title: 'Too Many Requests' }, { 'retry-after': new Date(Date.now() + 5_000).toUTCString() }) : page([]),
    );
    const { client, limiter } = testClient(scripted);
    await client.listTagTypes().page();
    expect(limiter.penalties[0]?.ms).toBeGreaterThan(3_000);
    expect(limiter.penalties[0]?.ms).toBeLessThanOrEqual(5_000);
  });

  it('hands a long Retry-After to the caller instead of holding the call', async () => {
    const scripted = scriptedFetch(() => json(429, { title: 'Too Many Requests' }, { 'retry-after': '120' }));
    const { client, limiter } = testClient(scripted, { maxRetryAfterMs: 30_000 });
    const error = await rejectionOf(client.listTagTypes().page());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(limiter.penalties).toEqual([{ key: limiter.acquired[0], ms: 30_000 }]);
    expect(scripted.apiCalls()).toHaveLength(1);
  });

  it('times out a call that gets no answer', async () => {
    const hang = (signal: AbortSignal | undefined): Promise<Response> =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    const scripted = scriptedFetch(() => hang);
    const error = await rejectionOf(testClient(scripted, { timeoutMs: 20, maxRetries: 1 }).client.getJob(3));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).timedOut).toBe(true);
    expect(scripted.apiCalls()).toHaveLength(2);
  });
});
