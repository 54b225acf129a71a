import type { Rule } from '../../../shared/rule.js';
import { parseExpression } from '../rules/parser.js';

/** Expressions written as rule text, the rest of the rule filled with defaults. */
export interface RuleSketch {
  id: string;
  table?: string;
  query?: string;
  connection?: string;
  key?: string[];
  join?: Array<{ table: string; on: string }>;
  when?: string;
  require?: string;
  violation?: string;
  groupBy?: string[];
  status?: Rule['status'];
}

/** A rule for graph tests: only what the graph reads matters, so the rest is constant. */
export function sketchRule(s: RuleSketch): Rule {
  const rule: Rule = {
    id: s.id,
    title: `Rule ${s.id}`,
    severity: 'medium',
    target: {
      connection: s.connection ?? 'demo',
      ...(s.query !== undefined ? { query: s.query } : { table: s.table ?? 'expenses' }),
      key: s.key ?? ['id'],
      ...(s.join ? { join: s.join.map((j) => ({ table: j.table, on: parseExpression(j.on), type: 'inner' as const })) } : {}),
    },
    status: s.status ?? 'active',
    origin: 'manual',
    version: 1,
  };
  if (s.when !== undefined) rule.when = parseExpression(s.when);
  if (s.require !== undefined) rule.require = parseExpression(s.require);
  if (s.violation !== undefined) rule.violation = parseExpression(s.violation);
  if (s.groupBy !== undefined) rule.groupBy = s.groupBy;
  return rule;
}
