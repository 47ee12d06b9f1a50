// The app shell: header with where you are and who is signed in, the page for the path, and the
// redirects to sign-in. Pages live in pages/; the partner pages also mount on their own (see
// main.tsx) inside SmartAC's Partner Dashboard.
import { useEffect, type ReactNode } from 'react';
import { useApi } from './api/context';
import { useSession } from './api/session';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ServiceTitanPage } from './pages/servicetitan/ServiceTitanPage';
import { SignInPage } from './pages/SignInPage';
import { StaffPage } from './pages/staff/StaffPage';
import { Link, navigate, useLocation } from './router';
import { SignedInContext, useSignedIn } from './signed-in';

export function App() {
  const location = useLocation();
  const session = useSession();
  const api = useApi();
  const signOut = () => {
    void api.DELETE('/v1/session').finally(() => {
      session.reload();
      navigate('/sign-in');
    });
  };
  const signedIn = session.kind === 'signed-in' ? session.session : null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          SmartAC.com
        </Link>
        <nav aria-label="Main">
          <ul>
            {signedIn?.role !== 'staff' && (
              <li>
                <Link to="/settings/integrations">Settings</Link>
              </li>
            )}
            {signedIn?.role === 'staff' && (
              <li>
                <Link to="/staff">Staff console</Link>
              </li>
            )}
          </ul>
        </nav>
        {signedIn && (
          <div className="who">
            <span>
              Signed in as {signedIn.sub}
              {signedIn.partnerId ? ` (partner ${signedIn.partnerId})` : ' (SmartAC staff)'}
            </span>
            <button type="button" className="link-button" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {location.pathname === '/sign-in' ? (
          <SignInPage onSignedIn={session.reload} />
        ) : (
          <RequireSession state={session} signOut={signOut}>
            <Route pathname={location.pathname} />
          </RequireSession>
        )}
      </main>
    </>
  );
}

function Route({ pathname }: { pathname: string }) {
  const { session } = useSignedIn();
  if (pathname === '/') return <Redirect to={session.role === 'staff' ? '/staff' : '/settings/integrations'} />;
  if (pathname === '/settings/integrations') return <IntegrationsPage />;
  if (pathname === '/settings/integrations/servicetitan') return <ServiceTitanPage />;
  if (pathname === '/staff' || pathname.startsWith('/staff/')) return <StaffPage />;
  return <NotFoundPage />;
}

function RequireSession({ state, signOut, children }: { state: ReturnType<typeof useSession>; signOut: () => void; children: ReactNode }) {
  if (state.kind === 'loading') return <p role="status">Loading…</p>;
  if (state.kind === 'error')
    return (
      <p role="alert">
        {state.message}{' '}
        <button type="button" onClick={state.reload}>
          Try again
        </button>
      </p>
    );
  if (state.kind === 'signed-out') return <Redirect to={`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`} />;
  return <SignedInContext.Provider value={{ session: state.session, signOut }}>{children}</SignedInContext.Provider>;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
