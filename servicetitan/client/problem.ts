// ServiceTitan's error bodies are RFC 7807 problems: `{type, title, status, traceId, errors, data}`.
// Bodies are read defensively: a gateway in front of the API may answer with HTML or nothing.
export interface Problem {
  title?: string;
  traceId?: string;
  errors: Record<string, string[]>;
}

export function readProblem(body: unknown, redact: (text: string) => string = (t) => t): Problem {
  if (!body || typeof body !== 'object') return { errors: {} };
  const raw = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  if (raw['errors'] && typeof raw['errors'] === 'object') {
    for (const [field, messages] of Object.entries(raw['errors'] as Record<string, unknown>)) {
      errors[redact(field)] = (Array.isArray(messages) ? messages : [messages]).map((m) => redact(String(m)));
    }
  }
  return {
    title: typeof raw['title'] === 'string' ? redact(raw['title']) : undefined,
    traceId: typeof raw['traceId'] === 'string' ? raw['traceId'] : undefined,
    errors,
  };
}

/** `title (field: message; field: message) [traceId …]` for error messages. */
export function describeProblem(problem: Problem): string {
  const details = Object.entries(problem.errors)
    .flatMap(([field, messages]) => messages.map((m) => (field ? `${field}: ${m}` : m)))
    .join('; ');
  const title = problem.title ?? 'no problem details';
  const trace = problem.traceId ? ` [traceId ${problem.traceId}]` : '';
  return (details ? `${title} (${details})` : title) + trace;
}
