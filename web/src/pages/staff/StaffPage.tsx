// The staff console under /staff: the review queue, integrations by status, and one
// integration's page. Staff only (the API refuses anyone else too).
import { useSignedIn } from '../../signed-in';
import { Link, useLocation } from '../../router';
import { NotFoundPage } from '../NotFoundPage';
import { IntegrationPage } from './IntegrationPage';
import { IntegrationsList } from './IntegrationsList';
import { ReviewQueue } from './ReviewQueue';

const SECTIONS = [
  { to: '/staff', label: 'Review queue' },
  { to: '/staff/integrations', label: 'Integrations' },
] as const;

export function StaffPage() {
  const { session } = useSignedIn();
  const { pathname } = useLocation();
  if (session.role !== 'staff')
    return (
      <>
        <h1>Staff console</h1>
        <p>The staff console is for SmartAC staff. Sign in as staff to use it.</p>
      </>
    );
  const partnerId = detailPartnerId(pathname);
  const section = pathname === '/staff' ? '/staff' : pathname.startsWith('/staff/integrations') ? '/staff/integrations' : null;
  return (
    <>
      <nav aria-label="Staff console" className="subnav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <Link to={s.to} aria-current={section === s.to ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {pathname === '/staff' ? (
        <ReviewQueue />
      ) : pathname === '/staff/integrations' ? (
        <IntegrationsList />
      ) : partnerId ? (
        <IntegrationPage key={partnerId} partnerId={partnerId} />
      ) : (
        <NotFoundPage />
      )}
    </>
  );
}

/** The partner id of /staff/integrations/:partnerId; null for any other path (or a malformed escape). */
function detailPartnerId(pathname: string): string | null {
  const match = /^\/staff\/integrations\/([^/]+)$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
