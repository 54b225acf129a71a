import { useState } from 'react';
import type { AuditVerdict } from '../../../shared/api/audit.js';
import { getApi } from '../../api/get-api.js';
import { formatTime } from '../../ui/format.js';
import { ErrorBanner } from '../../ui/states.js';
import { verdictMessage } from './audit-query.js';

/** Recomputes every hash of the chain in the core and shows the verdict. */
export function useVerifyChain() {
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setVerdict(await getApi().verifyAudit({}));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return { verdict, error, busy, verify };
}

export function VerifyButton({ busy, onVerify }: { busy: boolean; onVerify(): void }) {
  return (
    <button type="button" className="button primary" onClick={onVerify} disabled={busy} data-testid="verify-chain">
      {busy ? 'Verifying…' : 'Verify chain'}
    </button>
  );
}

export function VerdictBanner({ verdict, error, onRetry }: { verdict: AuditVerdict | null; error: Error | null; onRetry(): void }) {
  if (error) return <ErrorBanner error={error} onRetry={onRetry} />;
  if (!verdict) return null;
  return (
    <div className={verdict.ok ? 'ok-banner' : 'error-banner'} role={verdict.ok ? 'status' : 'alert'} data-testid="verify-verdict" data-ok={String(verdict.ok)}>
      <span>
        {verdict.ok ? '✓ ' : '✗ '}
        {verdictMessage(verdict)}
      </span>{' '}
      <span className="muted verdict-time">checked {formatTime(verdict.checkedAt)}</span>
    </div>
  );
}
