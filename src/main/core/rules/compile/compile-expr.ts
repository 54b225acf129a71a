import type { Expr } from '../../../../shared/rule-ast.js';
import type { ValueType } from '../../../../shared/schema.js';
import { AppError } from '../../../../shared/errors.js';
import { commonType, inferType } from '../infer-type.js';
import { mustResolve, type RuleScope, type ScopeColumn } from '../scope.js';
import { canonicalDate } from '../temporal.js';
import type { Dialect } from './dialect.js';
import type { Params } from './params.js';

export interface ExprCompiler {
  scope: RuleScope;
  dialect: Dialect;
  params: Params;
  asOf: string;
  /** The SQL of a resolved column, qualified by its table's alias in FROM. */
  columnSql(column: ScopeColumn): string;
}

export interface Fragment {
  sql: string;
  type: ValueType;
}

/** Converts a fragment for use as `to`, the common type of the values it meets. */
function convert(c: ExprCompiler, f: Fragment, to: ValueType): string {
  if (f.type === to) return f.sql;
  if (to === 'timestamp') return f.type === 'date' ? c.dialect.dateToTimestamp(f.sql) : c.dialect.textToTimestamp(f.sql);
  if (to === 'date') return f.type === 'timestamp' ? c.dialect.timestampToDate(f.sql) : c.dialect.textToDate(f.sql);
  return f.sql;
}

/** Operands converted to their common type; text compared by code point. */
function operands(c: ExprCompiler, exprs: Expr[]): string[] {
  const hint = commonType(exprs.map((e) => inferType(e, c.scope)));
  const fragments = exprs.map((e) => compileExpr(c, e, hint));
  const to = commonType(fragments.map((f) => f.type));
  return fragments.map((f) => {
    const sql = convert(c, f, to);
    return to === 'text' && f.type === 'text' ? c.dialect.collateBinary(sql) : sql;
  });
}

function dateOf(c: ExprCompiler, expr: Expr | undefined): string {
  if (expr === undefined) return c.dialect.nullOf('date');
  return convert(c, compileExpr(c, expr, 'date'), 'date');
}

function patternParam(c: ExprCompiler, expr: Expr, kind: string, transform: (p: string) => string): string {
  if (expr.kind !== 'string') {
    throw new AppError('RULE_INVALID', `The pattern of ${kind} must be a string literal.`);
  }
  return c.params.add(transform(expr.value), 'text');
}

function compileCall(c: ExprCompiler, expr: Extract<Expr, { kind: 'call' }>, hint: ValueType): Fragment {
  const d = c.dialect;
  const arg = (i: number, hint: ValueType): string => {
    const a = expr.args[i];
    return a === undefined ? d.nullOf(hint) : compileExpr(c, a, hint).sql;
  };
  switch (expr.fn) {
    case 'lower':
      return { sql: d.lower(arg(0, 'text')), type: 'text' };
    case 'upper':
      return { sql: d.upper(arg(0, 'text')), type: 'text' };
    case 'trim':
      return { sql: d.trim(arg(0, 'text')), type: 'text' };
    case 'length':
      return { sql: d.length(arg(0, 'text')), type: 'number' };
    case 'abs':
      return { sql: `abs(${arg(0, 'number')})`, type: 'number' };
    case 'round': {
      const value = arg(0, 'number');
      const digitsExpr = expr.args[1];
      const digits = digitsExpr?.kind === 'number' ? digitsExpr.value : 0;
      if (!Number.isInteger(digits)) throw new AppError('RULE_INVALID', 'The digits of round() must be an integer literal.');
      return { sql: d.round(value, c.params.add(digits)), type: 'number' };
    }
    case 'coalesce': {
      const inferred = inferType(expr, c.scope);
      const type = inferred === 'unknown' ? hint : inferred;
      const args = expr.args.map((a) => convert(c, compileExpr(c, a, type), type));
      // SQLite's coalesce() wants at least two arguments.
      const sql = args.length === 1 ? args[0]! : `coalesce(${args.join(', ')})`;
      return { sql, type };
    }
    case 'date':
      return { sql: dateOf(c, expr.args[0]), type: 'date' };
    case 'year':
      return { sql: d.year(dateOf(c, expr.args[0])), type: 'number' };
    case 'month':
      return { sql: d.month(dateOf(c, expr.args[0])), type: 'number' };
    case 'days_between':
      return { sql: d.daysBetween(dateOf(c, expr.args[0]), dateOf(c, expr.args[1])), type: 'number' };
    case 'today':
      return { sql: c.params.add(canonicalDate(c.asOf), 'date'), type: 'date' };
    default: {
      const never: never = expr.fn;
      throw new Error(`unhandled function ${String(never)}`);
    }
  }
}

/**
 * Compiles an expression to SQL for `c.dialect`. Literals become bound parameters; columns are
 * resolved through the scope and quoted. `hint` types a NULL literal from its context.
 */
export function compileExpr(c: ExprCompiler, expr: Expr, hint: ValueType = 'unknown'): Fragment {
  const d = c.dialect;
  switch (expr.kind) {
    case 'number':
      return { sql: c.params.add(expr.value, 'number'), type: 'number' };
    case 'string':
      return { sql: c.params.add(expr.value, 'text'), type: 'text' };
    case 'boolean':
      return { sql: c.params.add(expr.value, 'boolean'), type: 'boolean' };
    case 'null':
      return { sql: d.nullOf(hint), type: hint };
    case 'date': {
      const value = canonicalDate(expr.value);
      if (value === null) throw new AppError('RULE_INVALID', `DATE '${expr.value}' is not a calendar date.`);
      return { sql: c.params.add(value, 'date'), type: 'date' };
    }
    case 'column': {
      const column = mustResolve(c.scope, expr);
      return { sql: d.columnValue(c.columnSql(column), column.type), type: column.type };
    }
    case 'negate':
      return { sql: `(-(${compileExpr(c, expr.operand, 'number').sql}))`, type: 'number' };
    case 'not':
      return { sql: `(NOT ${compileExpr(c, expr.operand, 'boolean').sql})`, type: 'boolean' };
    case 'arithmetic': {
      const left = compileExpr(c, expr.left, 'number').sql;
      const right = compileExpr(c, expr.right, 'number').sql;
      return { sql: d.arithmetic(expr.op, left, right), type: 'number' };
    }
    case 'compare': {
      const [left, right] = operands(c, [expr.left, expr.right]);
      return { sql: `(${left} ${expr.op} ${right})`, type: 'boolean' };
    }
    case 'logical': {
      const left = compileExpr(c, expr.left, 'boolean').sql;
      const right = compileExpr(c, expr.right, 'boolean').sql;
      return { sql: `(${left} ${expr.op} ${right})`, type: 'boolean' };
    }
    case 'in': {
      const [operand, ...list] = operands(c, [expr.operand, ...expr.list]);
      return { sql: `(${operand} ${expr.negated ? 'NOT IN' : 'IN'} (${list.join(', ')}))`, type: 'boolean' };
    }
    case 'between': {
      const [operand, low, high] = operands(c, [expr.operand, expr.low, expr.high]);
      return { sql: `(${operand} ${expr.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${high})`, type: 'boolean' };
    }
    case 'is_null': {
      const operand = compileExpr(c, expr.operand).sql;
      return { sql: `(${operand} ${expr.negated ? 'IS NOT NULL' : 'IS NULL'})`, type: 'boolean' };
    }
    case 'like':
    case 'matches': {
      const operand = compileExpr(c, expr.operand, 'text').sql;
      const pattern =
        expr.kind === 'like' ? patternParam(c, expr.pattern, 'LIKE', d.likePattern) : patternParam(c, expr.pattern, 'MATCHES', (p) => d.regexPattern?.(p) ?? p);
      const test = expr.kind === 'like' ? d.like(operand, pattern) : d.matches(operand, pattern);
      return { sql: expr.negated ? `(NOT ${test})` : test, type: 'boolean' };
    }
    case 'call':
      return compileCall(c, expr, hint);
    case 'aggregate': {
      const arg = expr.arg ? compileExpr(c, expr.arg) : null;
      const sql = d.aggregate(expr.fn, arg ? arg.sql : null, expr.distinct, arg ? arg.type : 'unknown');
      return { sql, type: inferType(expr, c.scope) };
    }
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}
