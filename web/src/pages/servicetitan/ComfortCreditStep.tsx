// "Enter the Custom Field Name you created for Comfort Credits in ServiceTitan and Verify the connection."
import { useId, useState, type FormEvent } from 'react';
import { detailList, issueAt } from '../../api/errors';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { StepProps } from './stepProps';
import { useStepSubmit } from './useStepSubmit';

const PATH = '/v1/partners/{partnerId}/integrations/servicetitan/comfort-credit-field';

export function ComfortCreditStep({ api, partnerId, state, catalog, onAnswer }: StepProps) {
  const step = state.steps.comfortCreditField;
  const [name, setName] = useState(step.input?.customFieldName ?? '');
  const { busy, problem, setProblem, run } = useStepSubmit(onAnswer, 'eligibleServices');
  const listId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setProblem({
        status: 0,
        code: 'invalid_request',
        message: 'Enter the name of the custom field.',
        issues: [{ path: 'body.customFieldName', message: 'Enter the name of the custom field.' }],
      });
      return;
    }
    void run(api.PUT(PATH, { params: { path: { partnerId } }, body: { customFieldName: name.trim() } }));
  };

  const available = detailList(problem, 'availableFields');
  const fieldError =
    issueAt(problem, 'body.customFieldName') ??
    (problem?.step === 'comfortCreditField' ? (
      <>
        <p>{problem.message}</p>
        {available.length > 0 && <p>Custom fields in your ServiceTitan: {available.join(', ')}.</p>}
      </>
    ) : undefined);
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Add a custom field in ServiceTitan for Comfort Credits: this field will store customers&apos; Comfort Credit balances by service location. You can also
        name it to match your company&apos;s brand, such as &ldquo;HVAC Points&rdquo;, etc.
      </p>
      <Field
        label="Comfort Credit custom field name"
        hint="The name of the Custom Field you created for Comfort Credits in ServiceTitan (a number field on locations)."
        error={fieldError}
        result={!problem && step.status === 'verified' ? `Verified: ServiceTitan has the field “${step.input?.customFieldName ?? name}”.` : undefined}
      >
        {(control) => <input {...control} name="customFieldName" list={listId} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <datalist id={listId}>
        {/* ServiceTitan may leave a field unnamed: nothing to offer for it. */}
        {catalog.locationCustomFields.flatMap((f) => (f.name ? [<option key={f.id} value={f.name} />] : []))}
      </datalist>
      {!fieldError && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Verifying…' : 'Verify'}
      </button>
    </form>
  );
}
