// The caller's signal (an activity's cancellation, a pass out of time) aborts a call in flight and
// refuses new ones, without retries; a write that left and got no answer says so, because
// ServiceTitan may still apply it.
import { NetworkError, UnansweredWriteError } from '../../../servicetitan/client';
import { rejectionOf, testClient } from './support/client';
import { json, networkFailure, page, scriptedFetch } from './support/scripted-fetch';

/** Answers only when the request's signal aborts: a ServiceTitan that takes forever. */
const hangs = (signal: AbortSignal | undefined) =>
  new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('ServiceTitan client cancellation', () => {
  it('aborts a call in flight when the caller’s signal fires, and does not retry it', async () => {
    const scripted = scriptedFetch(() => hangs);
    const cancel = new AbortController();
    const { client } = testClient(scripted, { signal: cancel.signal });
    const pending = rejectionOf(client.listJobs().page());
    await new Promise((r) => setTimeout(r, 20));
    cancel.abort(new Error('activity cancelled'));
    const error = await pending;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ aborted: true, message: expect.stringContaining('abandoned: activity cancelled') });
    expect(scripted.apiCalls()).toHaveLength(1);
  });

  it('sends nothing once the signal has fired', async () => {
    const scripted = scriptedFetch(() => page([]));
    const cancel = new AbortController();
    cancel.abort(new Error('out of time'));
    const error = await rejectionOf(testClient(scripted, { signal: cancel.signal }).client.addJobNote(9, 'Visited'));
    expect(error).toMatchObject({ aborted: true });
    expect(scripted.apiCalls()).toHaveLength(0);
  });

  it('marks a write that got no answer as possibly applied, and a read not', async () => {
    const write = await rejectionOf(testClient(scriptedFetch(() => networkFailure())).client.addJobNote(9, 'Visited'));
    expect(write).toBeInstanceOf(UnansweredWriteError);
    expect((write as UnansweredWriteError).toJSON()).toMatchObject({ code: 'network', retryable: true, unansweredWrite: true });

    const timedOut = await rejectionOf(
      testClient(
        scriptedFetch(() => hangs),
        { timeoutMs: 30 },
      ).client.createJob({} as never),
    );
    expect(timedOut).toBeInstanceOf(UnansweredWriteError);
    expect(timedOut).toMatchObject({ timedOut: true });

    const read = await rejectionOf(
      testClient(
        scriptedFetch(() => networkFailure()),
        { maxRetries: 0 },
      )
        .client.listJobs()
        .page(),
    );
    expect(read).toBeInstanceOf(NetworkError);
    expect(read).not.toBeInstanceOf(UnansweredWriteError);
  });

  it('does not mark a write refused before it left (token endpoint down)', async () => {
    const scripted = scriptedFetch(
      () => json(200, {}),
      () => networkFailure('ECONNREFUSED'),
    );
    const error = await rejectionOf(testClient(scripted, { maxRetries: 0 }).client.addJobNote(9, 'Visited'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(UnansweredWriteError);
    expect(scripted.apiCalls()).toHaveLength(0);
  });
});
