import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import { exprChildren } from './expr-children.js';
import { aggregateAlias } from './expr-text.js';

export type AggregateExpr = Extract<Expr, { kind: 'aggregate' }>;

function visit(expr: Expr, out: Map<string, AggregateExpr>): void {
  if (expr.kind === 'aggregate') {
    const alias = aggregateAlias(expr);
    if (!out.has(alias)) out.set(alias, expr);
    return;
  }
  for (const child of exprChildren(expr)) visit(child, out);
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
