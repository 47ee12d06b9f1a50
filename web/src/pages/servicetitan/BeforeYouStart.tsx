// The guide's "Before you start": what must exist in the Partner Dashboard and in ServiceTitan
// before setup can begin, in the guide's words. The first four are required (the API refuses a
// start without them); the others are recommended or optional.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { OnboardingState, Prerequisites } from '../../api/views';
import { HELP } from './helpLinks';

type Key = keyof Prerequisites;
interface Item {
  key: Key;
  required: boolean;
  label: string;
  explanation?: ReactNode;
}

const ITEMS: Item[] = [
  { key: 'maintenancePlansInDashboard', required: true, label: 'Smart Maintenance plans should be set up in the Partner Dashboard' },
  { key: 'maintenancePlansInServiceTitan', required: true, label: 'Smart Maintenance plans should be set up in ServiceTitan' },
  {
    key: 'comfortCreditCustomField',
    required: true,
    label: 'Add a custom field for Comfort Credit into ServiceTitan',
    explanation: (
      <>
        This field will store customers&apos; Comfort Credit balances per service location. You can also name it to match your company&apos;s brand, such as
        &ldquo;HVAC Points&rdquo;, etc. Note: As of February 2026, Comfort Credits accumulate by service location, allowing homeowners with multiple properties
        to track credits separately for each location.
      </>
    ),
  },
  {
    key: 'tagType',
    required: true,
    label: 'Create a Tag Type in ServiceTitan',
    explanation: <>This tag will associate customers, bookings, and jobs with SmartAC.com. A suggested name is &ldquo;SmartAC.com&rdquo;.</>,
  },
  {
    key: 'campaignCodes',
    required: false,
    label: '(Optional but recommended) Set up Campaign Codes in ServiceTitan',
    explanation: <>Campaign Codes track SmartAC-generated jobs for reporting and ROI purposes — this is separate from your SmartAC Tag.</>,
  },
  {
    key: 'adjustableCapacityPlanning',
    required: false,
    label: 'If you want real time scheduling for members from the SmartAC.com app, set up Adjustable Capacity Planning (ACP) in ServiceTitan',
    explanation: (
      <>
        See <a href={HELP.capacityPlanning}>how to set up Adjustable Capacity Planning</a> (ServiceTitan help).
      </>
    ),
  },
];

const NONE: Prerequisites = {
  maintenancePlansInDashboard: false,
  maintenancePlansInServiceTitan: false,
  comfortCreditCustomField: false,
  tagType: false,
  campaignCodes: false,
  adjustableCapacityPlanning: false,
};

export function BeforeYouStart({
  initial,
  onContinue,
  previous,
}: {
  initial: Prerequisites | null;
  onContinue: (p: Prerequisites) => void;
  /** A finished earlier setup (rejected, expired, disconnected): what it says to do now. */
  previous: OnboardingState | null;
}) {
  const [checked, setChecked] = useState<Prerequisites>(initial ?? NONE);
  const [missing, setMissing] = useState<Item[]>([]);
  const id = useId();
  const errorId = `${id}-error`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const open = ITEMS.filter((item) => item.required && !checked[item.key]);
    setMissing(open);
    if (open.length === 0) onContinue(checked);
  };

  return (
    <>
      {previous && <p className="banner warn">{previous.nextAction}</p>}
      <p>Before you connect ServiceTitan, make sure these are in place. Tick each one that is done.</p>
      <form onSubmit={submit} noValidate>
        <fieldset aria-describedby={missing.length ? errorId : undefined}>
          <legend>Checklist</legend>
          <ul className="checklist plain">
            {ITEMS.map((item) => {
              const hintId = `${id}-${item.key}-hint`;
              return (
                <li key={item.key}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={checked[item.key]}
                      onChange={(e) => setChecked({ ...checked, [item.key]: e.target.checked })}
                      aria-describedby={item.explanation ? hintId : undefined}
                      aria-invalid={missing.includes(item) ? true : undefined}
                    />
                    <span>
                      {item.label}
                      {item.required ? ' (required)' : ''}
                    </span>
                  </label>
                  {item.explanation && (
                    <p id={hintId} className="hint indent">
                      {item.explanation}
                    </p>
                  )}
                </li>
              );
            })}
            <li>
              <p className="indent">
                Find your ServiceTitan Tenant ID to input during setup:{' '}
                <a href={HELP.tenantId}>where can I find my Tenant ID for integrations in ServiceTitan?</a>
              </p>
            </li>
          </ul>
          {missing.length > 0 && (
            <div id={errorId} className="error" role="alert">
              <p>These must be done before you can start:</p>
              <ul>
                {missing.map((item) => (
                  <li key={item.key}>{item.label}</li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>
        <button type="submit">Continue</button>
      </form>
    </>
  );
}
