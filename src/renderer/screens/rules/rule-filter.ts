import type { RuleSummary } from '../../../shared/api/rules.js';
import { RULE_STATUSES, type RuleStatus } from '../../../shared/rule.js';

export interface RuleFilter {
  status: RuleStatus | 'all';
  text: string;
}

export function parseStatus(value: string | undefined): RuleStatus | 'all' {
  return (RULE_STATUSES as readonly string[]).includes(value ?? '') ? (value as RuleStatus) : 'all';
}

/** Rules matching the status and every word of the text (in id, title, connection, table or severity). */
export function filterRules(rules: RuleSummary[], filter: RuleFilter): RuleSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rules.filter((rule) => {
    if (filter.status !== 'all' && rule.status !== filter.status) return false;
    const haystack = `${rule.id} ${rule.title} ${rule.connection} ${rule.table} ${rule.severity}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export function countByStatus(rules: RuleSummary[]): Record<RuleStatus | 'all', number> {
  const counts: Record<RuleStatus | 'all', number> = { all: rules.length, draft: 0, active: 0, inactive: 0 };
  for (const rule of rules) counts[rule.status]++;
  return counts;
}
