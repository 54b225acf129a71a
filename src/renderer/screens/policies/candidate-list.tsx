import type { CandidateView, PolicySummary } from '../../../shared/api/policies.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { formatPercent } from '../../ui/format.js';
import { STATUS_FILTERS, type StatusFilter } from './candidate-selection.js';

interface Props {
  candidates: CandidateView[];
  counts: PolicySummary['candidates'];
  status: StatusFilter;
  selectedId: string | null;
  onStatus(status: StatusFilter): void;
  onSelect(candidate: CandidateView): void;
}

const FILTER_LABELS: Record<StatusFilter, string> = { all: 'All', pending: 'Pending', accepted: 'Accepted', rejected: 'Rejected' };

/** The candidates of one policy, filterable by status; choosing one shows its page. */
export function CandidateList({ candidates, counts, status, selectedId, onStatus, onSelect }: Props) {
  const total = counts.pending + counts.accepted + counts.rejected;
  const countOf = (f: StatusFilter) => (f === 'all' ? total : counts[f]);
  return (
    <div className="card candidate-panel">
      <div className="candidate-filters" role="group" aria-label="Show candidates">
        {STATUS_FILTERS.map((f) => (
          <button key={f} type="button" className={`button small${status === f ? ' primary' : ''}`} aria-pressed={status === f} onClick={() => onStatus(f)} data-testid={`candidate-filter-${f}`}>
            {FILTER_LABELS[f]} ({countOf(f)})
          </button>
        ))}
      </div>
      {candidates.length === 0 ? (
        <p className="muted candidate-empty" data-testid="candidates-empty">
          {total === 0
            ? 'No rule-like sentence was found in this policy. A scanned PDF has no text to read; try the local model extractor, or write rules by hand.'
            : `No ${status} candidate. Choose another filter above.`}
        </p>
      ) : (
        <ul className="candidate-list" data-testid="candidate-list">
          {candidates.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`candidate-item${c.id === selectedId ? ' selected' : ''}`}
                aria-current={c.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(c)}
                data-testid="candidate-item"
                data-candidate-id={c.id}
                data-status={c.status}
              >
                <span className="candidate-title">{c.title}</span>
                <span className="candidate-meta">
                  <SeverityBadge severity={c.severity} />
                  <StatusBadge status={c.status} />
                  <span className="muted" title="How sure the extractor is">
                    {formatPercent(c.confidence, 0)}
                  </span>
                  <span className="muted">p. {c.page}</span>
                  {c.status === 'pending' && (c.draft === null || c.problems.length > 0) && (
                    <span className="candidate-warning" title={c.problems.join('\n') || 'Not mapped onto a table'}>
                      ⚠ {c.draft === null ? 'unmapped' : 'problems'}
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
