// The standalone app: the pages served by this service at /, signed in by the session cookie.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/context';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={createApiClient()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
