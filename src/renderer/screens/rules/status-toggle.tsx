import { useState } from 'react';
import type { RuleSummary } from '../../../shared/api/rules.js';
import type { RuleStatus } from '../../../shared/rule.js';
import { getApi } from '../../api/get-api.js';

/** Activate or deactivate a rule where it is shown; a refusal is shown right beside the button. */
export function StatusToggle({ ruleId, status, onChanged }: { ruleId: string; status: RuleStatus; onChanged(summary: RuleSummary): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next: RuleStatus = status === 'active' ? 'inactive' : 'active';
  const change = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await getApi().setRuleStatus({ id: ruleId, status: next, reason: next === 'active' ? 'activated in the app' : 'deactivated in the app' }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="status-toggle">
      <button type="button" className="button small" onClick={() => void change()} disabled={busy} data-testid={`rule-toggle-${ruleId}`} aria-label={`${next === 'active' ? 'Activate' : 'Deactivate'} rule ${ruleId}`}>
        {busy ? '…' : next === 'active' ? 'Activate' : 'Deactivate'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
