import { useRef, useState } from 'react';
import type { ReviewAction, ViolationFilter } from '../../../shared/api/violations.js';
import { getApi } from '../../api/get-api.js';
import { useApiEvent } from '../../api/use-api-query.js';
import { Dialog } from '../../ui/dialog.js';
import { formatCount } from '../../ui/format.js';
import { ErrorBanner } from '../../ui/states.js';
import { actionLabel, bulkSummary, reasonProblem, REVIEW_ACTIONS } from './review-actions.js';
import { describeFilter } from './violation-filters.js';

interface Props {
  filter: ViolationFilter;
  total: number | null;
}

/** One review applied to every violation the current filter matches, after saying how many. */
export function BulkReview({ filter, total }: Props) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="button" disabled={!total} onClick={() => setOpen(true)} data-testid="bulk-review">
        Review all {formatCount(total ?? 0)} matching…
      </button>
      {result && (
        <div className="ok-banner bulk-result" role="status" data-testid="bulk-result">
          {result}{' '}
          <button type="button" className="button ghost small" onClick={() => setResult(null)} aria-label="Hide this message">
            ✕
          </button>
        </div>
      )}
      {open && total !== null && (
        <BulkDialog
          filter={filter}
          total={total}
          onClose={() => setOpen(false)}
          onDone={(text) => {
            setOpen(false);
            setResult(text);
          }}
        />
      )}
    </>
  );
}

function BulkDialog({ filter, total, onClose, onDone }: { filter: ViolationFilter; total: number; onClose(): void; onDone(text: string): void }) {
  const [action, setAction] = useState<ReviewAction>(filter.status === 'dismissed' || filter.status === 'resolved' ? 'reopen' : 'confirm');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const [stopping, setStopping] = useState(false);
  const request = useRef<string | null>(null);

  useApiEvent((event) => {
    if (event.type === 'review.progress' && event.requestId === request.current) setDone(event.updated);
  });

  const submit = async () => {
    const p = reasonProblem(action, reason);
    if (p) return setProblem(p);
    setBusy(true);
    setError(null);
    setDone(0);
    const requestId = `bulk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    request.current = requestId;
    try {
      const answer = await getApi().bulkReview({ filter, action, requestId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      onDone(bulkSummary(action, answer));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    } finally {
      request.current = null;
      setStopping(false);
    }
  };

  const stop = () => {
    if (!request.current) return;
    setStopping(true);
    void getApi()
      .cancelBulkReview({ requestId: request.current })
      .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
  };
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;

  return (
    <Dialog
      title="Review every matching violation"
      onClose={busy ? () => undefined : onClose}
      actions={
        <>
          {busy ? (
            <button type="button" className="button" onClick={stop} disabled={stopping} data-testid="bulk-stop">
              {stopping ? 'Stopping…' : 'Stop'}
            </button>
          ) : (
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="button" className="button primary" onClick={() => void submit()} disabled={busy} data-testid="bulk-confirm">
            {busy ? 'Working…' : `${actionLabel(action).replace('…', '')} ${formatCount(total)}`}
          </button>
        </>
      }
    >
      <p>
        This applies to <strong data-testid="bulk-count">{formatCount(total)}</strong> {total === 1 ? 'violation' : 'violations'} ({describeFilter(filter)}). Those whose
        status does not allow the action are skipped.
      </p>
      <label>
        Action
        <select value={action} disabled={busy} onChange={(e) => setAction(e.target.value as ReviewAction)} data-testid="bulk-action">
          {REVIEW_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a).replace('…', '')}
            </option>
          ))}
        </select>
      </label>
      <label>
        {action === 'dismiss' ? 'Reason (required)' : 'Note (optional)'}
        <textarea
          rows={3}
          value={reason}
          disabled={busy}
          aria-invalid={problem ? true : undefined}
          data-testid="bulk-reason"
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      {busy && (
        <div className="bulk-progress" aria-live="polite">
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Review progress">
            <div style={{ width: `${percent}%` }} />
          </div>
          <div className="muted" data-testid="bulk-progress-text">
            {formatCount(done)} of up to {formatCount(total)} reviewed. Stopping keeps what is done; the rest stay as they are.
          </div>
        </div>
      )}
      {error && <ErrorBanner error={error} />}
    </Dialog>
  );
}
