import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import { aggregateAlias } from './expr-text.js';

export type AggregateExpr = Extract<Expr, { kind: 'aggregate' }>;

function visit(expr: Expr, out: Map<string, AggregateExpr>): void {
  switch (expr.kind) {
    case 'aggregate': {
      const alias = aggregateAlias(expr);
      if (!out.has(alias)) out.set(alias, expr);
      return;
    }
    case 'negate':
    case 'not':
    case 'is_null':
      visit(expr.operand, out);
      return;
    case 'arithmetic':
    case 'compare':
    case 'logical':
      visit(expr.left, out);
      visit(expr.right, out);
      return;
    case 'in':
      visit(expr.operand, out);
      expr.list.forEach((e) => visit(e, out));
      return;
    case 'between':
      visit(expr.operand, out);
      visit(expr.low, out);
      visit(expr.high, out);
      return;
    case 'like':
    case 'matches':
      visit(expr.operand, out);
      visit(expr.pattern, out);
      return;
    case 'call':
      expr.args.forEach((e) => visit(e, out));
      return;
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
    case 'date':
    case 'column':
      return;
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

/** The distinct aggregates of a group rule's condition, in reading order, keyed by alias. */
export function ruleAggregates(rule: Rule): Map<string, AggregateExpr> {
  const out = new Map<string, AggregateExpr>();
  for (const expr of [rule.require, rule.violation]) if (expr) visit(expr, out);
  return out;
}

/** A rule with group columns, or with aggregates over the whole target as one group. */
export function isGroupRule(rule: Rule): boolean {
  return (rule.groupBy?.length ?? 0) > 0 || ruleAggregates(rule).size > 0;
}

/**
 * A group rule without group columns has one group, the whole target. Its key is this constant
 * column, so the group is the same violation from one scan to the next.
 */
export const WHOLE_TARGET = { alias: 'group', value: 'all' } as const;
