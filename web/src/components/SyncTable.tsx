// Each sync child's last run, result, writes, backlog and last error (the onboarding state's
// sync section): the partner's live page and the staff console's integration page show it alike.
import { SYNC_CHILDREN, type SyncChild, type SyncHealth } from '../api/views';

const CHILD_NAMES: Record<SyncChild, string> = {
  comfortCredits: 'Comfort Credit balances',
  technicianReminders: 'Technician reminders',
  tagging: 'Tagging SmartAC.com members',
  memberships: 'Memberships',
  visits: 'Visit requests',
};

const RESULT_WORDS: Record<string, { text: string; tone: string }> = {
  ok: { text: 'OK', tone: 'ok' },
  partial: { text: 'Partly done', tone: 'warn' },
  failed: { text: 'Failed', tone: 'bad' },
  paused: { text: 'Paused', tone: 'warn' },
  stopped: { text: 'Stopped', tone: '' },
};

const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function SyncTable({ caption, children }: { caption: string; children: Partial<Record<SyncChild, SyncHealth>> }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Last run</th>
          <th scope="col">Result</th>
          <th scope="col">Writes</th>
          <th scope="col">Backlog</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {SYNC_CHILDREN.map((child) => {
          const h = children[child];
          const result = h?.lastResult ? RESULT_WORDS[h.lastResult] : undefined;
          return (
            <tr key={child}>
              <th scope="row">{CHILD_NAMES[child]}</th>
              <td>{h ? when(h.lastRunAt) : 'Not run yet'}</td>
              <td>{result ? <span className={`pill ${result.tone}`}>{result.text}</span> : '—'}</td>
              <td>{h?.writes ?? 0}</td>
              <td>{h?.backlog ?? 0}</td>
              <td>{h?.lastError ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
