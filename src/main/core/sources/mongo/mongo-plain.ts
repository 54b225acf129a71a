/**
 * `field op literal` tests as plain query operators, which MongoDB can answer from an index.
 * Only where they mean exactly what the `$expr` form means: query operators compare within one
 * BSON type bracket (a number only meets numbers), never match null or missing for `<`, `>`, `=`
 * with a non-null literal, and match inside arrays, which the `$not: {$type: 'array'}` rules out.
 * Text fields are left to `$expr`, which also reads ObjectIds as their hex text; date fields too,
 * which `$expr` reads as their day.
 */
import type { Document } from 'bson';
import type { Expr } from '../../../../shared/rule-ast.js';
import { resolveColumn, type RuleScope } from '../../rules/scope.js';
import { canonicalDate } from '../../rules/temporal.js';
import { dateValue } from './mongo-expr.js';

const OPERATORS = { '=': '$eq', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' } as const;
const FLIPPED = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

function literal(expr: Expr, type: string): unknown {
  if (type === 'number' && expr.kind === 'number') return expr.value;
  if (type === 'boolean' && expr.kind === 'boolean') return expr.value;
  if (type === 'timestamp' && expr.kind === 'date') {
    const day = canonicalDate(expr.value);
    return day === null ? undefined : dateValue(day);
  }
  return undefined;
}

export function plainCondition(scope: RuleScope, expr: Expr): Document | null {
  if (expr.kind !== 'compare' || expr.op === '<>') return null;
  let { left, right } = expr;
  let op: keyof typeof OPERATORS = expr.op;
  if (left.kind !== 'column') {
    [left, right] = [right, left];
    op = FLIPPED[op];
  }
  if (left.kind !== 'column') return null;
  const resolved = resolveColumn(scope, left);
  if (!resolved.ok || resolved.column.table !== scope.base) return null;
  const { column } = resolved;
  const value = literal(right, column.type);
  if (value === undefined || column.name.startsWith('$')) return null;
  return { [column.name]: { [OPERATORS[op]]: value, $not: { $type: 'array' } } };
}
