// (Optional but recommended) the Campaign Code that tracks SmartAC-generated jobs for reporting
// and ROI — separate from the SmartAC Tag.
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StepStatus } from '../../components/StepStatus';
import type { StepProps } from './stepProps';
import { useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/campaign';

export function CampaignStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const saved = state.steps.campaign.input?.campaignId;
  const [campaignId, setCampaignId] = useState(saved ? String(saved) : '');
  const { busy, problem, run } = useStepSubmit(onAnswer, 'systemReminders');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { campaignId: campaignId ? Number(campaignId) : null } }));
  };

  const fieldError = problem?.step === 'campaign' ? problem.message : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Optional but recommended: choose the ServiceTitan Campaign Code that tracks SmartAC-generated jobs for reporting and ROI purposes. This is separate from
        your SmartAC Tag.
      </p>
      <StepStatus step={state.steps.campaign} />
      <Field label="Campaign for SmartAC-generated jobs" error={fieldError}>
        {(control) => (
          <select {...control} value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
            <option value="">No campaign</option>
            {catalog.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!fieldError && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save and continue'}
      </button>
    </form>
  );
}
