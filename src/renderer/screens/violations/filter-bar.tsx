import type { ConnectionSummary } from '../../../shared/api/connections.js';
import type { RuleSummary } from '../../../shared/api/rules.js';
import type { ViolationFilter } from '../../../shared/api/violations.js';
import { SEVERITIES } from '../../../shared/rule.js';
import { connectionOptions, ruleOptions, tableOptions } from './filter-options.js';
import { isFiltered, VIOLATION_STATUSES } from './violation-filters.js';

interface Props {
  filter: ViolationFilter;
  rules: readonly RuleSummary[];
  /** For the connection filter: a rule can read several connections, each violation is in one. */
  connections?: readonly ConnectionSummary[];
  onChange(filter: ViolationFilter): void;
}

/** Every control applies at once: the filter lives in the address, so Back undoes a change. */
export function FilterBar({ filter, rules, connections = [], onChange }: Props) {
  const set = (patch: Partial<ViolationFilter>) => {
    const next: ViolationFilter = { ...filter, ...patch };
    for (const k of Object.keys(next) as Array<keyof ViolationFilter>) if (!next[k]) delete next[k];
    onChange(next);
  };
  return (
    <form className="card filter-bar" role="search" aria-label="Filter violations" onSubmit={(e) => e.preventDefault()}>
      <label>
        Rule
        <select value={filter.ruleId ?? ''} onChange={(e) => set({ ruleId: e.target.value })} data-testid="filter-rule">
          <option value="">All rules</option>
          {ruleOptions(rules, filter.ruleId).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select value={filter.severity ?? ''} onChange={(e) => set({ severity: (e.target.value || undefined) as ViolationFilter['severity'] })} data-testid="filter-severity">
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as ViolationFilter['status'] })} data-testid="filter-status">
          <option value="">Any</option>
          {VIOLATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Connection
        <select value={filter.connection ?? ''} onChange={(e) => set({ connection: e.target.value })} data-testid="filter-connection">
          <option value="">All connections</option>
          {connectionOptions(connections, filter.connection).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Table
        <select value={filter.table ?? ''} onChange={(e) => set({ table: e.target.value })} data-testid="filter-table">
          <option value="">All tables</option>
          {[...new Set([...(filter.table ? [filter.table] : []), ...tableOptions(rules)])].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        First seen from
        <input type="date" value={filter.from ?? ''} max={filter.to} onChange={(e) => set({ from: e.target.value })} data-testid="filter-from" />
      </label>
      <label>
        to
        <input type="date" value={filter.to ?? ''} min={filter.from} onChange={(e) => set({ to: e.target.value })} data-testid="filter-to" />
      </label>
      <div className="filter-bar-actions">
        <button type="button" className="button ghost small" disabled={!isFiltered(filter)} onClick={() => onChange({})} data-testid="filter-clear">
          Clear filters
        </button>
      </div>
    </form>
  );
}
