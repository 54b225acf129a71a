import type { RuleCompliance } from '../../../shared/api/dashboard.js';
import { routeHref } from '../../app/router.js';
import { SeverityBadge } from '../../ui/badges.js';
import { formatCount, formatTime } from '../../ui/format.js';

/** The rules with the most open violations; each opens the violations list for that rule. */
export function TopRules({ rules }: { rules: readonly RuleCompliance[] }) {
  const withOpen = rules.filter((r) => r.openViolations > 0);
  if (withOpen.length === 0) return <p className="muted">No open violations. Nice.</p>;
  const max = Math.max(...withOpen.map((r) => r.openViolations));
  return (
    <ol className="top-rules" data-testid="top-rules">
      {withOpen.map((r) => (
        <li key={r.ruleId}>
          <a href={routeHref('violations', [], { rule: r.ruleId, status: 'open' })} className="top-rule-link" data-testid="top-rule">
            <span className="top-rule-title">
              <SeverityBadge severity={r.severity} /> {r.title}
            </span>
            <span className="num top-rule-count">{formatCount(r.openViolations)}</span>
          </a>
          <div className="bar-track thin" aria-hidden="true">
            <div className={`bar-fill sev-fill-${r.severity}`} style={{ width: `${(r.openViolations / max) * 100}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Rules whose last run failed, with the error that says what to fix. */
export function FailedRules({ rules }: { rules: readonly RuleCompliance[] }) {
  if (rules.length === 0) return <p className="muted">Every rule's last run completed.</p>;
  return (
    <ul className="failed-rules" data-testid="failed-rules">
      {rules.map((r) => (
        <li key={r.ruleId}>
          <div>
            <a href={routeHref('rules', [r.ruleId])}>{r.title}</a>{' '}
            {r.lastRunId !== null && (
              <span className="muted">
                in <a href={routeHref('scans', [String(r.lastRunId)])}>run #{r.lastRunId}</a>, {formatTime(r.lastRunAt)}
              </span>
            )}
          </div>
          <div className="field-error">{r.lastError ?? 'Failed without a message.'}</div>
        </li>
      ))}
    </ul>
  );
}
