// The staff decisions on a request waiting for review: approve (an optional note for the audit
// trail) or reject (a reason, which the partner is emailed). The API accepts a decision (202) and
// the workflow applies it; the API's refusals show at the field they concern.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context';
import { issueAt, type ApiProblem } from '../../api/errors';
import { outcome } from '../../api/outcome';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';

const PATHS = {
  approve: '/v1/staff/integrations/{partnerId}/approve',
  reject: '/v1/staff/integrations/{partnerId}/reject',
} as const;

interface DecisionProps {
  partnerId: string;
  /** The partner's name, for the button's accessible name. */
  name: string;
  /** The decision was accepted: what to announce. */
  onDecided: (message: string) => void;
}

export function ApproveForm({ partnerId, name, onDecided }: DecisionProps) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await outcome(api.POST(PATHS.approve, { params: { path: { partnerId } }, body: note.trim() ? { note: note.trim() } : {} }));
    setBusy(false);
    if (result.ok) onDecided(`Approved ${name}: the Continue Setup email goes out to the partner.`);
    else setProblem(result.problem);
  };
  const noteError = issueAt(problem, 'body.note');

  return (
    <form className="decision" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Approval note (optional)" hint="Kept in the audit trail." error={noteError}>
        {(control) => <textarea {...control} name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {!noteError && <ProblemMessage problem={problem} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Approving…' : 'Approve'}
        <span className="visually-hidden"> {name}</span>
      </button>
    </form>
  );
}

export function RejectForm({ partnerId, name, onDecided }: DecisionProps) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem({
        status: 0,
        code: 'invalid_request',
        message: 'Enter the reason.',
        issues: [{ path: 'body.reason', message: 'Enter the reason: the partner is emailed it.' }],
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await outcome(api.POST(PATHS.reject, { params: { path: { partnerId } }, body: { reason: reason.trim() } }));
    setBusy(false);
    if (result.ok) onDecided(`Rejected ${name}: the partner is emailed the reason.`);
    else setProblem(result.problem);
  };
  const reasonError = issueAt(problem, 'body.reason');

  return (
    <form className="decision" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Reason for rejecting (required)" hint="The partner is emailed this reason." error={reasonError}>
        {(control) => <textarea {...control} name="reason" rows={2} maxLength={2000} required value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {!reasonError && <ProblemMessage problem={problem} />}
      <button type="submit" className="danger" disabled={busy}>
        {busy ? 'Rejecting…' : 'Reject'}
        <span className="visually-hidden"> {name}</span>
      </button>
    </form>
  );
}
