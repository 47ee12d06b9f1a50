// "Submit the integration form": everything is verified again, then the integration goes live.
import { useState } from 'react';
import { CONFIG_STEPS, OPTIONAL_STEPS } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Link, useLocation, withQuery } from '../../router';
import type { StepProps } from './stepProps';
import { STEP_TITLES, type StepKey } from './steps';
import { useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/submit';

export function SubmitStep({ api, partnerId, state, onAnswer, onOpen }: StepProps & { onOpen: (key: StepKey) => void }) {
  const location = useLocation();
  const { busy, problem, run } = useStepSubmit(onAnswer, 'live');
  const [tried, setTried] = useState(false);
  const open = CONFIG_STEPS.filter((s) => !OPTIONAL_STEPS.includes(s) && state.steps[s].status !== 'verified');
  const failedStep = problem?.step && problem.step !== 'credentials' ? (problem.step as StepKey) : null;

  return (
    <>
      <p>Check your choices, then submit. SmartAC verifies each of them with ServiceTitan again and turns the integration on.</p>
      <table>
        <caption className="visually-hidden">Your setup</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {CONFIG_STEPS.map((s) => (
            <tr key={s}>
              <th scope="row">{STEP_TITLES[s]}</th>
              <td>
                {state.steps[s].status === 'verified' ? (
                  <span className="pill ok">Verified</span>
                ) : OPTIONAL_STEPS.includes(s) ? (
                  <span className="pill">Optional: not set</span>
                ) : (
                  <span className="pill bad">Not done</span>
                )}
              </td>
              <td>
                <Link to={withQuery(location, { step: s })} aria-label={`Change ${STEP_TITLES[s]}`}>
                  Change
                </Link>
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{STEP_TITLES.systemReminders}</th>
            <td>
              <span className="pill ok">Always on</span>
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      {state.tenantConflict && !state.tenantConflict.allowed && <p className="banner warn">{state.nextAction}</p>}
      {tried && open.length > 0 && (
        <p className="error" role="alert">
          Finish these steps first: {open.map((s) => STEP_TITLES[s]).join(', ')}.
        </p>
      )}
      <ProblemMessage problem={problem} />
      {failedStep && (
        <p>
          <button type="button" className="secondary" onClick={() => onOpen(failedStep)}>
            Fix {STEP_TITLES[failedStep]}
          </button>
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setTried(true);
            if (open.length === 0) void run(api.POST(PATH, { params: { path: { partnerId } } }));
          }}
        >
          {busy ? 'Submitting…' : 'Submit the integration form'}
        </button>
      </div>
    </>
  );
}
