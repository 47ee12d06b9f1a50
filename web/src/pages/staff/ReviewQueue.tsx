// /staff: the requests waiting for review, oldest first, each with how long it has waited (past
// the review SLA: highlighted), any tenant conflict, and the approve and reject forms. A decided
// request leaves the queue at once; the workflow applies the decision moments later.
import { useCallback, useId, useState } from 'react';
import { useApi } from '../../api/context';
import type { StaffIntegration } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Link } from '../../router';
import { usePolling } from '../servicetitan/useIntegration';
import { ApproveForm, RejectForm } from './DecisionForms';
import { duration, integrationPath, slaText, when } from './format';
import { TenantConflictNotice } from './TenantConflict';
import { useStaffList } from './useStaffList';

/** Requests per page: a queue longer than this asks for the next page. */
const PAGE = 100;

export function ReviewQueue() {
  const api = useApi();
  const { listing, problem, busy, reload, loadMore } = useStaffList(api, 'AWAITING_REVIEW', PAGE);
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  // New requests arrive while the page is open.
  usePolling(true, 30_000, reload);

  const onDecided = useCallback((partnerId: string, message: string) => {
    setDecided((before) => new Set(before).add(partnerId));
    setAnnouncement(message);
  }, []);
  const waiting = listing?.integrations.filter((r) => r.status === 'AWAITING_REVIEW' && !decided.has(r.partnerId)) ?? [];
  const sla = listing?.reviewSlaSeconds;

  return (
    <>
      <h1>Review queue</h1>
      <p>
        Requests waiting for review, oldest first.
        {sla !== undefined && ` Each should be decided within ${slaText(sla)} (the review SLA); requests waiting longer are highlighted.`}
      </p>
      <p role="status" className="announcement">
        {announcement}
      </p>
      <ProblemMessage problem={problem} />
      {!listing && !problem && <p role="status">Loading the review queue…</p>}
      {listing && waiting.length === 0 && <p>No requests are waiting for review.</p>}
      {waiting.length > 0 && (
        <>
          <p className="muted">
            {waiting.length} {waiting.length === 1 ? 'request is' : 'requests are'} waiting
            {sla !== undefined && `, ${waiting.filter((r) => r.waitingSeconds > sla).length} past the SLA`}.
          </p>
          <ol className="queue">
            {waiting.map((request) => (
              <li key={request.partnerId}>
                <ReviewRequest request={request} slaSeconds={sla} onDecided={onDecided} announce={setAnnouncement} />
              </li>
            ))}
          </ol>
        </>
      )}
      {listing?.nextCursor && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void loadMore()}>
          {busy ? 'Loading…' : 'Load more requests'}
        </button>
      )}
    </>
  );
}

function ReviewRequest({
  request,
  slaSeconds,
  onDecided,
  announce,
}: {
  request: StaffIntegration;
  slaSeconds?: number;
  /** Approved or rejected: it leaves the queue. */
  onDecided: (partnerId: string, message: string) => void;
  /** Anything else to tell (a shared tenant allowed): it stays. */
  announce: (message: string) => void;
}) {
  const titleId = useId();
  const name = request.partnerName ?? request.partnerId;
  const overdue = slaSeconds !== undefined && request.waitingSeconds > slaSeconds;
  const decided = (message: string) => onDecided(request.partnerId, message);
  return (
    <article aria-labelledby={titleId} className={overdue ? 'request overdue' : 'request'}>
      <h2 id={titleId}>{name}</h2>
      <dl className="facts">
        <dt>Partner ID</dt>
        <dd>
          <Link to={integrationPath(request.partnerId)}>{request.partnerId}</Link>
        </dd>
        <dt>ServiceTitan tenant</dt>
        <dd>{request.tenantId}</dd>
        <dt>Contact</dt>
        <dd>{request.contactEmail}</dd>
        <dt>Requested</dt>
        <dd>{when(request.statusChangedAt)}</dd>
        <dt>Waiting</dt>
        <dd>
          <span className="waiting">{duration(request.waitingSeconds)}</span>
          {overdue && slaSeconds !== undefined && <span className="pill bad">Past the {slaText(slaSeconds)} review SLA</span>}
        </dd>
      </dl>
      {request.tenantConflict && (
        <TenantConflictNotice partnerId={request.partnerId} tenantId={request.tenantId} listing={request.tenantConflict} onDecided={announce} />
      )}
      <div className="decisions">
        <ApproveForm partnerId={request.partnerId} name={name} onDecided={decided} />
        <RejectForm partnerId={request.partnerId} name={name} onDecided={decided} />
      </div>
    </article>
  );
}
