// The standalone app: the pages served by this service at /, signed in by the session cookie.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/context';
import { navigate } from './router';
import './styles.css';

const api = createApiClient();
// A session that ended mid-page (expired cookie): back to sign-in, then to where the user was.
api.use({
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== '/v1/session' && path !== '/v1/dev/sign-in' && window.location.pathname !== '/sign-in')
      navigate(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return response;
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
