/**
 * The in-memory evaluator: the same semantics as the compiled SQL (docs/rule-language.md), for
 * CSV rows, justifications and the cross-engine property tests.
 */
import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row } from '../../../shared/schema.js';
import { isGroupRule, ruleAggregates, WHOLE_TARGET } from './aggregates.js';
import { cellKey, normalizeCell } from './cell-compare.js';
import { built, truth, type EvalContext } from './eval-build.js';
import { resolveNamedColumn } from './named-column.js';

export type { EvalContext } from './eval-build.js';

/**
 * Evaluates an expression against one record (keys are the scope's column aliases). Aggregates
 * read their value from the row by alias, as in a group rule's result row.
 */
export function evaluate(expr: Expr, row: Row, ctx: EvalContext): CellValue {
  return built(expr, ctx.scope).run({ row, ctx, group: null });
}

function inScope(rule: Rule, row: Row, ctx: EvalContext): boolean {
  return rule.when === undefined || truth(evaluate(rule.when, row, ctx)) === true;
}

function violates(rule: Rule, value: () => CellValue): boolean {
  if (rule.violation !== undefined) return truth(value()) === true;
  return truth(value()) !== true;
}

/** `when` IS TRUE AND `require` IS NOT TRUE, or `violation` IS TRUE. */
export function isViolation(rule: Rule, row: Row, ctx: EvalContext): boolean {
  if (!inScope(rule, row, ctx)) return false;
  const condition = rule.violation ?? rule.require;
  if (condition === undefined) return false;
  return violates(rule, () => evaluate(condition, row, ctx));
}

/**
 * Evaluates a group rule: keeps the records in scope, groups them by `groupBy` and returns one
 * row per violating group holding the group columns (canonical values) and every aggregate of
 * the condition keyed by its alias (`count(*)`, `sum(value)`), like the compiled SQL.
 * Without group columns the whole target is one group, even when empty, as in SQL.
 */
export function violatingGroups(rule: Rule, rows: Row[], ctx: EvalContext): Row[] {
  const condition = rule.violation ?? rule.require;
  if (condition === undefined || !isGroupRule(rule)) return [];
  const columns = (rule.groupBy ?? []).map((name) => resolveNamedColumn(ctx.scope, name));
  const groups = new Map<string, Row[]>();
  if (columns.length === 0) groups.set('', []);
  for (const row of rows) {
    if (!inScope(rule, row, ctx)) continue;
    const key = columns.map((c) => cellKey(normalizeCell(row[c.alias], c.type))).join('\u0000');
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  const aggregates = [...ruleAggregates(rule)];
  const condBuilt = built(condition, ctx.scope);
  const out: Row[] = [];
  for (const members of groups.values()) {
    const first = members[0] ?? {};
    const frame = { row: first, ctx, group: members };
    if (!violates(rule, () => condBuilt.run(frame))) continue;
    const result: Row = {};
    for (const c of columns) result[c.alias] = normalizeCell(first[c.alias], c.type);
    if (columns.length === 0) result[WHOLE_TARGET.alias] = WHOLE_TARGET.value;
    for (const [alias, agg] of aggregates) result[alias] = built(agg, ctx.scope).run(frame);
    out.push(result);
  }
  return out;
}
