import type { Expr } from '../../../shared/rule-ast.js';

/**
 * A compact text form of an expression for aggregate aliases and justifications. It follows the
 * rule language's syntax closely enough to be read, but it is not the rule printer: nothing
 * parses it back.
 */
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'matches', 'is', 'null', 'true', 'false', 'date']);

function identifier(name: string): string {
  return PLAIN_IDENTIFIER.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : `"${name.replaceAll('"', '""')}"`;
}

function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Binding strength: a child binding less tightly than its context is parenthesised. */
function precedence(expr: Expr): number {
  switch (expr.kind) {
    case 'logical':
      return expr.op === 'OR' ? 1 : 2;
    case 'not':
      return 3;
    case 'compare':
    case 'in':
    case 'between':
    case 'is_null':
    case 'like':
    case 'matches':
      return 4;
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? 5 : 6;
    case 'negate':
      return 7;
    default:
      return 8;
  }
}

function wrap(child: Expr, min: number): string {
  const text = exprText(child);
  return precedence(child) < min ? `(${text})` : text;
}

export function columnText(ref: { table?: string; name: string }): string {
  return ref.table === undefined ? identifier(ref.name) : `${identifier(ref.table)}.${identifier(ref.name)}`;
}

export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'string':
      return stringLiteral(expr.value);
    case 'boolean':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'date':
      return `DATE '${expr.value}'`;
    case 'column':
      return columnText(expr);
    case 'negate':
      return `-${wrap(expr.operand, 7)}`;
    case 'not':
      return `NOT ${wrap(expr.operand, 3)}`;
    case 'arithmetic': {
      const p = precedence(expr);
      // Left-associative: the right operand needs parentheses at equal strength.
      return `${wrap(expr.left, p)} ${expr.op} ${wrap(expr.right, p + 1)}`;
    }
    case 'compare':
      return `${wrap(expr.left, 5)} ${expr.op} ${wrap(expr.right, 5)}`;
    case 'logical': {
      const p = precedence(expr);
      return `${wrap(expr.left, p)} ${expr.op} ${wrap(expr.right, p + 1)}`;
    }
    case 'in':
      return `${wrap(expr.operand, 5)} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.list.map(exprText).join(', ')})`;
    case 'between':
      return `${wrap(expr.operand, 5)} ${expr.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${wrap(expr.low, 5)} AND ${wrap(expr.high, 5)}`;
    case 'is_null':
      return `${wrap(expr.operand, 5)} ${expr.negated ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'like':
      return `${wrap(expr.operand, 5)} ${expr.negated ? 'NOT LIKE' : 'LIKE'} ${wrap(expr.pattern, 5)}`;
    case 'matches':
      return `${wrap(expr.operand, 5)} ${expr.negated ? 'NOT MATCHES' : 'MATCHES'} ${wrap(expr.pattern, 5)}`;
    case 'call':
      return `${expr.fn}(${expr.args.map(exprText).join(', ')})`;
    case 'aggregate':
      return aggregateAlias(expr);
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The key of an aggregate in a group rule's result row and its alias in the SELECT list:
 * `count(*)`, `count(distinct x)`, `sum(value)`. The compiler and the evaluator both use it.
 */
export function aggregateAlias(expr: Extract<Expr, { kind: 'aggregate' }>): string {
  if (expr.arg === null) return `${expr.fn}(*)`;
  return `${expr.fn}(${expr.distinct ? 'distinct ' : ''}${exprText(expr.arg)})`;
}
