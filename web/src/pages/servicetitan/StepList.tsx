// Progress, always visible: every step of the guide with how far along it is.
import type { OnboardingState } from '../../api/views';
import { Link, withQuery, type Location } from '../../router';
import { ALL_STEPS, canOpen, progressOf, STEP_TITLES, type StepKey, type StepProgress } from './steps';

const WORDS: Record<StepProgress, string> = {
  done: 'Done',
  current: 'Current step',
  failed: 'Needs a fix',
  waiting: 'Waiting for SmartAC',
  todo: 'To do',
};

export function StepList({ state, current, location }: { state: OnboardingState | null; current: StepKey; location: Location }) {
  return (
    <nav className="steps" aria-label="Setup progress">
      <ol>
        {ALL_STEPS.map((key) => {
          const progress = progressOf(key, state, current);
          const title = STEP_TITLES[key];
          return (
            <li key={key} aria-current={key === current ? 'step' : undefined}>
              {canOpen(key, state) && key !== current ? <Link to={withQuery(location, { step: key })}>{title}</Link> : <span>{title}</span>}
              <span className={`status ${progress}`}>{WORDS[progress]}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
