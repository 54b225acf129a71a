import { useState } from 'react';
import type { ReviewAction, ViolationStatus } from '../../../shared/api/violations.js';
import { ErrorBanner } from '../../ui/states.js';
import { actionLabel, allowedActions } from './review-actions.js';
import { ReasonDialog } from './reason-dialog.js';

interface Props {
  id: number;
  status: ViolationStatus;
  onReview(action: ReviewAction, reason?: string): Promise<void>;
}

/** Only the moves the status allows; dismissing asks for a reason first. */
export function ReviewButtons({ id, status, onReview }: Props) {
  const [busy, setBusy] = useState<ReviewAction | null>(null);
  const [dismissing, setDismissing] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const run = async (action: ReviewAction) => {
    setBusy(action);
    setError(null);
    try {
      await onReview(action);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
    <div className="row review-buttons">
      {allowedActions(status).map((action) => (
        <button
          key={action}
          type="button"
          className={`button small${action === 'confirm' ? ' primary' : ''}${action === 'dismiss' ? ' danger' : ''}`}
          disabled={busy !== null}
          data-testid={`review-${action}`}
          onClick={() => (action === 'dismiss' ? setDismissing(true) : void run(action))}
        >
          {busy === action ? 'Working…' : actionLabel(action)}
        </button>
      ))}
      {dismissing && (
        <ReasonDialog
          title={`Dismiss violation #${id}`}
          confirmLabel="Dismiss"
          requireReason
          onCancel={() => setDismissing(false)}
          onConfirm={async (reason) => {
            await onReview('dismiss', reason);
            setDismissing(false);
          }}
        >
          <p className="muted">A dismissed violation stays in the workspace with your reason, and the audit trail records who dismissed it.</p>
        </ReasonDialog>
      )}
    </div>
    {error && <ErrorBanner error={error} />}
    </>
  );
}
