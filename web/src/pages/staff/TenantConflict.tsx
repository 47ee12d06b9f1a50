// A tenant conflict: another partner's integration holds the same ServiceTitan tenant. Where the
// workflow flagged it and nobody allowed it yet, staff may allow the shared tenant, with the
// reason (audited); until then the integration cannot go live.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context';
import { issueAt, type ApiProblem } from '../../api/errors';
import { outcome } from '../../api/outcome';
import type { StaffIntegration } from '../../api/views';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Link } from '../../router';
import { integrationPath, statusText, when } from './format';

type Listing = NonNullable<StaffIntegration['tenantConflict']>;

/** The conflict as the staff list shows it (who else holds the tenant), with the decision where it is open. */
export function TenantConflictNotice({
  partnerId,
  tenantId,
  listing,
  onDecided,
}: {
  partnerId: string;
  tenantId: string;
  listing: Listing;
  onDecided: (message: string) => void;
}) {
  const [allowed, setAllowed] = useState(false);
  const open = listing.flagged && listing.sharedTenantAllowedBy === null && !allowed;
  return (
    <div className="banner warn">
      <p>
        <strong>Tenant conflict:</strong> ServiceTitan tenant {tenantId} is also held by{' '}
        {listing.otherPartners.length === 0
          ? 'another partner (no longer holding it now)'
          : listing.otherPartners.map((o, i) => (
              <span key={o.partnerId}>
                {i > 0 && ', '}
                <Link to={integrationPath(o.partnerId)}>{o.partnerId}</Link> ({statusText(o.status)})
              </span>
            ))}
        .
      </p>
      {listing.sharedTenantAllowedBy !== null && (
        <p>
          Sharing the tenant was allowed by {listing.sharedTenantAllowedBy} on {when(listing.sharedTenantAllowedAt)}.
        </p>
      )}
      {!listing.flagged && <p>The workflow has not flagged it yet: it checks the tenant again at approval and at submit.</p>}
      {open && (
        <AllowSharedTenantForm
          partnerId={partnerId}
          onDecided={(message) => {
            setAllowed(true);
            onDecided(message);
          }}
        />
      )}
    </div>
  );
}

export function AllowSharedTenantForm({ partnerId, onDecided }: { partnerId: string; onDecided: (message: string) => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setProblem({
        status: 0,
        code: 'invalid_request',
        message: 'Enter why.',
        issues: [{ path: 'body.note', message: 'Enter why this partner may share the tenant.' }],
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await outcome(
      api.POST('/v1/staff/integrations/{partnerId}/tenant-conflict', { params: { path: { partnerId } }, body: { allowSharedTenant: true, note: note.trim() } }),
    );
    setBusy(false);
    if (result.ok) onDecided(`Allowed ${partnerId} to share its ServiceTitan tenant.`);
    else setProblem(result.problem);
  };
  const noteError = issueAt(problem, 'body.note');

  return (
    <form className="decision" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Why this partner may share the tenant (required)" hint="Kept in the audit trail." error={noteError}>
        {(control) => <textarea {...control} name="note" rows={2} maxLength={2000} required value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {!noteError && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Allowing…' : 'Allow shared tenant'}
        <span className="visually-hidden"> for {partnerId}</span>
      </button>
    </form>
  );
}
