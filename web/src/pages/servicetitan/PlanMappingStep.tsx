// "Map the maintenance plans you set up in SmartAC.com to the equivalent plans in ServiceTitan."
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StepStatus } from '../../components/StepStatus';
import type { StepProps } from './stepProps';
import { concerns, useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/plan-mappings';

export function PlanMappingStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const saved = new Map((state.steps.planMappings.input?.mappings ?? []).map((m) => [m.planId, m.membershipTypeId]));
  const [chosen, setChosen] = useState<Record<string, string>>(Object.fromEntries(catalog.plans.map((p) => [p.id, String(saved.get(p.id) ?? '')])));
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'jobTypeMappings');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const open = catalog.plans.filter((p) => !chosen[p.id]);
    if (open.length) {
      setProblem({
        status: 0,
        code: 'unmapped_plans',
        message: 'Choose a ServiceTitan membership for this plan.',
        details: { planIds: open.map((p) => p.id) },
        issues: [],
      });
      return;
    }
    const mappings = catalog.plans.map((p) => ({ planId: p.id, membershipTypeId: Number(chosen[p.id]) }));
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { mappings } }));
  };

  if (catalog.plans.length === 0)
    return (
      <p className="banner warn">
        You have no active Smart Maintenance plans in the Partner Dashboard yet. Set them up there first, then come back to this step.
      </p>
    );
  const atRow = (planId: string) => concerns(problem, 'planId', planId);
  const rowLevel = catalog.plans.some((p) => atRow(p.id));
  return (
    <form onSubmit={submit} noValidate>
      <p>Map the maintenance plans you set up in SmartAC.com to the equivalent plans (membership types) in ServiceTitan.</p>
      <StepStatus step={state.steps.planMappings} />
      {catalog.plans.map((plan) => (
        <Field key={plan.id} label={`ServiceTitan membership for the SmartAC plan “${plan.name}”`} error={atRow(plan.id) ? problem?.message : undefined}>
          {(control) => (
            <select {...control} value={chosen[plan.id] ?? ''} onChange={(e) => setChosen({ ...chosen, [plan.id]: e.target.value })}>
              <option value="">Choose a membership type…</option>
              {catalog.membershipTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      {!rowLevel && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Verifying…' : 'Save and continue'}
      </button>
    </form>
  );
}
