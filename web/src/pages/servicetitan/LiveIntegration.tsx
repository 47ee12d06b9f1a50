// The live integration: status, each sync child's last run, result, writes, backlog and last
// error, recent visit outcomes and refused items, the NEEDS_ATTENTION banner with its fix,
// rotating credentials and disconnecting.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import { outcome } from '../../api/outcome';
import type { EventSummary, OnboardingState, SyncErrors } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { SyncTable } from '../../components/SyncTable';
import { CredentialsStep } from './CredentialsStep';
import { DisconnectDialog } from './DisconnectDialog';
import { usePolling } from './useIntegration';

const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function LiveIntegration({
  api,
  partnerId,
  state,
  onAnswer,
}: {
  api: ApiClient;
  partnerId: string;
  state: OnboardingState;
  onAnswer: (state: OnboardingState) => void;
}) {
  const attention = state.status === 'NEEDS_ATTENTION';
  const refresh = useCallback(async () => {
    const result = await outcome(api.GET('/v1/partners/{partnerId}/integrations/servicetitan', { params: { path: { partnerId } } }));
    if (result.ok) onAnswer(result.body);
  }, [api, partnerId, onAnswer]);
  // Sync children report as they run: the page follows them without a reload.
  usePolling(true, 30_000, refresh);

  return (
    <>
      {attention && (
        <div className="banner bad" role="alert">
          <h3>This integration needs your attention</h3>
          {state.lastCredentialCheck?.error && <p>{state.lastCredentialCheck.error.message}</p>}
          <p>{state.nextAction}</p>
          <p>
            <a href="#rotate-credentials">Enter new credentials below</a>.
          </p>
        </div>
      )}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{attention ? 'Needs attention: syncing is paused' : 'Live'}</dd>
        <dt>ServiceTitan tenant</dt>
        <dd>{state.tenantId}</dd>
        <dt>Live since</dt>
        <dd>{when(state.activatedAt)}</dd>
        <dt>Client ID</dt>
        <dd>{state.credentials?.clientId ?? '—'}</dd>
        <dt>Sync health</dt>
        <dd>{state.sync?.health ?? 'Starting'}</dd>
      </dl>
      <SyncTable caption="Sync with ServiceTitan" children={state.sync?.children ?? {}} />
      <RecentOutcomes api={api} partnerId={partnerId} />
      <section aria-labelledby="rotate-credentials" className="subsection">
        <h3 id="rotate-credentials" tabIndex={-1}>
          Rotate credentials
        </h3>
        <p>Created a new Client ID and Client Secret for the SmartAC.com app in ServiceTitan (API Application Access)? Enter them here.</p>
        <CredentialsStep api={api} partnerId={partnerId} state={state} onAnswer={onAnswer} rotate />
      </section>
      <section aria-labelledby="disconnect-title" className="subsection">
        <h3 id="disconnect-title">Disconnect</h3>
        <p>Disconnecting stops every sync with ServiceTitan and deletes the stored credentials. You can connect again later.</p>
        <DisconnectDialog api={api} partnerId={partnerId} onAnswer={onAnswer} />
      </section>
    </>
  );
}

function RecentOutcomes({ api, partnerId }: { api: ApiClient; partnerId: string }) {
  const [errors, setErrors] = useState<SyncErrors | null>(null);
  const [events, setEvents] = useState<EventSummary | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void Promise.all([
      outcome(api.GET('/v1/partners/{partnerId}/integrations/servicetitan/sync-errors', { params: { path: { partnerId } } })),
      outcome(api.GET('/v1/partners/{partnerId}/events/summary', { params: { path: { partnerId } } })),
    ]).then(([e, s]) => {
      if (!live) return;
      if (e.ok) setErrors(e.body);
      if (s.ok) setEvents(s.body);
      setFailed(!e.ok || !s.ok);
    });
    return () => {
      live = false;
    };
  }, [api, partnerId]);
  const visits = errors?.items.filter((i) => i.child === 'visits') ?? [];
  const others = errors?.items.filter((i) => i.child !== 'visits') ?? [];
  return (
    <section aria-labelledby="outcomes-title" className="subsection">
      <h3 id="outcomes-title">Recent visit outcomes</h3>
      {failed && (
        <ProblemMessage problem={{ status: 0, code: 'partial', message: 'Some of this could not be read. Reload the page to try again.', issues: [] }} />
      )}
      {events && (
        <table>
          <caption>SmartAC events for your integration</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {events.counts.length === 0 && (
              <tr>
                <td colSpan={3}>No events yet.</td>
              </tr>
            )}
            {events.counts.map((c) => (
              <tr key={c.type + c.status}>
                <td>{c.type}</td>
                <td>{c.status === 'APPLIED' ? 'Done' : 'Waiting'}</td>
                <td>{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors && (
        <>
          <h4>Visits ServiceTitan refused (last 24 hours)</h4>
          {visits.length === 0 ? <p>None.</p> : <ItemList items={visits} />}
          <h4>Other items ServiceTitan refuses now ({others.length})</h4>
          {others.length === 0 ? <p>None.</p> : <ItemList items={others} />}
        </>
      )}
    </section>
  );
}

function ItemList({ items }: { items: SyncErrors['items'] }) {
  return (
    <ul>
      {items.map((i) => (
        <li key={i.child + i.item}>
          <strong>{i.item}</strong>: {i.error} <span className="muted">({when(i.failedAt)})</span>
        </li>
      ))}
    </ul>
  );
}
