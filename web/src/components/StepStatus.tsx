// A step's saved result from the onboarding state: verified when, or why it failed last time.
import type { StepState } from '../api/views';

export function StepStatus({ step }: { step: StepState }) {
  if (step.status === 'verified' && step.verifiedAt)
    return (
      <p className="success" role="status">
        Verified with ServiceTitan {new Date(step.verifiedAt).toLocaleString()}.
      </p>
    );
  return null;
}
