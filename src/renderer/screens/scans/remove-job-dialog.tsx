import { useState } from 'react';
import type { JobView } from '../../../shared/api/jobs.js';
import { getApi } from '../../api/get-api.js';
import { Dialog } from '../../ui/dialog.js';
import { ErrorBanner } from '../../ui/states.js';

/** Asks before removing a job; a refusal stays in the dialog. */
export function RemoveJobDialog({ job, onClose, onRemoved }: { job: JobView; onClose(): void; onRemoved(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await getApi().removeJob({ name: job.name });
      onRemoved();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Remove schedule ${job.name}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} data-testid="job-remove-confirm">
            {busy ? 'Removing…' : 'Remove'}
          </button>
        </>
      }
    >
      <p className="muted">
        It stops running ({job.scheduleText}). The scans it already ran, and their violations, stay in the history; the removal is recorded in the audit trail.
      </p>
      {error && <ErrorBanner error={error} />}
    </Dialog>
  );
}
