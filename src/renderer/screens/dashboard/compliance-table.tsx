import type { RuleCompliance } from '../../../shared/api/dashboard.js';
import { routeHref } from '../../app/router.js';
import { SeverityBadge } from '../../ui/badges.js';
import { formatCount, formatPercent } from '../../ui/format.js';
import { complianceBand, complianceNote, sortByCompliance } from './compliance.js';

/** Records passing ÷ records in scope for each active rule, worst first, as a bar. */
export function ComplianceTable({ rules }: { rules: readonly RuleCompliance[] }) {
  return (
    <table className="table compliance-table" data-testid="compliance-table">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Severity</th>
          <th scope="col" className="compliance-col">
            Compliance
          </th>
          <th scope="col" className="num">
            Passing / in scope
          </th>
          <th scope="col" className="num">
            Open
          </th>
        </tr>
      </thead>
      <tbody>
        {sortByCompliance(rules).map((rule) => {
          const note = complianceNote(rule);
          const band = complianceBand(rule.complianceRate);
          return (
            <tr key={rule.ruleId} data-testid="compliance-row" data-rule={rule.ruleId}>
              <td>
                <a href={routeHref('rules', [rule.ruleId])}>{rule.title}</a>
              </td>
              <td>
                <SeverityBadge severity={rule.severity} />
              </td>
              <td className="compliance-col">
                {note ? (
                  <span className={`muted compliance-note${rule.lastRunStatus === 'failed' ? ' failed' : ''}`}>{note}</span>
                ) : (
                  <div className="compliance-bar" title={formatPercent(rule.complianceRate, 2)}>
                    <div className="bar-track" aria-hidden="true">
                      <div className={`bar-fill band-${band}`} style={{ width: `${Math.max(0.5, (rule.complianceRate ?? 0) * 100)}%` }} />
                    </div>
                    <span className="bar-value">{formatPercent(rule.complianceRate)}</span>
                  </div>
                )}
              </td>
              <td className="num muted">
                {rule.recordsInScope === null ? '—' : `${formatCount(rule.recordsPassing)} / ${formatCount(rule.recordsInScope)}`}
              </td>
              <td className="num">
                {rule.openViolations > 0 ? <a href={routeHref('violations', [], { rule: rule.ruleId, status: 'open' })}>{formatCount(rule.openViolations)}</a> : '0'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
