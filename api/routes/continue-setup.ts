// Where the Continue Setup email's button leads: checks the signed, expiring, single-purpose
// link, then sends the partner on to the credentials step of the Partner Dashboard.
import { Router } from 'express';
import { CONTINUE_SETUP_PATH, LinkTokenError, verifyLinkToken } from '../../lib/links';
import type { Config } from '../../lib/config';
import { HttpError, parse } from '../errors';
import type { RouteDoc } from '../openapi';
import { continueSetupQuery } from '../schemas';

export function continueSetupRouter(config: Pick<Config, 'secrets' | 'dashboardBaseUrl'>): Router {
  const router = Router();
  router.get(CONTINUE_SETUP_PATH, (req, res) => {
    const { token } = parse(continueSetupQuery, req.query, 'query');
    try {
      const claims = verifyLinkToken(token, 'continue-setup', config.secrets.linkSigningSecret, new Date());
      const target = new URL('/settings/integrations/servicetitan', config.dashboardBaseUrl);
      target.searchParams.set('partnerId', claims.partnerId);
      target.searchParams.set('step', 'credentials');
      res.redirect(302, target.toString());
    } catch (err) {
      if (!(err instanceof LinkTokenError)) throw err;
      if (err.reason === 'expired')
        throw new HttpError(410, 'link_expired', 'This Continue Setup link has expired. Start the ServiceTitan setup again from the Partner Dashboard.');
      throw new HttpError(400, 'invalid_link', 'This Continue Setup link is not valid. Use the button in the most recent email.');
    }
  });
  return router;
}

export const continueSetupDocs: RouteDoc[] = [
  {
    method: 'get',
    path: CONTINUE_SETUP_PATH,
    operationId: 'continueSetup',
    summary: 'The Continue Setup link from the approval email: redirects to the dashboard credentials step',
    auth: 'none',
    query: continueSetupQuery,
    responses: {
      302: { description: 'to the Partner Dashboard', headers: { Location: { description: 'the credentials step of the setup pages' } } },
      400: { description: 'not a valid link' },
      410: { description: 'link expired' },
    },
  },
];
