// After approval: connect the SmartAC.com app in ServiceTitan with No Restrictions, create a
// Client ID and Client Secret there, enter them here and choose Connect (PUT …/credentials).
// The same form rotates the credentials of a live integration.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiClient } from '../../api/client';
import { detailList, issueAt, type ApiProblem } from '../../api/errors';
import { idempotencyKey, outcome } from '../../api/outcome';
import type { OnboardingState } from '../../api/views';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { PATH } from './stepProps';

/** ServiceTitan's API areas as its API Application Access screen names them. */
const AREA_NAMES: Record<string, string> = {
  settings: 'Settings (Business Units)',
  jpm: 'Job Planning & Management (Job Types)',
  marketing: 'Marketing (Campaigns)',
  memberships: 'Memberships',
  pricebook: 'Pricebook',
  crm: 'CRM (Customers and Locations)',
  dispatch: 'Dispatch (Capacity)',
};
export const areaName = (area: string) => AREA_NAMES[area] ?? area;

/** Codes about the app's connection or access in ServiceTitan, shown at the instructions. */
const CONNECTION_CODES = ['restricted_access', 'app_not_connected', 'tenant_mismatch'];

export function ConnectAppInstructions({ errorId, problem }: { errorId?: string; problem?: ReactNode }) {
  return (
    <>
      <ol className="instructions">
        <li>In ServiceTitan, go to Integrations &gt; &ldquo;API Application Access&rdquo;.</li>
        <li>Click &ldquo;Connect New App&rdquo; and connect to SmartAC.com.</li>
        <li>
          When prompted to configure access for the SmartAC.com app, select <strong>No Restrictions</strong>. This allows SmartAC to fully sync with your
          ServiceTitan data and ensures the integration runs reliably. It also enables more advanced reporting and attribution features in future updates — so
          you&apos;ll already be set up when those become available without needing to reconfigure.
        </li>
        <li>Once installed, create your Client ID and Client Secret from within ServiceTitan.</li>
        <li>Enter the Client ID and Client Secret below and choose &ldquo;Connect&rdquo;.</li>
      </ol>
      {problem && (
        <div id={errorId} className="error" role="alert">
          {problem}
        </div>
      )}
    </>
  );
}

export function CredentialsStep({
  api,
  partnerId,
  state,
  onAnswer,
  rotate = false,
}: {
  api: ApiClient;
  partnerId: string;
  state: OnboardingState;
  onAnswer: (state: OnboardingState) => void;
  /** On the live page: new credentials replace the ones in use. */
  rotate?: boolean;
}) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const connectionErrorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const missing = [
      ...(clientId.trim() ? [] : [{ path: 'body.clientId', message: 'Enter the Client ID from ServiceTitan.' }]),
      ...(clientSecret ? [] : [{ path: 'body.clientSecret', message: 'Enter the Client Secret from ServiceTitan.' }]),
    ];
    if (missing.length) {
      setProblem({ status: 0, code: 'invalid_request', message: 'Enter both values.', issues: missing });
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await outcome(
      api.PUT(PATH.credentials, { params: { path: { partnerId } }, body: { clientId: clientId.trim(), clientSecret }, headers: idempotencyKey() }),
    );
    setBusy(false);
    if (result.ok) {
      setClientSecret('');
      setDone(true);
      onAnswer(result.body);
    } else setProblem(result.problem);
  };

  const secretError = issueAt(problem, 'body.clientSecret') ?? (problem?.code === 'invalid_credentials' ? problem.message : undefined);
  const idError = issueAt(problem, 'body.clientId');
  const connectionProblem = problem && CONNECTION_CODES.includes(problem.code) ? <ConnectionProblem problem={problem} /> : undefined;
  const otherProblem = problem && !secretError && !idError && !connectionProblem ? problem : null;

  return (
    <>
      {!rotate && <ConnectAppInstructions errorId={connectionErrorId} problem={connectionProblem} />}
      {rotate && connectionProblem && (
        <div id={connectionErrorId} className="error" role="alert">
          {connectionProblem}
        </div>
      )}
      {state.credentials && (
        <p className="muted">
          In use: Client ID {state.credentials.clientId}, verified {new Date(state.credentials.verifiedAt).toLocaleString()}.
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={connectionProblem ? connectionErrorId : undefined}>
        <Field label="Client ID" error={idError}>
          {(control) => (
            <input {...control} name="clientId" autoComplete="off" spellCheck={false} value={clientId} onChange={(e) => setClientId(e.target.value)} />
          )}
        </Field>
        <Field label="Client Secret" error={secretError} result={done && rotate ? 'ServiceTitan accepted the new credentials.' : undefined}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="clientSecret"
              autoComplete="off"
              spellCheck={false}
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
            />
          )}
        </Field>
        <ProblemMessage problem={otherProblem} />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking with ServiceTitan…' : 'Connect'}
        </button>
      </form>
    </>
  );
}

/** The app's access in ServiceTitan is not what the integration needs: which areas, and the fix. */
function ConnectionProblem({ problem }: { problem: ApiProblem }) {
  const denied = detailList(problem, 'deniedAreas');
  if (problem.code !== 'restricted_access' || denied.length === 0) return <p>{problem.message}</p>;
  return (
    <>
      <p>The SmartAC.com app has restricted access. ServiceTitan refused these areas:</p>
      <ul>
        {denied.map((area) => (
          <li key={area}>{areaName(area)}</li>
        ))}
      </ul>
      <p>
        To fix it: in ServiceTitan, go to Integrations &gt; API Application Access, open the SmartAC.com app and select <strong>No Restrictions</strong>, then
        choose Connect again.
      </p>
    </>
  );
}
