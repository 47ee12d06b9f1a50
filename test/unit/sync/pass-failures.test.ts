// How a pass's failure reaches Temporal: a write that got no answer is retried no sooner than 30 s
// later (so a write that lands late is found first), an attempt out of time says so and goes on
// retrying, and a cancelled attempt is reported cancelled whatever its aborted call threw.
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { RETRY_AFTER_UNANSWERED_WRITE_MS, toActivityFailure } from '../../../activities/sync/failures';
import { SyncFailure } from '../../../workflows/failures';
import type { PassScope } from '../../../activities/sync/pass-scope';
import { NetworkError, ServerError, UnansweredWriteError } from '../../../servicetitan/client';

const ref = { method: 'POST', path: '/jpm/v2/tenant/5550101/jobs' };
const unanswered = new UnansweredWriteError(new NetworkError('ServiceTitan POST /jpm/v2/tenant/5550101/jobs failed: no answer within 30000 ms', true, ref));
const scope = (over: Partial<PassScope> = {}): PassScope => ({ outOfTime: () => false, cancelled: () => false, cancellation: () => undefined, ...over });

it('retries after an unanswered write no sooner than 30 s later', () => {
  const failure = toActivityFailure(unanswered, scope()) as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: SyncFailure.Unavailable, nonRetryable: false, nextRetryDelay: RETRY_AFTER_UNANSWERED_WRITE_MS });
  expect(RETRY_AFTER_UNANSWERED_WRITE_MS).toBeGreaterThanOrEqual(30_000);
});

it('lets other outages follow the retry policy', () => {
  const failure = toActivityFailure(new ServerError('ServiceTitan answered 503', { method: 'GET', path: '/x' }, 503), scope()) as ApplicationFailure;
  expect(failure).toMatchObject({ type: SyncFailure.Unavailable, nonRetryable: false, nextRetryDelay: undefined });
});

it('says when the attempt ran out of time, and keeps the 30 s rule for its unanswered write', () => {
  const aborted = new UnansweredWriteError(new NetworkError('abandoned', false, ref, true));
  const failure = toActivityFailure(aborted, scope({ outOfTime: () => true })) as ApplicationFailure;
  expect(failure).toMatchObject({ type: SyncFailure.OutOfTime, nonRetryable: false, nextRetryDelay: RETRY_AFTER_UNANSWERED_WRITE_MS });
  expect(failure.message).toMatch(/before its time limit/);
});

it('reports a cancelled attempt as cancelled', () => {
  const reason = new CancelledFailure('CANCELLED');
  expect(toActivityFailure(unanswered, scope({ cancelled: () => true, cancellation: () => reason }))).toBe(reason);
});
