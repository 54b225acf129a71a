import { useState } from 'react';
import type { RuleSummary } from '../../../shared/api/rules.js';
import { RULE_STATUSES } from '../../../shared/rule.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref, type Route } from '../../app/router.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { formatCount, formatTime } from '../../ui/format.js';
import { countByStatus, filterRules, parseStatus, type RuleFilter } from './rule-filter.js';
import { StatusToggle } from './status-toggle.js';
import './rules.css';

export function RulesList({ route }: { route: Route }) {
  const rules = useApiQuery(() => getApi().listRules({}), [], ['rules', 'runs', 'violations']);
  const [filter, setFilter] = useState<RuleFilter>({ status: parseStatus(route.params.status), text: route.params.q ?? '' });
  const shown = rules.data ? filterRules(rules.data, filter) : [];
  const counts = rules.data ? countByStatus(rules.data) : null;
  const newButton = (
    <a className="button primary" href={routeHref('rules', ['new'])} data-testid="new-rule">
      + New rule
    </a>
  );

  return (
    <section className="screen" data-screen="rules" data-ready={rules.data ? 'true' : 'false'} data-testid="rules-list-screen">
      <PageHeader title="Rules" subtitle="What each rule checks, whether it runs, and what it found last time." actions={newButton} />
      {rules.error && <ErrorBanner error={rules.error} onRetry={rules.reload} />}
      {rules.loading && !rules.data && <Loading />}
      {rules.data && rules.data.length === 0 && (
        <EmptyState title="No rules yet" action={newButton}>
          Write a rule here, or import a policy PDF on the Policies page and accept the rules it proposes.
        </EmptyState>
      )}
      {rules.data && rules.data.length > 0 && (
        <div className="card">
          <div className="row rules-filter" role="search">
            <label className="rules-inline">
              Status
              <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: parseStatus(e.target.value) })} data-testid="rules-status-filter">
                <option value="all">All ({counts?.all})</option>
                {RULE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s} ({counts?.[s]})
                  </option>
                ))}
              </select>
            </label>
            <label className="rules-inline grow">
              Find
              <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} placeholder="id, title, table…" data-testid="rules-text-filter" />
            </label>
            <span className="muted">
              {shown.length} of {rules.data.length}
            </span>
          </div>
          {shown.length === 0 ? (
            <EmptyState title="No rule matches the filter">
              <button type="button" className="button small" onClick={() => setFilter({ status: 'all', text: '' })}>
                Clear the filter
              </button>
            </EmptyState>
          ) : (
            <RulesTable rules={shown} onChanged={rules.reload} />
          )}
        </div>
      )}
    </section>
  );
}

function RulesTable({ rules, onChanged }: { rules: RuleSummary[]; onChanged(): void }) {
  return (
    <table className="table rules-table" data-testid="rules-table">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Status</th>
          <th>Severity</th>
          <th>Connection / table</th>
          <th className="num">Open violations</th>
          <th>Last result</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.id} data-testid={`rule-row-${rule.id}`}>
            <td>
              <a href={routeHref('rules', [rule.id])} className="rule-link">
                {rule.title}
              </a>
              <div className="muted mono rules-small">
                {rule.id} · v{rule.version}
              </div>
            </td>
            <td>
              <StatusBadge status={rule.status} />
            </td>
            <td>
              <SeverityBadge severity={rule.severity} />
            </td>
            <td className="mono rules-small">
              {rule.connection} / {rule.table}
            </td>
            <td className="num">
              {rule.openViolations > 0 ? <a href={routeHref('violations', [], { rule: rule.id, status: 'open' })}>{formatCount(rule.openViolations)}</a> : '0'}
            </td>
            <td>
              <LastResult rule={rule} />
            </td>
            <td>
              <StatusToggle ruleId={rule.id} status={rule.status} onChanged={onChanged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LastResult({ rule }: { rule: RuleSummary }) {
  const last = rule.lastResult;
  if (!last) return <span className="muted">Not run yet</span>;
  return (
    <div className="last-result">
      <StatusBadge status={last.status} /> <span title={last.at}>{formatTime(last.at)}</span>
      <div className="muted rules-small">{formatCount(last.recordsInScope)} in scope</div>
      {last.error && <div className="field-error">{last.error}</div>}
    </div>
  );
}
