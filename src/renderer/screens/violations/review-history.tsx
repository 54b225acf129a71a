import type { ReviewEntry } from '../../../shared/api/violations.js';
import { formatTime } from '../../ui/format.js';

const LABELS: Record<ReviewEntry['action'], string> = {
  detected: 'Detected by a scan',
  'resolved-by-scan': 'Resolved by a scan (the record complies now)',
  'reopened-by-scan': 'Reopened by a scan (the record violates again)',
  confirm: 'Confirmed',
  dismiss: 'Dismissed',
  resolve: 'Resolved',
  reopen: 'Reopened',
};

export function ReviewHistory({ entries }: { entries: readonly ReviewEntry[] }) {
  if (entries.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <ol className="review-history" data-testid="detail-history">
      {entries.map((entry, i) => (
        <li key={i}>
          <div>
            <strong>{LABELS[entry.action]}</strong> <span className="muted">by {entry.actor}</span>
          </div>
          <div className="muted" title={entry.at}>
            {formatTime(entry.at)}
          </div>
          {entry.reason && <div className="history-reason">“{entry.reason}”</div>}
        </li>
      ))}
    </ol>
  );
}
