import type { Expr } from '../../../shared/rule-ast.js';

/**
 * The direct sub-expressions of an expression, in reading order. One place knows the shape of
 * every node, so a walk over the tree (warnings, justifications, aggregate collection) cannot
 * miss a kind added later: the switch below stops compiling instead.
 */
export function exprChildren(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'negate':
    case 'not':
    case 'is_null':
      return [expr.operand];
    case 'arithmetic':
    case 'compare':
    case 'logical':
      return [expr.left, expr.right];
    case 'in':
      return [expr.operand, ...expr.list];
    case 'between':
      return [expr.operand, expr.low, expr.high];
    case 'like':
    case 'matches':
      return [expr.operand, expr.pattern];
    case 'call':
      return expr.args;
    case 'aggregate':
      return expr.arg ? [expr.arg] : [];
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
    case 'date':
    case 'column':
      return [];
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}
