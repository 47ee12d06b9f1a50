// "Find your ServiceTitan Tenant ID in ServiceTitan and enter in to initialize the integration
// process with SmartAC.com": starts the onboarding (POST …/servicetitan), which staff then review.
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../../api/client';
import { issueAt, type ApiProblem } from '../../api/errors';
import { idempotencyKey, outcome } from '../../api/outcome';
import type { OnboardingState, Prerequisites } from '../../api/views';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { HELP } from './helpLinks';
import { PATH } from './stepProps';

export function TenantStep({
  api,
  partnerId,
  prerequisites,
  onAnswer,
  onBack,
}: {
  api: ApiClient;
  partnerId: string;
  prerequisites: Prerequisites;
  onAnswer: (state: OnboardingState) => void;
  onBack: () => void;
}) {
  const [tenantId, setTenantId] = useState('');
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const tenantError = issueAt(problem, 'body.tenantId') ?? (problem?.code === 'tenant_id' ? problem.message : undefined);
  const emailError = issueAt(problem, 'body.contactEmail');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{1,19}$/.test(tenantId.trim())) {
      setProblem({ status: 0, code: 'tenant_id', message: 'A ServiceTitan Tenant ID is digits only.', issues: [] });
      return;
    }
    setBusy(true);
    const result = await outcome(
      api.POST(PATH.start, {
        params: { path: { partnerId } },
        body: { tenantId: tenantId.trim(), contactEmail: email.trim(), prerequisites: { ...prerequisites, ...REQUIRED } },
        headers: idempotencyKey(),
      }),
    );
    setBusy(false);
    if (result.ok) onAnswer(result.body);
    else setProblem(result.problem);
  };
  const fieldProblem = tenantError || emailError;

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Field
        label="ServiceTitan Tenant ID"
        hint={
          <>
            Find your ServiceTitan Tenant ID in ServiceTitan and enter it to initialize the integration process with SmartAC.com.{' '}
            <a href={HELP.tenantId}>Where can I find my Tenant ID?</a>
          </>
        }
        error={tenantError}
      >
        {(control) => (
          <input {...control} name="tenantId" inputMode="numeric" autoComplete="off" value={tenantId} onChange={(e) => setTenantId(e.target.value)} />
        )}
      </Field>
      <Field label="Email for updates about this integration" hint="We email you here when your integration is ready for the next step." error={emailError}>
        {(control) => <input {...control} type="email" name="contactEmail" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      {!fieldProblem && <ProblemMessage problem={problem} />}
      <p>
        Once submitted, our team will review and enable the integration. This process is manual and not immediate. You will be notified by email when your
        integration is ready for the next step.
      </p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Submit
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          Back to the checklist
        </button>
      </div>
    </form>
  );
}

/** The checklist's required items are confirmed before this step shows (BeforeYouStart). */
const REQUIRED = { maintenancePlansInDashboard: true, maintenancePlansInServiceTitan: true, comfortCreditCustomField: true, tagType: true } as const;
