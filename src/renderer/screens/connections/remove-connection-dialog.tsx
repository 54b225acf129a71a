import { useState } from 'react';
import type { ConnectionSummary } from '../../../shared/api/connections.js';
import { getApi } from '../../api/get-api.js';
import { Dialog } from '../../ui/dialog.js';
import { ErrorBanner } from '../../ui/states.js';

/** Asks before removing; the core refuses while rules use the connection, and that message stays in the dialog. */
export function RemoveConnectionDialog({ connection, onClose, onRemoved }: { connection: ConnectionSummary; onClose(): void; onRemoved(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await getApi().removeConnection({ name: connection.name, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      onRemoved();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Remove connection ${connection.name}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} data-testid="remove-confirm">
            {busy ? 'Removing…' : 'Remove'}
          </button>
        </>
      }
    >
      <p className="muted">
        The workspace forgets how to reach <strong>{connection.description}</strong>; the data itself is not touched.
        {connection.ruleCount > 0 && ` ${connection.ruleCount} rule(s) target it: the removal is refused while active or draft rules use it.`}
      </p>
      <label>
        Reason (optional, kept in the audit trail)
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void remove();
          }}
        />
      </label>
      {error && <ErrorBanner error={error} />}
    </Dialog>
  );
}
