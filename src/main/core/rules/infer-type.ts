import type { Expr } from '../../../shared/rule-ast.js';
import type { ValueType } from '../../../shared/schema.js';
import { resolveColumn, type RuleScope } from './scope.js';

/** The common type of values that meet in a comparison, IN list, BETWEEN or coalesce. */
export function commonType(types: ValueType[]): ValueType {
  const known = types.filter((t) => t !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (known.includes('timestamp')) return 'timestamp';
  if (known.includes('date')) return 'date';
  const first = known[0]!;
  return known.every((t) => t === first) ? first : 'unknown';
}

/**
 * The value type of an expression, best effort: `unknown` when it cannot be told (a NULL
 * literal, an unresolved column, mixed types). The compilers use it to pick date handling and
 * collation, the evaluator to decide how values compare.
 */
export function inferType(expr: Expr, scope: RuleScope): ValueType {
  switch (expr.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'unknown';
    case 'date':
      return 'date';
    case 'column': {
      const resolved = resolveColumn(scope, expr);
      return resolved.ok ? resolved.column.type : 'unknown';
    }
    case 'negate':
    case 'arithmetic':
      return 'number';
    case 'not':
    case 'compare':
    case 'logical':
    case 'in':
    case 'between':
    case 'is_null':
    case 'like':
    case 'matches':
      return 'boolean';
    case 'call': {
      const fn = expr.fn;
      switch (fn) {
        case 'lower':
        case 'upper':
        case 'trim':
          return 'text';
        case 'length':
        case 'abs':
        case 'round':
        case 'year':
        case 'month':
        case 'days_between':
          return 'number';
        case 'date':
        case 'today':
          return 'date';
        case 'coalesce':
          return commonType(expr.args.map((a) => inferType(a, scope)));
        default: {
          const never: never = fn;
          throw new Error(`unhandled function ${String(never)}`);
        }
      }
    }
    case 'aggregate': {
      const fn = expr.fn;
      switch (fn) {
        case 'count':
        case 'sum':
        case 'avg':
          return 'number';
        case 'min':
        case 'max':
          return expr.arg ? inferType(expr.arg, scope) : 'unknown';
        default: {
          const never: never = fn;
          throw new Error(`unhandled aggregate ${String(never)}`);
        }
      }
    }
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}
