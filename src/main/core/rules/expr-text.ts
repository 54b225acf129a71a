import type { Expr } from '../../../shared/rule-ast.js';
import { printExpression, printIdentifier } from './printer.js';

/** Expressions in justifications read exactly as the rule was written: the rule printer's text. */
export const exprText = printExpression;

export function columnText(ref: { table?: string; name: string }): string {
  return ref.table === undefined ? printIdentifier(ref.name) : `${printIdentifier(ref.table)}.${printIdentifier(ref.name)}`;
}

/**
 * The key of an aggregate in a group rule's result row and its alias in the SELECT list:
 * `count(*)`, `count(distinct x)`, `sum(value)`. The compiler and the evaluator both use it.
 */
export function aggregateAlias(expr: Extract<Expr, { kind: 'aggregate' }>): string {
  if (expr.arg === null) return `${expr.fn}(*)`;
  return `${expr.fn}(${expr.distinct ? 'distinct ' : ''}${printExpression(expr.arg)})`;
}
