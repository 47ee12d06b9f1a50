// Sends one step's answer and keeps what the page shows meanwhile: busy, then the answer (to the
// page, which moves on) or the problem (to the step, which shows it at its field).
import { useState } from 'react';
import type { ApiProblem } from '../../api/errors';
import { outcome, type Settled } from '../../api/outcome';
import type { OnboardingState } from '../../api/views';
import type { StepKey } from './steps';

/** Each step's answer is the whole onboarding state, carrying the step's result and nextAction. */
export function useStepSubmit(onAnswer: (state: OnboardingState, next?: StepKey) => void, next: StepKey) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const run = async (call: Promise<Settled<OnboardingState>>) => {
    setBusy(true);
    setProblem(null);
    const result = await outcome(call);
    setBusy(false);
    if (result.ok) onAnswer(result.body, next);
    else setProblem(result.problem);
  };
  return { busy, problem, setProblem, run };
}

/** A detail of the problem that names one item (e.g. tradeConditionId), to show the problem at it. */
export function concerns(problem: ApiProblem | null, key: string, value: string | number): boolean {
  const details = problem?.details;
  if (!details) return false;
  const single = details[key];
  const many = details[`${key}s`];
  return single === value || (Array.isArray(many) && many.includes(value));
}
