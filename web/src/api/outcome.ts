// One shape for every call's result, so each page handles success and failure the same way.
import { NETWORK_PROBLEM, problemOf, type ApiProblem } from './errors';

export type Outcome = { ok: true; status: number; body: unknown } | { ok: false; problem: ApiProblem };

/** Settles an openapi-fetch call: its body on success, else the problem (a network failure too). */
export async function outcome(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Outcome> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { ok: true, status: response.status, body: data };
    return { ok: false, problem: problemOf(response.status, error) };
  } catch {
    return { ok: false, problem: NETWORK_PROBLEM };
  }
}

/** A fresh Idempotency-Key for one submission: a repeat after a timeout is applied once. */
export function idempotencyKey(): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': crypto.randomUUID() };
}
