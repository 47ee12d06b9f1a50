// "If you have Realtime Capacity Scheduling set up in ServiceTitan, toggle the option and choose
// your setup": on, members book from the SmartAC.com app against these Business Units' capacity.
import { useId, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StepStatus } from '../../components/StepStatus';
import { HELP } from './helpLinks';
import type { StepProps } from './stepProps';
import { useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/capacity-scheduling';

export function CapacityStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const saved = state.steps.capacityScheduling.input;
  const [enabled, setEnabled] = useState(saved?.enabled ?? false);
  const [units, setUnits] = useState<number[]>(saved?.enabled ? saved.businessUnitIds : []);
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'submit');
  const id = useId();
  const errorId = `${id}-error`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (enabled && units.length === 0) {
      setProblem({ status: 0, code: 'invalid_request', message: 'Choose the Business Units to offer.', issues: [] });
      return;
    }
    const body = enabled ? { enabled: true as const, businessUnitIds: units } : { enabled: false as const };
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body }));
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        If you have Realtime Capacity Scheduling (Adjustable Capacity Planning) set up in ServiceTitan, members can book visits from the SmartAC.com app in real
        time against your capacity. <a href={HELP.capacityPlanning}>How to set up Adjustable Capacity Planning</a>.
      </p>
      <StepStatus step={state.steps.capacityScheduling} />
      <label className="choice toggle">
        <input type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>Use realtime capacity scheduling</span>
      </label>
      {enabled && (
        <fieldset aria-describedby={problem ? errorId : undefined}>
          <legend>Business Units to offer for realtime scheduling</legend>
          {catalog.businessUnits.map((u) => (
            <label key={u.id} className="choice">
              <input
                type="checkbox"
                checked={units.includes(u.id)}
                onChange={(e) => setUnits(e.target.checked ? [...units, u.id] : units.filter((x) => x !== u.id))}
              />
              <span>{u.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <ProblemMessage problem={problem} id={errorId} />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save and continue'}
      </button>
    </form>
  );
}
