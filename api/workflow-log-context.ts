// The workflow a request addressed, on its request log line (pino-http's customProps), so an
// operator goes from an API answer to the workflow's history and its activities' log lines (which
// carry the same workflowId, see lib/activity-log-context.ts).
import type { RequestHandler, Response } from 'express';
import { onboardingWorkflowId } from '../workflows/onboarding/types';

/**
 * Mounted where the path names a partner whose onboarding workflow the routes below address: the
 * request line (workflowLogProps) and every line logged while handling it (req.log) name it.
 */
export const addressesOnboarding: RequestHandler = (req, res, next) => {
  const { partnerId } = req.params;
  if (typeof partnerId === 'string') {
    const workflowId = onboardingWorkflowId(partnerId);
    res.locals.workflowId = workflowId;
    req.log = req.log.child({ workflowId });
  }
  next();
};

/** The extra fields of a request's log line. */
export function workflowLogProps(res: Response): { workflowId?: string } {
  const workflowId: unknown = res.locals.workflowId;
  return typeof workflowId === 'string' ? { workflowId } : {};
}
