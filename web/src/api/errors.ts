// The API's error answers ({ error: { code, message, issues?, step?, details? } }, api/errors.ts
// on the server) as the pages show them: at the field they concern, in the partner's words.

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  /** The failed verification's step ('credentials' or a configuration step). */
  step?: string;
  details?: Record<string, unknown>;
  /** Invalid input: each problem with its path, e.g. body.clientId. */
  issues: { path: string; message: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an error body (whatever the server or a proxy answered) into a problem to show. */
export function problemOf(status: number, body: unknown): ApiProblem {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const issues = Array.isArray(error.issues)
    ? error.issues.filter(isRecord).map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }))
    : [];
  return {
    status,
    code: typeof error.code === 'string' ? error.code : `http_${status}`,
    message: typeof error.message === 'string' ? error.message : fallbackMessage(status),
    step: typeof error.step === 'string' ? error.step : undefined,
    details: isRecord(error.details) ? error.details : undefined,
    issues,
  };
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You cannot do this for this partner.';
  if (status === 503) return 'The service is busy. Please try again in a moment.';
  return `The service answered ${status}. Please try again.`;
}

export const NETWORK_PROBLEM: ApiProblem = {
  status: 0,
  code: 'network',
  message: 'The service cannot be reached. Check your connection and try again.',
  issues: [],
};

/** The message of the issue at `path` (e.g. 'body.clientId'), or of one under it. */
export function issueAt(problem: ApiProblem | null, path: string): string | undefined {
  return problem?.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
}

/** A list of strings (or numbers) at details[key], e.g. deniedAreas. */
export function detailList(problem: ApiProblem | null, key: string): string[] {
  const value = problem?.details?.[key];
  return Array.isArray(value) ? value.map(String) : [];
}
