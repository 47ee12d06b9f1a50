// For SmartAC's Partner Dashboard: the partner pages as components it mounts in its own shell,
// given the API's base URL and a source of the identity provider's token (sent as a bearer token,
// never stored by these pages). Its router keeps the same paths and `step` query as this app's.
import { useMemo } from 'react';
import { createApiClient, type ApiClientOptions } from './api/client';
import { ApiProvider } from './api/context';
import type { Session } from './api/session';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { ServiceTitanPage } from './pages/servicetitan/ServiceTitanPage';
import { SignedInContext } from './signed-in';

export interface EmbedProps extends ApiClientOptions {
  /** Who is signed in to the host: the pages act for `session.partnerId`. */
  session: Session;
  signOut: () => void;
  page: 'integrations' | 'servicetitan';
}

export function PartnerIntegrationPages({ baseUrl, tokenSource, session, signOut, page }: EmbedProps) {
  const client = useMemo(() => createApiClient({ baseUrl, tokenSource }), [baseUrl, tokenSource]);
  return (
    <ApiProvider client={client}>
      <SignedInContext.Provider value={{ session, signOut }}>{page === 'integrations' ? <IntegrationsPage /> : <ServiceTitanPage />}</SignedInContext.Provider>
    </ApiProvider>
  );
}
