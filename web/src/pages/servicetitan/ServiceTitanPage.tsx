// Settings > Integrations > ServiceTitan: the setup guide step by step, then the live integration.
// Which step shows follows from the onboarding state and the `step` query (steps.ts).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSignedIn } from '../../signed-in';
import { useApi } from '../../api/context';
import type { OnboardingState, Prerequisites } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Link, navigate, useLocation, withQuery } from '../../router';
import { BeforeYouStart } from './BeforeYouStart';
import { CampaignStep } from './CampaignStep';
import { CapacityStep } from './CapacityStep';
import { ComfortCreditStep } from './ComfortCreditStep';
import { CredentialsStep } from './CredentialsStep';
import { EligibleServicesStep } from './EligibleServicesStep';
import { JobTypeMappingStep } from './JobTypeMappingStep';
import { LiveIntegration } from './LiveIntegration';
import { PlanMappingStep } from './PlanMappingStep';
import { StepList } from './StepList';
import { currentStep, hasRun, STEP_TITLES, type StepKey } from './steps';
import { SubmitStep } from './SubmitStep';
import { SystemRemindersStep } from './SystemRemindersStep';
import { TagStep } from './TagStep';
import { TenantStep } from './TenantStep';
import { UnderReview } from './UnderReview';
import { useCatalog, useOnboardingState, usePolling } from './useIntegration';
import type { StepProps } from './stepProps';

const STATUS_WORDS: Record<string, string> = {
  AWAITING_REVIEW: 'Under review',
  AWAITING_CREDENTIALS: 'Approved: connect ServiceTitan',
  CONFIGURING: 'Setting up',
  ACTIVE: 'Live',
  NEEDS_ATTENTION: 'Needs attention',
  REJECTED: 'Not approved',
  EXPIRED: 'Expired',
  DISCONNECTED: 'Disconnected',
};

export function ServiceTitanPage() {
  const { session } = useSignedIn();
  const location = useLocation();
  // A partner works on their own integration; staff open one by ?partnerId=.
  const partnerId = session.partnerId ?? location.query.get('partnerId');
  if (!partnerId)
    return (
      <Frame>
        <p>
          Open an integration from the <Link to="/staff/integrations">staff console</Link>.
        </p>
      </Frame>
    );
  return <Guide partnerId={partnerId} />;
}

function Frame({ children, status }: { children: ReactNode; status?: string }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/settings/integrations">Settings</Link>
          </li>
          <li>
            <Link to="/settings/integrations">Integrations</Link>
          </li>
          <li aria-current="page">ServiceTitan</li>
        </ol>
      </nav>
      <h1>ServiceTitan</h1>
      <p role="status" className="muted">
        {status ? `Status: ${status}` : ''}
      </p>
      {children}
    </>
  );
}

function Guide({ partnerId }: { partnerId: string }) {
  const api = useApi();
  const location = useLocation();
  const { loaded, reload, setState } = useOnboardingState(api, partnerId);
  const state = loaded.kind === 'ready' ? loaded.value : null;
  const [prerequisites, setPrerequisites] = useState<Prerequisites | null>(null);
  // The checklist's answers live in this page only: a reload at the Tenant ID step asks them again.
  const asked = location.query.get('step');
  const current = currentStep(state, asked === 'tenant' && !prerequisites ? null : asked);
  const catalogWanted = current !== 'live' && state?.status === 'CONFIGURING';
  const catalog = useCatalog(api, partnerId, catalogWanted);
  usePolling(state?.status === 'AWAITING_REVIEW', 15_000, reload);

  // Focus moves to the new step's heading, so keyboard and screen reader users start there.
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef<StepKey | null>(null);
  useEffect(() => {
    if (loaded.kind !== 'ready') return;
    if (shown.current !== null && shown.current !== current) heading.current?.focus();
    shown.current = current;
  }, [current, loaded.kind]);

  const go = (key: StepKey) => navigate(withQuery(location, { step: key }));
  // Every answer (start, credentials, each step, submit, disconnect) is the whole state.
  const onAnswer = (answer: OnboardingState, next?: StepKey) => {
    setState(answer);
    if (next) go(next);
  };

  if (loaded.kind === 'loading')
    return (
      <Frame>
        <p role="status">Loading your ServiceTitan integration…</p>
      </Frame>
    );
  if (loaded.kind === 'error')
    return (
      <Frame>
        <ProblemMessage problem={loaded.problem} />
        <button type="button" onClick={() => void reload()}>
          Try again
        </button>
      </Frame>
    );

  let panel: ReactNode;
  if (current === 'before')
    panel = (
      <BeforeYouStart
        initial={prerequisites}
        onContinue={(p) => {
          setPrerequisites(p);
          go('tenant');
        }}
        previous={state}
      />
    );
  else if (current === 'tenant' && prerequisites)
    panel = (
      <TenantStep api={api} partnerId={partnerId} prerequisites={prerequisites} onAnswer={(body) => onAnswer(body, 'review')} onBack={() => go('before')} />
    );
  else if (!state) panel = null;
  else if (current === 'review') panel = <UnderReview state={state} onCheck={() => void reload()} />;
  else if (current === 'credentials')
    panel = <CredentialsStep api={api} partnerId={partnerId} state={state} onAnswer={(body) => onAnswer(body, 'planMappings')} />;
  else if (current === 'live') panel = <LiveIntegration api={api} partnerId={partnerId} state={state} onAnswer={onAnswer} />;
  else if (catalog.loaded?.kind === 'error')
    panel = (
      <>
        <p>The choices from your ServiceTitan could not be read.</p>
        <ProblemMessage problem={catalog.loaded.problem} />
        <button type="button" onClick={() => void catalog.reload()}>
          Try again
        </button>
      </>
    );
  else if (catalog.loaded?.kind !== 'ready') panel = <p role="status">Reading your ServiceTitan settings…</p>;
  else {
    const props: StepProps = { api, partnerId, state, catalog: catalog.loaded.value, onAnswer };
    panel = configPanel(current, props, go);
  }

  return (
    <Frame status={state ? STATUS_WORDS[state.status] : undefined}>
      {hasRun(state) && state.status !== 'ACTIVE' && <p className="muted">Next: {state.nextAction}</p>}
      <div className={current === 'live' ? '' : 'layout'}>
        {current !== 'live' && <StepList state={state} current={current} location={location} />}
        <section className="panel" aria-labelledby="step-heading">
          <h2 id="step-heading" ref={heading} tabIndex={-1}>
            {STEP_TITLES[current]}
          </h2>
          {panel}
        </section>
      </div>
    </Frame>
  );
}

function configPanel(current: StepKey, props: StepProps, go: (key: StepKey) => void): ReactNode {
  switch (current) {
    case 'planMappings':
      return <PlanMappingStep {...props} />;
    case 'jobTypeMappings':
      return <JobTypeMappingStep {...props} />;
    case 'comfortCreditField':
      return <ComfortCreditStep {...props} />;
    case 'eligibleServices':
      return <EligibleServicesStep {...props} />;
    case 'tag':
      return <TagStep {...props} />;
    case 'campaign':
      return <CampaignStep {...props} />;
    case 'systemReminders':
      return <SystemRemindersStep onContinue={() => go('capacityScheduling')} />;
    case 'capacityScheduling':
      return <CapacityStep {...props} />;
    default:
      return <SubmitStep {...props} onOpen={go} />;
  }
}
