// One shape for every call's result, so each page handles success and failure the same way. The
// body keeps the type schema.d.ts gives the operation's success answer.
import { NETWORK_PROBLEM, problemOf, type ApiProblem } from './errors';

export type Outcome<T> = { ok: true; status: number; body: T } | { ok: false; problem: ApiProblem };

/** What an openapi-fetch call settles to: data on a 2xx answer, else error. */
export type Settled<T> = { data: T; error?: never; response: Response } | { data?: never; error: unknown; response: Response };

/** The success branch of an openapi-fetch result, whose `data` is the operation's 2xx body. */
type Succeeded<R> = Extract<R, { error?: never }>;

/** openapi-fetch's own rule: a 2xx answer fills `data`, any other fills `error`. */
function succeeded<R extends Settled<unknown>>(settled: R): settled is Succeeded<R> {
  return settled.response.ok;
}

/** Settles an openapi-fetch call: its body on success, else the problem (a network failure too). */
export async function outcome<R extends Settled<unknown>>(call: Promise<R>): Promise<Outcome<Succeeded<R>['data']>> {
  try {
    const settled = await call;
    if (succeeded(settled)) return { ok: true, status: settled.response.status, body: settled.data };
    return { ok: false, problem: problemOf(settled.response.status, settled.error) };
  } catch {
    return { ok: false, problem: NETWORK_PROBLEM };
  }
}

/** A fresh Idempotency-Key for one submission: a repeat after a timeout is applied once. */
export function idempotencyKey(): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': crypto.randomUUID() };
}
