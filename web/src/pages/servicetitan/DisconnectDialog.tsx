// Disconnect, with confirmation (DELETE …/servicetitan): a modal dialog that names the
// consequence; focus returns to the button that opened it.
import { useId, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { idempotencyKey, outcome } from '../../api/outcome';
import type { OnboardingState } from '../../api/views';
import { ProblemMessage } from '../../components/ProblemMessage';

export function DisconnectDialog({ api, partnerId, onAnswer }: { api: ApiClient; partnerId: string; onAnswer: (state: OnboardingState) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const disconnect = async () => {
    setBusy(true);
    setProblem(null);
    const result = await outcome(
      api.DELETE('/v1/partners/{partnerId}/integrations/servicetitan', {
        params: { path: { partnerId } },
        body: reason.trim() ? { reason: reason.trim() } : {},
        headers: idempotencyKey(),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    dialog.current?.close();
    onAnswer(result.body);
  };

  return (
    <>
      <button ref={opener} type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        Disconnect ServiceTitan
      </button>
      <dialog ref={dialog} onClose={() => opener.current?.focus()} aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
        <h2 id={`${id}-title`}>Disconnect ServiceTitan?</h2>
        <p id={`${id}-text`}>
          SmartAC stops syncing Comfort Credits, reminders, tags, memberships and visits with ServiceTitan, and deletes your stored Client Secret.
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
          <textarea id={`${id}-reason`} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <ProblemMessage problem={problem} />
        <div className="actions">
          <button type="button" className="danger" disabled={busy} onClick={() => void disconnect()}>
            {busy ? 'Disconnecting…' : 'Disconnect'}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
