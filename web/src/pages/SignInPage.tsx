// Development sign-in: mints a session for a chosen partner or staff user (POST /v1/dev/sign-in).
// In production the route does not exist and this page says so; there the Partner Dashboard
// signs people in with SmartAC's identity provider. Standing in for the Partner Dashboard, it can
// also give a partner without plans two example Smart Maintenance plans, which the guide's plan
// mapping step needs (the real dashboard has the partner's own).
import { useId, useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { navigate, useLocation } from '../router';

type Role = 'partner' | 'staff';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const api = useApi();
  const location = useLocation();
  const [role, setRole] = useState<Role>('partner');
  const [partnerId, setPartnerId] = useState('');
  const [name, setName] = useState('');
  const [examplePlans, setExamplePlans] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (role === 'partner' && !partnerId.trim()) {
      setError('Enter the partner ID to sign in as.');
      return;
    }
    setBusy(true);
    try {
      const { response } = await api.POST('/v1/dev/sign-in', {
        body: {
          ...(role === 'partner' ? { role, partnerId: partnerId.trim() } : { role }),
          ...(name.trim() ? { name: name.trim() } : {}),
        },
      });
      if (response.status === 404) setUnavailable(true);
      else if (!response.ok) setError(`Sign-in was refused (${response.status}). Check the partner ID.`);
      else if (role === 'partner' && examplePlans && !(await ensureExamplePlans(api, partnerId.trim())))
        setError('Signed in, but the example plans could not be saved. Try again, or sign in without them.');
      else {
        onSignedIn();
        const next = location.query.get('next');
        // Only a path on this site: an absolute or protocol-relative "next" would leave it.
        navigate(next?.startsWith('/') && !next.startsWith('//') ? next : role === 'staff' ? '/staff' : '/settings/integrations');
      }
    } catch {
      setError('The service cannot be reached. Try again.');
    } finally {
      setBusy(false);
    }
  };

  if (unavailable)
    return (
      <section aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p role="alert">Development sign-in is not available on this server (it runs in production). Sign in through the SmartAC Partner Dashboard.</p>
      </section>
    );

  return (
    <section aria-labelledby="sign-in-title" className="narrow">
      <h1 id="sign-in-title">Sign in (development)</h1>
      <p>This page signs you in as any partner or SmartAC staff member. It exists only outside production.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>Sign in as</legend>
          <label className="choice">
            <input type="radio" name="role" value="partner" checked={role === 'partner'} onChange={() => setRole('partner')} /> A partner
          </label>
          <label className="choice">
            <input type="radio" name="role" value="staff" checked={role === 'staff'} onChange={() => setRole('staff')} /> SmartAC staff
          </label>
        </fieldset>
        {role === 'partner' && (
          <div className="field">
            <label htmlFor="partner-id">Partner ID</label>
            <input
              id="partner-id"
              name="partnerId"
              autoComplete="off"
              value={partnerId}
              onChange={(e) => setPartnerId(e.target.value)}
              aria-invalid={error !== null}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
        )}
        {role === 'partner' && (
          <label className="choice">
            <input type="checkbox" name="examplePlans" checked={examplePlans} onChange={(e) => setExamplePlans(e.target.checked)} /> Give this partner example
            Smart Maintenance plans (Gold and Silver) if it has none in the Partner Dashboard
          </label>
        )}
        <div className="field">
          <label htmlFor="display-name">Name (optional)</label>
          <input id="display-name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        {error && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </section>
  );
}

/** Saves two example plans for a partner that has none (ids prefixed with the partner's: plan ids are unique across partners). */
async function ensureExamplePlans(api: ApiClient, partnerId: string): Promise<boolean> {
  const params = { path: { partnerId } };
  const listed = await api.GET('/v1/partners/{partnerId}/maintenance-plans', { params });
  if (!listed.data) return false;
  if (listed.data.plans.some((p) => p.active)) return true;
  const plans = [
    { id: `${partnerId}-gold`, name: 'Smart Maintenance Gold' },
    { id: `${partnerId}-silver`, name: 'Smart Maintenance Silver' },
  ];
  const saved = await api.PUT('/v1/partners/{partnerId}/maintenance-plans', { params, body: { plans } });
  return saved.response.ok;
}
