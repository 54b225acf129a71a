/**
 * Rule expressions as MongoDB aggregation expressions with the rule language's three-valued
 * logic: every compiled expression yields a value or `null` (SQL NULL), never "missing", and a
 * boolean expression yields true, false or null. Literals are `$literal`s or BSON values, never
 * text spliced into an operator name; columns come from the scope (the sampled schema).
 *
 * Representation: numbers as BSON numbers, text as strings, booleans as bools, dates and
 * timestamps as BSON Dates (UTC; a date is the Date at midnight). A field whose BSON type is not
 * the one its column was typed with (a string in a number field) counts as NULL here.
 */
import type { Expr } from '../../../../shared/rule-ast.js';
import type { ValueType } from '../../../../shared/schema.js';
import { AppError } from '../../../../shared/errors.js';
import { aggregateAlias } from '../../rules/expr-text.js';
import { commonType, inferType } from '../../rules/infer-type.js';
import { mustResolve, type RuleScope } from '../../rules/scope.js';
import { canonicalDate } from '../../rules/temporal.js';
import { likeToPcre, regexToPcre } from './mongo-regex.js';

export type MExpr = unknown;

export interface MongoExprContext {
  scope: RuleScope;
  asOf: string;
  /** Inside a group rule's post-group stage: aggregate alias → output field. */
  aggregates?: Map<string, string>;
  /** Inside a group rule's post-group stage: group column name → output field. */
  groupFields?: Map<string, string>;
}

export interface MFragment {
  expr: MExpr;
  type: ValueType;
}

const MS_PER_DAY = 86_400_000;

/** A BSON Date at midnight UTC for a canonical `YYYY-MM-DD`. */
export function dateValue(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

const isNull = (e: MExpr): MExpr => ({ $eq: [e, null] });

/** Binds `values` to `$$a0…` and gives null when any of them is null, else `body`. */
function nullSafe(values: MExpr[], body: (vars: string[]) => MExpr): MExpr {
  const names = values.map((_v, i) => `a${i}`);
  const vars = Object.fromEntries(names.map((n, i) => [n, values[i]]));
  const refs = names.map((n) => `$$${n}`);
  return { $let: { vars, in: { $cond: [{ $or: refs.map(isNull) }, null, body(refs)] } } };
}

/** The midnight of a Date, so a date column holding a time of day still reads as its day. */
function truncateDay(e: MExpr): MExpr {
  return nullSafe([e], ([d]) => ({ $dateFromParts: { year: { $year: d }, month: { $month: d }, day: { $dayOfMonth: d } } }));
}

/** A field read as a column of `type`: missing and off-type values become null. */
export function fieldValue(path: string, type: ValueType): MExpr {
  if (path.startsWith('$') || path.includes('\u0000')) throw new AppError('RULE_INVALID', `"${path}" is not a usable MongoDB field path.`);
  const v = '$$v';
  let test: MExpr;
  let value: MExpr = v;
  switch (type) {
    case 'number':
      test = { $isNumber: v };
      break;
    case 'text':
      // An ObjectId (as `_id` usually is) reads as its hex text.
      return { $let: { vars: { v: `$${path}` }, in: { $switch: { branches: [
        { case: { $eq: [{ $type: v }, 'string'] }, then: v },
        { case: { $eq: [{ $type: v }, 'objectId'] }, then: { $toString: v } },
      ], default: null } } } };
    case 'boolean':
      test = { $eq: [{ $type: v }, 'bool'] };
      break;
    case 'date':
      test = { $eq: [{ $type: v }, 'date'] };
      value = truncateDay(v);
      break;
    case 'timestamp':
      test = { $eq: [{ $type: v }, 'date'] };
      break;
    case 'unknown':
      return { $ifNull: [`$${path}`, null] };
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
  return { $let: { vars: { v: `$${path}` }, in: { $cond: [test, value, null] } } };
}

function convert(f: MFragment, to: ValueType): MExpr {
  if (f.type === to) return f.expr;
  if ((to === 'date' || to === 'timestamp') && f.type === 'text') {
    throw new AppError('RULE_INVALID', 'On MongoDB, text is not converted to a date: store dates as BSON dates, or compare the text with text.');
  }
  if (to === 'date' && f.type === 'timestamp') return truncateDay(f.expr);
  return f.expr;
}

function operands(c: MongoExprContext, exprs: Expr[]): MExpr[] {
  const hint = commonType(exprs.map((e) => inferType(e, c.scope)));
  const fragments = exprs.map((e) => compileMongoExpr(c, e, hint));
  const to = commonType(fragments.map((f) => f.type));
  return fragments.map((f) => convert(f, to));
}

function and3(l: MExpr, r: MExpr): MExpr {
  return { $let: { vars: { l, r }, in: { $cond: [
    { $or: [{ $eq: ['$$l', false] }, { $eq: ['$$r', false] }] }, false,
    { $cond: [{ $or: [isNull('$$l'), isNull('$$r')] }, null, true] },
  ] } } };
}

function or3(l: MExpr, r: MExpr): MExpr {
  return { $let: { vars: { l, r }, in: { $cond: [
    { $or: [{ $eq: ['$$l', true] }, { $eq: ['$$r', true] }] }, true,
    { $cond: [{ $or: [isNull('$$l'), isNull('$$r')] }, null, false] },
  ] } } };
}

function not3(e: MExpr): MExpr {
  return nullSafe([e], ([x]) => ({ $not: [x] }));
}

const COMPARE = { '=': '$eq', '<>': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' } as const;

function compare(op: keyof typeof COMPARE, l: MExpr, r: MExpr): MExpr {
  return nullSafe([l, r], ([a, b]) => ({ [COMPARE[op]]: [a, b] }));
}

/** Half away from zero, as roundHalfAway: a nudge of a few ulps stands in for its 15 significant digits. */
function roundExpr(x: MExpr, digits: number): MExpr {
  const scale = 10 ** Math.abs(digits);
  return nullSafe([x], ([v]) => {
    const abs = { $abs: v };
    const scaled = digits === 0 ? abs : digits > 0 ? { $multiply: [abs, scale] } : { $divide: [abs, scale] };
    const whole = { $let: { vars: { s: scaled }, in: { $trunc: [{ $add: ['$$s', 0.5, { $multiply: ['$$s', 4e-15] }] }, 0] } } };
    const back = digits === 0 ? whole : digits > 0 ? { $divide: [whole, scale] } : { $multiply: [whole, scale] };
    return { $cond: [{ $lt: [v, 0] }, { $subtract: [0, back] }, back] };
  });
}

function patternOf(expr: Expr, kind: string): string {
  if (expr.kind !== 'string') throw new AppError('RULE_INVALID', `The pattern of ${kind} must be a string literal.`);
  return expr.value;
}

function compileCall(c: MongoExprContext, expr: Extract<Expr, { kind: 'call' }>, hint: ValueType): MFragment {
  const arg = (i: number, type: ValueType): MExpr => {
    const a = expr.args[i];
    return a === undefined ? null : compileMongoExpr(c, a, type).expr;
  };
  const dateArg = (i: number): MExpr => {
    const a = expr.args[i];
    return a === undefined ? null : convert(compileMongoExpr(c, a, 'date'), 'date');
  };
  switch (expr.fn) {
    case 'lower':
      // $toLower maps ASCII letters only, exactly like the rule language's lower().
      return { expr: nullSafe([arg(0, 'text')], ([s]) => ({ $toLower: s })), type: 'text' };
    case 'upper':
      return { expr: nullSafe([arg(0, 'text')], ([s]) => ({ $toUpper: s })), type: 'text' };
    case 'trim':
      return { expr: nullSafe([arg(0, 'text')], ([s]) => ({ $trim: { input: s, chars: ' ' } })), type: 'text' };
    case 'length':
      return { expr: nullSafe([arg(0, 'text')], ([s]) => ({ $strLenCP: s })), type: 'number' };
    case 'abs':
      return { expr: nullSafe([arg(0, 'number')], ([x]) => ({ $abs: x })), type: 'number' };
    case 'round': {
      const digitsExpr = expr.args[1];
      const digits = digitsExpr?.kind === 'number' ? digitsExpr.value : 0;
      if (!Number.isInteger(digits) || Math.abs(digits) > 15) throw new AppError('RULE_INVALID', 'The digits of round() must be an integer literal between -15 and 15.');
      return { expr: roundExpr(arg(0, 'number'), digits), type: 'number' };
    }
    case 'coalesce': {
      const inferred = inferType(expr, c.scope);
      const type = inferred === 'unknown' ? hint : inferred;
      const args = expr.args.map((a) => convert(compileMongoExpr(c, a, type), type));
      const folded = args.reduceRight((rest: MExpr, a) => (rest === undefined ? a : { $ifNull: [a, rest] }), undefined);
      return { expr: folded ?? null, type };
    }
    case 'date':
      return { expr: dateArg(0), type: 'date' };
    case 'year':
      return { expr: nullSafe([dateArg(0)], ([d]) => ({ $year: d })), type: 'number' };
    case 'month':
      return { expr: nullSafe([dateArg(0)], ([d]) => ({ $month: d })), type: 'number' };
    case 'days_between':
      return { expr: nullSafe([dateArg(0), dateArg(1)], ([a, b]) => ({ $divide: [{ $subtract: [b, a] }, MS_PER_DAY] })), type: 'number' };
    case 'today': {
      const today = canonicalDate(c.asOf);
      return { expr: today === null ? null : dateValue(today), type: 'date' };
    }
    default: {
      const never: never = expr.fn;
      throw new Error(`unhandled function ${String(never)}`);
    }
  }
}

/** Compiles an expression to an aggregation expression; `hint` types a NULL literal from its context. */
export function compileMongoExpr(c: MongoExprContext, expr: Expr, hint: ValueType = 'unknown'): MFragment {
  switch (expr.kind) {
    case 'number':
      return { expr: { $literal: expr.value }, type: 'number' };
    case 'string':
      return { expr: { $literal: expr.value }, type: 'text' };
    case 'boolean':
      return { expr: { $literal: expr.value }, type: 'boolean' };
    case 'null':
      return { expr: null, type: hint };
    case 'date': {
      const value = canonicalDate(expr.value);
      if (value === null) throw new AppError('RULE_INVALID', `DATE '${expr.value}' is not a calendar date.`);
      return { expr: dateValue(value), type: 'date' };
    }
    case 'column': {
      const column = mustResolve(c.scope, expr);
      if (column.table !== c.scope.base) throw new AppError('RULE_INVALID', 'Joins are not supported on MongoDB sources.');
      return { expr: fieldValue(c.groupFields?.get(column.name) ?? column.name, column.type), type: column.type };
    }
    case 'negate':
      return { expr: nullSafe([compileMongoExpr(c, expr.operand, 'number').expr], ([x]) => ({ $subtract: [0, x] })), type: 'number' };
    case 'not':
      return { expr: not3(compileMongoExpr(c, expr.operand, 'boolean').expr), type: 'boolean' };
    case 'arithmetic': {
      const l = compileMongoExpr(c, expr.left, 'number').expr;
      const r = compileMongoExpr(c, expr.right, 'number').expr;
      const op = expr.op;
      const body = (a: string, b: string): MExpr => {
        switch (op) {
          case '+':
            return { $add: [a, b] };
          case '-':
            return { $subtract: [a, b] };
          case '*':
            return { $multiply: [a, b] };
          case '/':
            // Division by zero is NULL in the rule language; MongoDB would fail the whole query.
            return { $cond: [{ $eq: [b, 0] }, null, { $divide: [a, b] }] };
          default: {
            const never: never = op;
            throw new Error(`unhandled operator ${String(never)}`);
          }
        }
      };
      return { expr: nullSafe([l, r], ([a, b]) => body(a!, b!)), type: 'number' };
    }
    case 'compare': {
      const [l, r] = operands(c, [expr.left, expr.right]);
      return { expr: compare(expr.op, l, r), type: 'boolean' };
    }
    case 'logical': {
      const l = compileMongoExpr(c, expr.left, 'boolean').expr;
      const r = compileMongoExpr(c, expr.right, 'boolean').expr;
      return { expr: expr.op === 'AND' ? and3(l, r) : or3(l, r), type: 'boolean' };
    }
    case 'in': {
      const [operand, ...list] = operands(c, [expr.operand, ...expr.list]);
      const names = list.map((_x, i) => `i${i}`);
      const items = names.map((n) => `$$${n}`);
      const test = { $let: { vars: { x: operand, ...Object.fromEntries(names.map((n, i) => [n, list[i]])) }, in: { $cond: [
        isNull('$$x'), null,
        { $cond: [{ $or: items.map((it) => ({ $and: [{ $ne: [it, null] }, { $eq: ['$$x', it] }] })) }, true,
          { $cond: [{ $or: items.map(isNull) }, null, false] }] },
      ] } } };
      return { expr: expr.negated ? not3(test) : test, type: 'boolean' };
    }
    case 'between': {
      const [operand, low, high] = operands(c, [expr.operand, expr.low, expr.high]);
      const test = { $let: { vars: { x: operand }, in: and3(compare('>=', '$$x', low), compare('<=', '$$x', high)) } };
      return { expr: expr.negated ? not3(test) : test, type: 'boolean' };
    }
    case 'is_null': {
      const operand = compileMongoExpr(c, expr.operand).expr;
      return { expr: expr.negated ? { $ne: [operand, null] } : isNull(operand), type: 'boolean' };
    }
    case 'like':
    case 'matches': {
      const operand = compileMongoExpr(c, expr.operand, 'text').expr;
      const pattern = expr.kind === 'like' ? likeToPcre(patternOf(expr.pattern, 'LIKE')) : regexToPcre(patternOf(expr.pattern, 'MATCHES'));
      const test = nullSafe([operand], ([s]) => ({ $regexMatch: { input: s, regex: { $literal: pattern }, options: 's' } }));
      return { expr: expr.negated ? not3(test) : test, type: 'boolean' };
    }
    case 'call':
      return compileCall(c, expr, hint);
    case 'aggregate': {
      const field = c.aggregates?.get(aggregateAlias(expr));
      if (field === undefined) throw new AppError('RULE_INVALID', 'An aggregate is only allowed in the condition of a group rule.');
      return { expr: { $ifNull: [`$${field}`, null] }, type: inferType(expr, c.scope) };
    }
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}
