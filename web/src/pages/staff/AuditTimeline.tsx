// An integration's audit trail as a timeline, newest first: when, what, who, the status move and
// what it concerned; "Load older events" follows the trail's cursor.
import type { AuditEntry, AuditTrail } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { ApiProblem } from '../../api/errors';
import { statusText, when } from './format';

const ACTORS: Record<AuditEntry['actor']['type'], string> = { PARTNER: 'Partner', STAFF: 'Staff', SYSTEM: 'System' };

/** "review.approved" reads "Review approved". */
const actionWords = (action: string) => {
  const words = action.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const detailText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function AuditTimeline({
  trail,
  problem,
  busy,
  onLoadOlder,
}: {
  trail: AuditTrail | null;
  problem: ApiProblem | null;
  busy: boolean;
  onLoadOlder: () => void;
}) {
  return (
    <section aria-labelledby="audit-title" className="subsection">
      <h2 id="audit-title">Audit trail</h2>
      <ProblemMessage problem={problem} />
      {!trail && !problem && <p role="status">Loading the audit trail…</p>}
      {trail && trail.events.length === 0 && <p>Nothing recorded yet.</p>}
      {trail && trail.events.length > 0 && (
        <ol className="timeline" aria-label="Audit events, newest first">
          {trail.events.map((event) => (
            <li key={event.id}>
              <p className="timeline-head">
                <time dateTime={event.at}>{when(event.at)}</time> <strong>{actionWords(event.action)}</strong>
              </p>
              <p>
                By {ACTORS[event.actor.type]} {event.actor.id}
                {event.to !== null && event.to !== event.from && (
                  <>
                    {' '}
                    · {event.from ? `${statusText(event.from)} → ` : 'Started: '}
                    {statusText(event.to)}
                  </>
                )}
              </p>
              {Object.keys(event.detail).length > 0 && (
                <dl className="detail">
                  {Object.entries(event.detail).map(([key, value]) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd>{detailText(value)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
      {trail?.nextCursor && (
        <button type="button" className="secondary" disabled={busy} onClick={onLoadOlder}>
          {busy ? 'Loading…' : 'Load older events'}
        </button>
      )}
    </section>
  );
}
