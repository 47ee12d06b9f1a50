// "Enter the Services from your ServiceTitan Pricebook that you'd like to be eligible for Comfort
// Credits (you can add as many as apply)": search the Pricebook, tick any number.
import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StepStatus } from '../../components/StepStatus';
import type { StepProps } from './stepProps';
import { concerns, useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/eligible-services';
/** Enough to scan; a longer Pricebook is narrowed by the search. */
const SHOWN = 50;

export function EligibleServicesStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const [selected, setSelected] = useState<number[]>(state.steps.eligibleServices.input?.serviceIds ?? []);
  const [search, setSearch] = useState('');
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'tag');
  const id = useId();
  const resultsId = `${id}-results`;
  const errorId = `${id}-error`;

  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = catalog.services.filter((s) => words.every((w) => `${s.name} ${s.code}`.toLowerCase().includes(w)));
  const byId = new Map(catalog.services.map((s) => [s.id, s]));
  const toggle = (serviceId: number, on: boolean) => setSelected(on ? [...selected, serviceId] : selected.filter((x) => x !== serviceId));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selected.length === 0) {
      setProblem({ status: 0, code: 'invalid_request', message: 'Choose at least one Pricebook service.', issues: [] });
      return;
    }
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { serviceIds: selected } }));
  };

  const stepProblem = problem && (problem.step === 'eligibleServices' || problem.status === 0 || problem.code === 'invalid_request') ? problem : null;
  return (
    <form onSubmit={submit} noValidate>
      <p>Choose the Services from your ServiceTitan Pricebook that you&apos;d like to be eligible for Comfort Credits. You can add as many as apply.</p>
      <StepStatus step={state.steps.eligibleServices} />
      <Field label="Search your Pricebook services" hint={`${catalog.services.length} active services. Search by name or code.`}>
        {(control) => (
          <input
            {...control}
            type="search"
            name="serviceSearch"
            autoComplete="off"
            aria-controls={resultsId}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        )}
      </Field>
      <fieldset id={resultsId} aria-describedby={stepProblem ? errorId : undefined}>
        <legend>Pricebook services</legend>
        <p className="hint" role="status">
          {matches.length > SHOWN ? `Showing ${SHOWN} of ${matches.length} matches: refine your search to see the rest.` : `${matches.length} matches.`}
        </p>
        <div className="results">
          {matches.slice(0, SHOWN).map((s) => (
            <label key={s.id} className="choice">
              <input type="checkbox" checked={selected.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
              <span>
                {s.name} <span className="muted">({s.code})</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <h3 id={`${id}-chosen`}>Eligible for Comfort Credits ({selected.length})</h3>
      {selected.length === 0 ? (
        <p className="muted">None chosen yet.</p>
      ) : (
        <ul aria-labelledby={`${id}-chosen`}>
          {selected.map((serviceId) => {
            const s = byId.get(serviceId);
            const name = s ? `${s.name} (${s.code})` : `Service ${serviceId}`;
            return (
              <li key={serviceId}>
                {name}
                {concerns(problem, 'serviceId', serviceId) && <strong className="bad-text"> — refused by ServiceTitan</strong>}{' '}
                <button type="button" className="link-button" onClick={() => toggle(serviceId, false)} aria-label={`Remove ${name}`}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ProblemMessage problem={stepProblem ?? problem} id={errorId} />
      <button type="submit" disabled={busy}>
        {busy ? 'Verifying…' : 'Save and continue'}
      </button>
    </form>
  );
}
