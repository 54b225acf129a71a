import type { Expr } from '../../../shared/rule-ast.js';
import type { CellValue, Row, ValueType } from '../../../shared/schema.js';
import { compareCells, convertCell, cellKey, normalizeCell } from './cell-compare.js';
import { aggregateAlias } from './expr-text.js';
import { commonType, inferType } from './infer-type.js';
import { likeMatches } from './like-pattern.js';
import { regexMatches } from './regex-pattern.js';
import { roundHalfAway } from './round-half-away.js';
import { mustResolve, type RuleScope } from './scope.js';
import { canonicalDate, daysBetween } from './temporal.js';

export interface EvalContext {
  scope: RuleScope;
  /** The scan's as-of date, `YYYY-MM-DD`: the value of `today()`. */
  asOf: string;
}

/**
 * What an expression is evaluated against. `group` holds a group's records when aggregates are
 * to be computed; without it an aggregate reads its precomputed value from `row` by its alias
 * (a group rule's result row, e.g. when justifying it).
 */
export interface Frame {
  row: Row;
  ctx: EvalContext;
  group: Row[] | null;
}

export type Thunk = (frame: Frame) => CellValue;
export interface Built {
  run: Thunk;
  type: ValueType;
}

type Truth = boolean | null;

export function truth(value: CellValue): Truth {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return false;
}

function and3(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function or3(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

const not3 = (a: Truth): Truth => (a === null ? null : !a);

function toNumber(value: CellValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const asciiUpper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, '');

/** Compares after converting both sides to their common type; NULL when either is NULL. */
function comparer(left: Built, right: Built): (f: Frame) => number | null {
  const to = commonType([left.type, right.type]);
  return (f) => {
    const a = convertCell(left.run(f), left.type, to);
    const b = convertCell(right.run(f), right.type, to);
    if (a === null || b === null) return null;
    return compareCells(a, b);
  };
}

function stringOf(value: CellValue): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

function numeric(built: Built, op: (x: number) => CellValue): Thunk {
  return (f) => {
    const v = toNumber(built.run(f));
    return v === null ? null : op(v);
  };
}

function textual(built: Built, op: (s: string) => CellValue): Thunk {
  return (f) => {
    const v = stringOf(built.run(f));
    return v === null ? null : op(v);
  };
}

/** The calendar date of a date, timestamp or ISO text, canonical. */
function dateOf(built: Built): (f: Frame) => string | null {
  return (f) => {
    const v = convertCell(built.run(f), built.type, 'date');
    return typeof v === 'string' ? v : null;
  };
}

function literalOf(expr: Expr): CellValue {
  switch (expr.kind) {
    case 'string':
      return expr.value;
    case 'number':
      return expr.value;
    default:
      return null;
  }
}

function buildCall(expr: Extract<Expr, { kind: 'call' }>, scope: RuleScope): Built {
  const args = expr.args.map((a) => build(a, scope));
  const first = args[0] ?? { run: () => null, type: 'unknown' as const };
  switch (expr.fn) {
    case 'lower':
      return { type: 'text', run: textual(first, asciiLower) };
    case 'upper':
      return { type: 'text', run: textual(first, asciiUpper) };
    case 'trim':
      return { type: 'text', run: textual(first, trimSpaces) };
    case 'length':
      return { type: 'number', run: textual(first, (s) => [...s].length) };
    case 'abs':
      return { type: 'number', run: numeric(first, Math.abs) };
    case 'round': {
      const digits = toNumber(expr.args[1] ? literalOf(expr.args[1]) : 0) ?? 0;
      return { type: 'number', run: numeric(first, (x) => roundHalfAway(x, digits)) };
    }
    case 'coalesce': {
      const type = commonType(args.map((a) => a.type));
      return {
        type,
        run: (f) => {
          for (const arg of args) {
            const v = arg.run(f);
            if (v !== null) return convertCell(v, arg.type, type);
          }
          return null;
        },
      };
    }
    case 'date':
      return { type: 'date', run: dateOf(first) };
    case 'year':
    case 'month': {
      const date = dateOf(first);
      const [from, to] = expr.fn === 'year' ? [0, 4] : [5, 7];
      return {
        type: 'number',
        run: (f) => {
          const d = date(f);
          return d === null ? null : Number(d.slice(from, to));
        },
      };
    }
    case 'days_between': {
      const a = dateOf(first);
      const b = dateOf(args[1] ?? first);
      return {
        type: 'number',
        run: (f) => {
          const x = a(f);
          const y = b(f);
          return x === null || y === null ? null : daysBetween(x, y);
        },
      };
    }
    case 'today':
      return { type: 'date', run: (f) => canonicalDate(f.ctx.asOf) };
    default: {
      const never: never = expr.fn;
      throw new Error(`unhandled function ${String(never)}`);
    }
  }
}

function aggregateOver(expr: Extract<Expr, { kind: 'aggregate' }>, arg: Built | null, rows: Row[], f: Frame): CellValue {
  if (expr.fn === 'count' && arg === null) return rows.length;
  const values: Array<Exclude<CellValue, null>> = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const v = arg ? arg.run({ row, ctx: f.ctx, group: null }) : null;
    if (v === null) continue;
    if (expr.distinct) {
      const key = cellKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    values.push(v);
  }
  switch (expr.fn) {
    case 'count':
      return values.length;
    case 'sum':
    case 'avg': {
      if (values.length === 0) return null;
      let sum = 0;
      for (const v of values) sum += toNumber(v) ?? 0;
      return expr.fn === 'sum' ? sum : sum / values.length;
    }
    case 'min':
    case 'max': {
      let best: Exclude<CellValue, null> | null = null;
      for (const v of values) {
        if (best === null) best = v;
        else {
          const c = compareCells(v, best);
          if (expr.fn === 'min' ? c < 0 : c > 0) best = v;
        }
      }
      return best;
    }
    default: {
      const never: never = expr.fn;
      throw new Error(`unhandled aggregate ${String(never)}`);
    }
  }
}

export function build(expr: Expr, scope: RuleScope): Built {
  switch (expr.kind) {
    case 'number':
    case 'string':
    case 'boolean': {
      const value = expr.value;
      return { type: inferType(expr, scope), run: () => value };
    }
    case 'null':
      return { type: 'unknown', run: () => null };
    case 'date': {
      const value = canonicalDate(expr.value);
      return { type: 'date', run: () => value };
    }
    case 'column': {
      const column = mustResolve(scope, expr);
      const { alias, type } = column;
      return { type, run: (f) => normalizeCell(f.row[alias], type) };
    }
    case 'negate':
      return { type: 'number', run: numeric(build(expr.operand, scope), (x) => (x === 0 ? 0 : -x)) };
    case 'not': {
      const operand = build(expr.operand, scope);
      return { type: 'boolean', run: (f) => not3(truth(operand.run(f))) };
    }
    case 'arithmetic': {
      const left = build(expr.left, scope);
      const right = build(expr.right, scope);
      const op = expr.op;
      return {
        type: 'number',
        run: (f) => {
          const a = toNumber(left.run(f));
          const b = toNumber(right.run(f));
          if (a === null || b === null) return null;
          switch (op) {
            case '+':
              return a + b;
            case '-':
              return a - b;
            case '*':
              return a * b;
            case '/':
              return b === 0 ? null : a / b;
            default: {
              const never: never = op;
              throw new Error(`unhandled operator ${String(never)}`);
            }
          }
        },
      };
    }
    case 'compare': {
      const cmp = comparer(build(expr.left, scope), build(expr.right, scope));
      const op = expr.op;
      return {
        type: 'boolean',
        run: (f) => {
          const c = cmp(f);
          if (c === null) return null;
          switch (op) {
            case '=':
              return c === 0;
            case '<>':
              return c !== 0;
            case '<':
              return c < 0;
            case '<=':
              return c <= 0;
            case '>':
              return c > 0;
            case '>=':
              return c >= 0;
            default: {
              const never: never = op;
              throw new Error(`unhandled operator ${String(never)}`);
            }
          }
        },
      };
    }
    case 'logical': {
      const left = build(expr.left, scope);
      const right = build(expr.right, scope);
      const combine = expr.op === 'AND' ? and3 : or3;
      return { type: 'boolean', run: (f) => combine(truth(left.run(f)), truth(right.run(f))) };
    }
    case 'in': {
      const operand = build(expr.operand, scope);
      const items = expr.list.map((e) => build(e, scope));
      const type = commonType([operand.type, ...items.map((i) => i.type)]);
      const negated = expr.negated;
      return {
        type: 'boolean',
        run: (f) => {
          const v = convertCell(operand.run(f), operand.type, type);
          let result: Truth = false;
          if (v === null) result = null;
          else {
            for (const item of items) {
              const w = convertCell(item.run(f), item.type, type);
              if (w === null) result = null;
              else if (compareCells(v, w) === 0) {
                result = true;
                break;
              }
            }
          }
          return negated ? not3(result) : result;
        },
      };
    }
    case 'between': {
      const operand = build(expr.operand, scope);
      const low = comparer(operand, build(expr.low, scope));
      const high = comparer(operand, build(expr.high, scope));
      const negated = expr.negated;
      return {
        type: 'boolean',
        run: (f) => {
          const lo = low(f);
          const hi = high(f);
          const result = and3(lo === null ? null : lo >= 0, hi === null ? null : hi <= 0);
          return negated ? not3(result) : result;
        },
      };
    }
    case 'is_null': {
      const operand = build(expr.operand, scope);
      const negated = expr.negated;
      return { type: 'boolean', run: (f) => (operand.run(f) === null) !== negated };
    }
    case 'like':
    case 'matches': {
      const operand = build(expr.operand, scope);
      const pattern = build(expr.pattern, scope);
      const negated = expr.negated;
      const test = expr.kind === 'like' ? likeMatches : regexMatches;
      return {
        type: 'boolean',
        run: (f) => {
          const v = stringOf(operand.run(f));
          const p = stringOf(pattern.run(f));
          if (v === null || p === null) return null;
          const result = test(v, p);
          return negated ? not3(result) : result;
        },
      };
    }
    case 'call':
      return buildCall(expr, scope);
    case 'aggregate': {
      const arg = expr.arg ? build(expr.arg, scope) : null;
      const alias = aggregateAlias(expr);
      const type = inferType(expr, scope);
      return {
        type,
        run: (f) => (f.group === null ? normalizeCell(f.row[alias], type) : aggregateOver(expr, arg, f.group, f)),
      };
    }
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

const cache = new WeakMap<RuleScope, WeakMap<Expr, Built>>();

/** Builds once per (expression, scope) pair: rows are many, rules are few. */
export function built(expr: Expr, scope: RuleScope): Built {
  return builder(scope)(expr);
}

/** `built` for many expressions of one scope: the scope is looked up once. */
export function builder(scope: RuleScope): (expr: Expr) => Built {
  let byExpr = cache.get(scope);
  if (!byExpr) {
    byExpr = new WeakMap();
    cache.set(scope, byExpr);
  }
  const table = byExpr;
  return (expr) => {
    let b = table.get(expr);
    if (!b) {
      b = build(expr, scope);
      table.set(expr, b);
    }
    return b;
  };
}
