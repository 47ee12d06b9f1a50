// "Enter the name of your SmartAC.com Tag and Verify the connection."
import { useId, useState, type FormEvent } from 'react';
import { issueAt } from '../../api/errors';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { StepProps } from './stepProps';
import { useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/tag';

export function TagStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const step = state.steps.tag;
  const [name, setName] = useState(step.input?.tagName ?? 'SmartAC.com');
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'campaign');
  const listId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setProblem({
        status: 0,
        code: 'invalid_request',
        message: 'Enter the name of your tag.',
        issues: [{ path: 'body.tagName', message: 'Enter the name of your tag.' }],
      });
      return;
    }
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { tagName: name.trim() } }));
  };

  const fieldError = issueAt(problem, 'body.tagName') ?? (problem?.step === 'tag' ? problem.message : undefined);
  return (
    <form onSubmit={submit} noValidate>
      <p>The Tag Type you created in ServiceTitan associates customers, bookings, and jobs with SmartAC.com.</p>
      <Field
        label="SmartAC.com tag name"
        hint="The name of the Tag Type you created in ServiceTitan (suggested: “SmartAC.com”)."
        error={fieldError}
        result={!problem && step.status === 'verified' ? `Verified: ServiceTitan has the tag type “${step.input?.tagName ?? name}”.` : undefined}
      >
        {(control) => <input {...control} name="tagName" list={listId} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <datalist id={listId}>
        {catalog.tagTypes.map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
      {!fieldError && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Verifying…' : 'Verify'}
      </button>
    </form>
  );
}
