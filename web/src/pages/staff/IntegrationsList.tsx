// /staff/integrations: every integration, or those in one status (?status=), oldest status change
// first, a page at a time ("Load more" follows the list's cursor).
import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../../api/context';
import type { StaffIntegration } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Link, navigate, useLocation, withQuery } from '../../router';
import { duration, integrationPath, STATUS_TONE, STATUS_WORDS, STATUSES, when } from './format';
import { useStaffList } from './useStaffList';

const PAGE = 50;

export function IntegrationsList() {
  const api = useApi();
  const location = useLocation();
  const asked = location.query.get('status');
  const status = STATUSES.find((s) => s === asked) ?? null;
  const { listing, problem, busy, loadMore } = useStaffList(api, status, PAGE);
  const [chosen, setChosen] = useState(status ?? '');
  const selectId = useId();

  const filter = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery(location, { status: chosen || null }));
  };
  const rows = listing?.integrations ?? [];
  const what = status ? STATUS_WORDS[status].toLowerCase() : 'all statuses';

  return (
    <>
      <h1>Integrations</h1>
      <form className="filter" onSubmit={filter} role="search" aria-label="Filter integrations">
        <div className="field">
          <label htmlFor={selectId}>Status</label>
          <select id={selectId} name="status" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <ProblemMessage problem={problem} />
      <p role="status">
        {listing
          ? `Showing ${rows.length} integration${rows.length === 1 ? '' : 's'} (${what})${listing.nextCursor ? '; more to load' : ''}.`
          : problem
            ? ''
            : 'Loading…'}
      </p>
      {listing && (
        <table>
          <caption>Integrations ({what}), oldest status change first</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">ServiceTitan tenant</th>
              <th scope="col">Status</th>
              <th scope="col">In this status for</th>
              <th scope="col">Sync health</th>
              <th scope="col">Tenant conflict</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6}>No integrations.</td>
              </tr>
            )}
            {rows.map((row) => (
              <Row key={row.partnerId} row={row} />
            ))}
          </tbody>
        </table>
      )}
      {listing?.nextCursor && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void loadMore()}>
          {busy ? 'Loading…' : 'Load more integrations'}
        </button>
      )}
    </>
  );
}

function Row({ row }: { row: StaffIntegration }) {
  const conflict = row.tenantConflict;
  return (
    <tr>
      <th scope="row">
        <Link to={integrationPath(row.partnerId)}>{row.partnerName ?? row.partnerId}</Link>
        {row.partnerName && <span className="muted"> ({row.partnerId})</span>}
      </th>
      <td>{row.tenantId}</td>
      <td>
        <span className={`pill ${STATUS_TONE[row.status]}`}>{STATUS_WORDS[row.status]}</span>
      </td>
      <td>
        <span title={when(row.statusChangedAt)}>{duration(row.waitingSeconds)}</span>
      </td>
      <td>
        {row.sync ? (
          <>
            {row.sync.health ?? 'Starting'}
            {row.sync.failedItems > 0 && `, ${row.sync.failedItems} items refused`}
            {row.sync.lastError && <div className="muted">{row.sync.lastError.message}</div>}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {!conflict
          ? '—'
          : conflict.sharedTenantAllowedBy !== null
            ? 'Shared tenant allowed'
            : conflict.flagged
              ? 'Flagged: needs a decision'
              : `Tenant also held by ${conflict.otherPartners.map((o) => o.partnerId).join(', ')}`}
      </td>
    </tr>
  );
}
