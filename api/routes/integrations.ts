// Partner endpoints for the ServiceTitan integration, under /v1/partners/:partnerId/integrations/servicetitan.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Router } from 'express';
import { getStateQuery } from '../../workflows/onboarding/messages';
import { onboardingWorkflowId, type StartOnboardingInput } from '../../workflows/onboarding/types';
import { HttpError, parse } from '../errors';
import { partnerIdParams, startOnboardingBody } from '../schemas';

export function integrationsRouter({ temporal, taskQueue }: { temporal: Client; taskQueue: string }): Router {
  const router = Router({ mergeParams: true });

  router.post('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    const body = parse(startOnboardingBody, req.body, 'body');
    const workflowId = onboardingWorkflowId(partnerId);

    const running = await isRunning(temporal, workflowId);
    if (!running) {
      const input: StartOnboardingInput = { partnerId, ...body, requestedBy: { type: 'PARTNER', id: partnerId } };
      // USE_EXISTING closes the race between two simultaneous POSTs: both get the same run.
      await temporal.workflow.start('onboardingWorkflow', {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    }
    const state = await temporal.workflow.getHandle(workflowId).query(getStateQuery);
    res.status(running ? 200 : 201).json(state);
  });

  router.get('/', async (req, res) => {
    const { partnerId } = parse(partnerIdParams, req.params, 'params');
    try {
      res.json(await temporal.workflow.getHandle(onboardingWorkflowId(partnerId)).query(getStateQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'this partner has no ServiceTitan integration yet');
      throw err;
    }
  });

  return router;
}

async function isRunning(temporal: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await temporal.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
