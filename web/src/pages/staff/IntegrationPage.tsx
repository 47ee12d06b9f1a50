// /staff/integrations/:partnerId: one integration for staff: its state (never secrets: the
// Client Secret is never in it), the decisions open to staff, each configuration step, sync
// health, the audit trail, and the onboarding workflow in the Temporal UI.
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { outcome } from '../../api/outcome';
import { CONFIG_STEPS, type OnboardingState, type SyncErrors } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { SyncTable } from '../../components/SyncTable';
import { Link } from '../../router';
import { STEP_TITLES } from '../servicetitan/steps';
import { useOnboardingState, usePolling } from '../servicetitan/useIntegration';
import { AuditTimeline } from './AuditTimeline';
import { ApproveForm, RejectForm } from './DecisionForms';
import { STATUS_TONE, STATUS_WORDS, when } from './format';
import { AllowSharedTenantForm } from './TenantConflict';
import { useAuditTrail } from './useAuditTrail';

/** Statuses in which the workflow takes the shared-tenant decision (api/routes/staff.ts). */
const CONFLICT_DECIDABLE: readonly OnboardingState['status'][] = ['AWAITING_REVIEW', 'AWAITING_CREDENTIALS', 'CONFIGURING'];
/** The workflow applies a decision moments after the API accepts it. */
const AFTER_DECISION_MS = 1500;

export function IntegrationPage({ partnerId }: { partnerId: string }) {
  const api = useApi();
  const { loaded, reload } = useOnboardingState(api, partnerId);
  const audit = useAuditTrail(api, partnerId);
  const [announcement, setAnnouncement] = useState('');
  usePolling(true, 15_000, reload);

  const onDecided = useCallback(
    (message: string) => {
      setAnnouncement(message);
      window.setTimeout(() => {
        void reload();
        void audit.reload();
      }, AFTER_DECISION_MS);
    },
    [reload, audit.reload],
  );

  const state = loaded.kind === 'ready' ? loaded.value : null;
  const workflowUrl = audit.trail?.workflowUrl;
  return (
    <>
      <h1>Integration {partnerId}</h1>
      <p>
        <Link to="/staff/integrations">All integrations</Link>
        {workflowUrl && (
          <>
            {' · '}
            <a href={workflowUrl}>Open the onboarding workflow in the Temporal UI</a>
          </>
        )}
      </p>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {loaded.kind === 'loading' && <p role="status">Loading the integration…</p>}
      {loaded.kind === 'error' && <ProblemMessage problem={loaded.problem} />}
      {loaded.kind === 'ready' && !state && <p>This partner has no ServiceTitan integration.</p>}
      {state && <StateSection state={state} onDecided={onDecided} />}
      {state && <StepsTable state={state} />}
      {state && <SyncHealthSection partnerId={partnerId} state={state} />}
      <AuditTimeline trail={audit.trail} problem={audit.problem} busy={audit.busy} onLoadOlder={() => void audit.loadOlder()} />
    </>
  );
}

function StateSection({ state, onDecided }: { state: OnboardingState; onDecided: (message: string) => void }) {
  const conflict = state.tenantConflict;
  return (
    <section aria-labelledby="state-title">
      <h2 id="state-title">State</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`pill ${STATUS_TONE[state.status]}`}>{STATUS_WORDS[state.status]}</span> since {when(state.statusChangedAt)}
        </dd>
        <dt>Next</dt>
        <dd>{state.nextAction}</dd>
        <dt>ServiceTitan tenant</dt>
        <dd>{state.tenantId}</dd>
        <dt>Contact</dt>
        <dd>{state.contactEmail}</dd>
        <dt>Started</dt>
        <dd>{when(state.startedAt)}</dd>
        <dt>Review</dt>
        <dd>
          {state.review
            ? `${state.review.decision === 'approved' ? 'Approved' : 'Rejected'} by ${state.review.staffUserId} on ${when(state.review.decidedAt)}${
                state.review.reason ? `: ${state.review.reason}` : state.review.note ? `: ${state.review.note}` : ''
              }`
            : 'Not decided'}
        </dd>
        <dt>Credentials verified</dt>
        <dd>
          {state.credentials
            ? `${when(state.credentials.verifiedAt)} (Client ID ${state.credentials.clientId}; areas: ${state.credentials.grantedAreas.join(', ') || 'none'})`
            : 'Not yet'}
        </dd>
        {state.lastCredentialCheck && (
          <>
            <dt>Last credential check</dt>
            <dd>
              {when(state.lastCredentialCheck.at)}: {state.lastCredentialCheck.ok ? 'OK' : (state.lastCredentialCheck.error?.message ?? 'failed')}
            </dd>
          </>
        )}
        {state.credentialsDeadline && state.status === 'AWAITING_CREDENTIALS' && (
          <>
            <dt>Credentials due by</dt>
            <dd>{when(state.credentialsDeadline)}</dd>
          </>
        )}
        {state.activatedAt && (
          <>
            <dt>Live since</dt>
            <dd>{when(state.activatedAt)}</dd>
          </>
        )}
        {state.disconnectedAt && (
          <>
            <dt>Disconnected</dt>
            <dd>{when(state.disconnectedAt)}</dd>
          </>
        )}
      </dl>
      {conflict && (
        <div className="banner warn">
          <p>
            <strong>Tenant conflict:</strong> another partner holds ServiceTitan tenant {state.tenantId} (found at {conflict.foundAt},{' '}
            {when(conflict.flaggedAt)}).
          </p>
          {conflict.allowed ? (
            <p>
              Sharing the tenant was allowed by {conflict.allowed.staffUserId} on {when(conflict.allowed.decidedAt)}.
            </p>
          ) : CONFLICT_DECIDABLE.includes(state.status) ? (
            <AllowSharedTenantForm partnerId={state.partnerId} onDecided={onDecided} />
          ) : (
            <p>Going live is refused until staff allow the shared tenant.</p>
          )}
        </div>
      )}
      {state.status === 'AWAITING_REVIEW' && (
        <div className="decisions">
          <ApproveForm partnerId={state.partnerId} name={state.partnerId} onDecided={onDecided} />
          <RejectForm partnerId={state.partnerId} name={state.partnerId} onDecided={onDecided} />
        </div>
      )}
    </section>
  );
}

const STEP_WORDS = { pending: 'Not done', verified: 'Verified', failed: 'Failed' } as const;
const STEP_TONE = { pending: '', verified: 'ok', failed: 'bad' } as const;

function StepsTable({ state }: { state: OnboardingState }) {
  return (
    <section aria-labelledby="steps-title" className="subsection">
      <h2 id="steps-title">Configuration steps</h2>
      <table>
        <caption>Each configuration step's last verification</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">Verified</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {CONFIG_STEPS.map((key) => {
            const step = state.steps[key];
            return (
              <tr key={key}>
                <th scope="row">{STEP_TITLES[key]}</th>
                <td>
                  <span className={`pill ${STEP_TONE[step.status]}`}>{STEP_WORDS[step.status]}</span>
                </td>
                <td>{when(step.verifiedAt)}</td>
                <td>{step.error ? `${step.error.message} (${step.error.code})` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function SyncHealthSection({ partnerId, state }: { partnerId: string; state: OnboardingState }) {
  const api = useApi();
  const [errors, setErrors] = useState<SyncErrors | null>(null);
  const live = state.sync !== undefined;
  useEffect(() => {
    if (!live) return;
    let current = true;
    void outcome(api.GET('/v1/partners/{partnerId}/integrations/servicetitan/sync-errors', { params: { path: { partnerId } } })).then((result) => {
      if (current && result.ok) setErrors(result.body);
    });
    return () => {
      current = false;
    };
  }, [api, partnerId, live]);

  return (
    <section aria-labelledby="sync-title" className="subsection">
      <h2 id="sync-title">Sync health</h2>
      {!state.sync ? (
        <p>Not live: nothing syncs yet.</p>
      ) : (
        <>
          <p>Overall: {state.sync.health}</p>
          <SyncTable caption="Each sync child's last run" children={state.sync.children} />
          {errors && (
            <>
              <h3>Items ServiceTitan refuses now ({errors.count})</h3>
              {errors.items.length === 0 ? (
                <p>None.</p>
              ) : (
                <ul>
                  {errors.items.map((i) => (
                    <li key={i.child + i.item}>
                      <strong>{i.item}</strong> ({i.child}): {i.error} <span className="muted">({when(i.failedAt)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
