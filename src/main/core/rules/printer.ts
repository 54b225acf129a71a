import type { Expr } from '../../../shared/rule-ast.js';
import { BARE_IDENTIFIER, RESERVED_WORDS } from './lexer.js';

/**
 * Binding strength of each form, matching the parser (low → high): OR, AND, NOT, predicates,
 * + -, * /, unary minus, primaries. The printer adds parentheses only where a child binds less
 * tightly than its position requires, so the text parses back to the same tree.
 */
const Prec = {
  Or: 1,
  And: 2,
  Not: 3,
  Predicate: 4,
  Additive: 5,
  Multiplicative: 6,
  Unary: 7,
  Primary: 8,
} as const;
type Prec = (typeof Prec)[keyof typeof Prec];

function precedence(expr: Expr): Prec {
  switch (expr.kind) {
    case 'logical':
      return expr.op === 'OR' ? Prec.Or : Prec.And;
    case 'not':
      return Prec.Not;
    case 'compare':
    case 'in':
    case 'between':
    case 'is_null':
    case 'like':
    case 'matches':
      return Prec.Predicate;
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? Prec.Additive : Prec.Multiplicative;
    case 'negate':
      return Prec.Unary;
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
    case 'date':
    case 'column':
    case 'call':
    case 'aggregate':
      return Prec.Primary;
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

/** A name as written in rule text: bare when it is a plain identifier and not a keyword. */
export function printIdentifier(name: string): string {
  if (BARE_IDENTIFIER.test(name) && !RESERVED_WORDS.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

export function printString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function printNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Prints `expr`, parenthesised when it binds less tightly than `min`. */
function at(expr: Expr, min: Prec): string {
  const text = print(expr);
  return precedence(expr) < min ? `(${text})` : text;
}

function negation(negated: boolean, word: string): string {
  return negated ? `NOT ${word}` : word;
}

function print(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return printNumber(expr.value);
    case 'string':
      return printString(expr.value);
    case 'boolean':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'date':
      return `DATE ${printString(expr.value)}`;
    case 'column':
      return expr.table === undefined
        ? printIdentifier(expr.name)
        : `${printIdentifier(expr.table)}.${printIdentifier(expr.name)}`;
    case 'negate': {
      // `-5` would read back as the number -5 and `--x` looks like a typo: keep those in parentheses.
      const operand = expr.operand;
      const wrap = operand.kind === 'number' || operand.kind === 'negate' || precedence(operand) < Prec.Unary;
      return wrap ? `-(${print(operand)})` : `-${print(operand)}`;
    }
    case 'not':
      return `NOT ${at(expr.operand, Prec.Not)}`;
    case 'arithmetic':
    case 'logical': {
      const own = precedence(expr);
      return `${at(expr.left, own)} ${expr.op} ${at(expr.right, (own + 1) as Prec)}`;
    }
    case 'compare':
      return `${at(expr.left, Prec.Additive)} ${expr.op} ${at(expr.right, Prec.Additive)}`;
    case 'in':
      return `${at(expr.operand, Prec.Additive)} ${negation(expr.negated, 'IN')} (${expr.list.map(print).join(', ')})`;
    case 'between':
      return `${at(expr.operand, Prec.Additive)} ${negation(expr.negated, 'BETWEEN')} ${at(expr.low, Prec.Additive)} AND ${at(expr.high, Prec.Additive)}`;
    case 'is_null':
      return `${at(expr.operand, Prec.Additive)} IS ${expr.negated ? 'NOT NULL' : 'NULL'}`;
    case 'like':
      return `${at(expr.operand, Prec.Additive)} ${negation(expr.negated, 'LIKE')} ${at(expr.pattern, Prec.Additive)}`;
    case 'matches':
      return `${at(expr.operand, Prec.Additive)} ${negation(expr.negated, 'MATCHES')} ${at(expr.pattern, Prec.Additive)}`;
    case 'call':
      return `${expr.fn}(${expr.args.map(print).join(', ')})`;
    case 'aggregate':
      if (expr.arg === null) return `${expr.fn}(*)`;
      return `${expr.fn}(${expr.distinct ? 'DISTINCT ' : ''}${print(expr.arg)})`;
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

/** Canonical rule text for an expression; parseExpression(printExpression(e)) equals e. */
export function printExpression(expr: Expr): string {
  return print(expr);
}
