// Submitted: SmartAC staff review each request by hand; the partner learns what happens next.
import type { OnboardingState } from '../../api/views';

export function UnderReview({ state, onCheck }: { state: OnboardingState; onCheck: () => void }) {
  return (
    <>
      <p className="banner info">
        Your request for ServiceTitan tenant {state.tenantId} was submitted on {new Date(state.startedAt).toLocaleString()} and is under review.
      </p>
      <h3>What happens next</h3>
      <ol>
        <li>Our team will review and enable the integration. This process is manual and not immediate.</li>
        <li>You will be notified by email ({state.contactEmail}) when your integration is ready for the next step.</li>
        <li>
          The email&apos;s &ldquo;Continue Setup&rdquo; button brings you back here to connect the SmartAC.com app in ServiceTitan (Integrations &gt; API
          Application Access) and enter your Client ID and Client Secret.
        </li>
      </ol>
      <button type="button" className="secondary" onClick={onCheck}>
        Check the status again
      </button>
    </>
  );
}
