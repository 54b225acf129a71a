import { useState, type ReactNode } from 'react';
import { Dialog } from '../../ui/dialog.js';
import { ErrorBanner } from '../../ui/states.js';

interface Props {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Whether an empty reason is refused before anything is sent. */
  requireReason: boolean;
  onCancel(): void;
  /** Resolves when done; a rejection is shown inside the dialog, which stays open. */
  onConfirm(reason: string): Promise<void>;
}

/** Asks for a reason (required to dismiss) and shows the core's refusal where it was asked. */
export function ReasonDialog({ title, children, confirmLabel, requireReason, onCancel, onConfirm }: Props) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (requireReason && reason.trim() === '') {
      setProblem('A reason is required: say why (e.g. "approved exception, ticket 123").');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={() => void submit()} disabled={busy} data-testid="reason-confirm">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <label>
        {requireReason ? 'Reason (required)' : 'Note (optional)'}
        <textarea
          rows={3}
          value={reason}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'reason-problem' : undefined}
          data-testid="reason-input"
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            // Enter alone submits; Shift+Enter keeps a new line for a longer note.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
      {problem && (
        <div className="field-error" id="reason-problem" role="alert">
          {problem}
        </div>
      )}
      {error && <ErrorBanner error={error} />}
    </Dialog>
  );
}
