// The HTTP shapes of the events API that are not the platform's events themselves
// (lib/platform-events/schemas.ts): the webhook's answer and the visit outcome's path.
import { z } from 'zod';
import { smartacId } from '../../lib/platform-events/schemas';
import { partnerIdParams } from '../schemas';

export const eventAcceptedResponse = z.object({
  id: z.string(),
  duplicate: z.boolean().meta({ description: "this partner's event id was recorded before: acknowledged, nothing changed" }),
  status: z.enum(['PENDING', 'APPLIED']).meta({ description: "APPLIED: the partner's integration is ACTIVE; PENDING: stored until it is" }),
});

export const visitParams = z.object({ partnerId: partnerIdParams.shape.partnerId, requestId: smartacId });
