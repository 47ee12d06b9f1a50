// How a route answers JSON: with the schema its RouteDoc documents for that status, so the body
// is type-checked against the document (a handler cannot answer a field the document lacks, or
// miss one it promises). The schema is for the compiler: the answer is not parsed again at run
// time (the integration tests validate real answers against /openapi.json).
import type { Response } from 'express';
import type { z } from 'zod';

export function respond<S extends z.ZodType>(res: Response, status: number, _schema: S, body: z.output<S>): void {
  res.status(status).json(body);
}
