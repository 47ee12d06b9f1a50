// "Complete your job type mapping by selecting the ServiceTitan Business Unit & Job Type for the
// corresponding Trade & Trade Conditions." Only allowed pairs are offered: a Job Type lists the
// Business Units it may be used in (none listed: any).
import { useState, type FormEvent } from 'react';
import type { Catalog } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StepStatus } from '../../components/StepStatus';
import type { StepProps } from './stepProps';
import { concerns, useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/job-type-mappings';

interface Row {
  businessUnitId: string;
  jobTypeId: string;
}

export const jobTypesIn = (catalog: Catalog, businessUnitId: number) =>
  catalog.jobTypes.filter((j) => j.businessUnitIds.length === 0 || j.businessUnitIds.includes(businessUnitId));

export function JobTypeMappingStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const saved = new Map((state.steps.jobTypeMappings.input?.mappings ?? []).map((m) => [m.tradeConditionId, m]));
  const [rows, setRows] = useState<Record<string, Row>>(
    Object.fromEntries(
      catalog.tradeConditions.map((c) => {
        const m = saved.get(c.id);
        return [c.id, { businessUnitId: m ? String(m.businessUnitId) : '', jobTypeId: m ? String(m.jobTypeId) : '' }];
      }),
    ),
  );
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'comfortCreditField');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const open = catalog.tradeConditions.filter((c) => !rows[c.id]?.businessUnitId || !rows[c.id]?.jobTypeId);
    if (open.length) {
      setProblem({
        status: 0,
        code: 'unmapped_trade_conditions',
        message: 'Choose a Business Unit and a Job Type.',
        details: { tradeConditionIds: open.map((c) => c.id) },
        issues: [],
      });
      return;
    }
    const mappings = catalog.tradeConditions.map((c) => ({
      tradeConditionId: c.id,
      businessUnitId: Number(rows[c.id]?.businessUnitId),
      jobTypeId: Number(rows[c.id]?.jobTypeId),
    }));
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { mappings } }));
  };

  const set = (id: string, row: Row) => setRows({ ...rows, [id]: row });
  const atRow = (id: string) => concerns(problem, 'tradeConditionId', id);
  const rowLevel = catalog.tradeConditions.some((c) => atRow(c.id));
  const trades = [...new Set(catalog.tradeConditions.map((c) => c.trade))];
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Select the ServiceTitan Business Unit &amp; Job Type for each Trade &amp; Trade Condition. Only Job Types allowed in the chosen Business Unit are
        offered.
      </p>
      <StepStatus step={state.steps.jobTypeMappings} />
      {trades.map((trade) => (
        <fieldset key={trade}>
          <legend>{trade}</legend>
          {catalog.tradeConditions
            .filter((c) => c.trade === trade)
            .map((c) => {
              const row = rows[c.id] ?? { businessUnitId: '', jobTypeId: '' };
              const errorId = `jt-${c.id}-error`;
              const error = atRow(c.id) ? problem?.message : undefined;
              const control = { 'aria-describedby': error ? errorId : undefined, 'aria-invalid': error ? true : undefined };
              const allowed = row.businessUnitId ? jobTypesIn(catalog, Number(row.businessUnitId)) : [];
              return (
                <div key={c.id} className="mapping-row" role="group" aria-label={c.label}>
                  <p className="label">{c.label}</p>
                  <div className="field">
                    <label htmlFor={`jt-${c.id}-bu`}>Business Unit for {c.label}</label>
                    <select
                      id={`jt-${c.id}-bu`}
                      {...control}
                      value={row.businessUnitId}
                      onChange={(e) => {
                        const stillAllowed = e.target.value && jobTypesIn(catalog, Number(e.target.value)).some((j) => String(j.id) === row.jobTypeId);
                        set(c.id, { businessUnitId: e.target.value, jobTypeId: stillAllowed ? row.jobTypeId : '' });
                      }}
                    >
                      <option value="">Choose a Business Unit…</option>
                      {catalog.businessUnits.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`jt-${c.id}-jt`}>Job Type for {c.label}</label>
                    <select
                      id={`jt-${c.id}-jt`}
                      {...control}
                      value={row.jobTypeId}
                      disabled={!row.businessUnitId}
                      onChange={(e) => set(c.id, { ...row, jobTypeId: e.target.value })}
                    >
                      <option value="">{row.businessUnitId ? 'Choose a Job Type…' : 'Choose a Business Unit first'}</option>
                      {allowed.map((j) => (
                        <option key={j.id} value={j.id}>
                          {j.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  {error && (
                    <p id={errorId} className="error" role="alert">
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
        </fieldset>
      ))}
      {!rowLevel && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Verifying…' : 'Save and continue'}
      </button>
    </form>
  );
}
