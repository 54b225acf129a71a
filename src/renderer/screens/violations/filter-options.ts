import type { RuleSummary } from '../../../shared/api/rules.js';

/** The tables the rules read, for the table filter; custom queries have no table to filter on. */
export function tableOptions(rules: readonly RuleSummary[]): string[] {
  return [...new Set(rules.map((r) => r.table).filter((t) => t !== '(query)' && t !== ''))].sort((a, b) => a.localeCompare(b));
}

/** Rules by title for the rule filter, keeping one that the URL names even if it is gone. */
export function ruleOptions(rules: readonly RuleSummary[], selected: string | undefined): Array<{ id: string; label: string }> {
  const options = [...rules].sort((a, b) => a.title.localeCompare(b.title)).map((r) => ({ id: r.id, label: `${r.title} (${r.id})` }));
  if (selected && !options.some((o) => o.id === selected)) options.unshift({ id: selected, label: selected });
  return options;
}

/** Connection names for the connection filter, keeping one that the address names even if it is gone. */
export function connectionOptions(connections: readonly { name: string }[], selected: string | undefined): string[] {
  const names = [...new Set(connections.map((c) => c.name))].sort((a, b) => a.localeCompare(b));
  return selected && !names.includes(selected) ? [selected, ...names] : names;
}
