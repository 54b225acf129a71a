import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { ValueType } from '../../../shared/schema.js';
import { printExpression } from './printer.js';
import { checkPortableRegex } from './regex-subset.js';
import { inferType } from './infer-type.js';
import { resolveColumn, type RuleScope, type ScopeColumn } from './scope.js';

export type RuleField = 'when' | 'require' | 'violation' | 'target.key' | 'group_by' | 'target.join';

export interface RuleProblem {
  ruleId: string;
  field: RuleField;
  message: string;
}

// One type inference serves the checker, the compilers and the evaluator.
export { inferType };

/** Families of types that may be compared with each other. */
type Family = 'number' | 'text' | 'boolean' | 'temporal' | 'unknown';

function family(type: ValueType): Family {
  switch (type) {
    case 'date':
    case 'timestamp':
      return 'temporal';
    case 'number':
    case 'text':
    case 'boolean':
    case 'unknown':
      return type;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

/** Dates stored as ISO text (SQLite, CSV) count as dates, so text and dates mix. */
function comparable(a: ValueType, b: ValueType): boolean {
  const fa = family(a);
  const fb = family(b);
  if (fa === 'unknown' || fb === 'unknown' || fa === fb) return true;
  return (fa === 'text' && fb === 'temporal') || (fa === 'temporal' && fb === 'text');
}

function accepts(type: ValueType, wanted: Family): boolean {
  const f = family(type);
  if (f === 'unknown' || f === wanted) return true;
  return wanted === 'temporal' && f === 'text';
}

const SIGNATURES: Record<string, { arity: [number, number]; usage: string }> = {
  lower: { arity: [1, 1], usage: 'lower(text)' },
  upper: { arity: [1, 1], usage: 'upper(text)' },
  length: { arity: [1, 1], usage: 'length(text)' },
  trim: { arity: [1, 1], usage: 'trim(text)' },
  abs: { arity: [1, 1], usage: 'abs(number)' },
  round: { arity: [1, 2], usage: 'round(number) or round(number, digits)' },
  coalesce: { arity: [2, Number.POSITIVE_INFINITY], usage: 'coalesce(a, b, ...) with at least two values' },
  date: { arity: [1, 1], usage: 'date(date_or_timestamp)' },
  year: { arity: [1, 1], usage: 'year(date)' },
  month: { arity: [1, 1], usage: 'month(date)' },
  days_between: { arity: [2, 2], usage: 'days_between(from_date, to_date)' },
  today: { arity: [0, 0], usage: 'today()' },
};

/** Largest `digits` of round(); engines disagree beyond what a double can hold. */
const MAX_ROUND_DIGITS = 15;

function columnLabel(ref: { table?: string; name: string }): string {
  return ref.table === undefined ? ref.name : `${ref.table}.${ref.name}`;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Up to three names close to `name` (case-insensitive edit distance), closest first. */
export function closestNames(name: string, candidates: string[]): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: levenshtein(wanted, c.toLowerCase()), contains: c.toLowerCase().includes(wanted) || wanted.includes(c.toLowerCase()) }))
    .filter((x) => x.d <= limit || x.contains)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}

function describe(expr: Expr, type: ValueType): string {
  switch (expr.kind) {
    case 'column':
      return `${type === 'unknown' ? '' : `${type} `}column "${columnLabel(expr)}"`;
    case 'number':
      return `the number ${printExpression(expr)}`;
    case 'string':
      return `the string ${printExpression(expr)}`;
    case 'boolean':
      return `the boolean ${printExpression(expr)}`;
    case 'date':
      return `the date ${printExpression(expr)}`;
    default:
      return `${type === 'unknown' ? 'the' : `the ${type}`} value ${printExpression(expr)}`;
  }
}

/** What to write instead when `a` (of type ta) is compared with `b` (of type tb). */
function comparisonAdvice(a: Expr, ta: ValueType, b: Expr, tb: ValueType): string {
  const [fa, fb] = [family(ta), family(tb)];
  const numericText = (e: Expr) => e.kind === 'string' && /^-?\d+(\.\d+)?$/.test(e.value.trim());
  if (fa === 'text' && fb === 'number') {
    if (numericText(a)) return `write the number ${(a as { value: string }).value.trim()} without quotes`;
    if (b.kind === 'number') return `compare it with a string (${printExpression({ kind: 'string', value: String(b.value) })}) or use a number column`;
    return 'compare text with text and numbers with numbers';
  }
  if (fa === 'number' && fb === 'text') return comparisonAdvice(b, tb, a, ta);
  if (fa === 'boolean' && b.kind === 'number' && (b.value === 0 || b.value === 1)) {
    return `write ${b.value === 1 ? 'TRUE' : 'FALSE'} instead of ${b.value}`;
  }
  if (fb === 'boolean' && a.kind === 'number') return comparisonAdvice(b, tb, a, ta);
  if (fa === 'boolean' || fb === 'boolean') return 'compare a boolean with TRUE or FALSE, or with another boolean';
  if (fa === 'temporal' || fb === 'temporal') {
    return "compare a date with a date such as DATE '2024-01-31', or turn it into a number with year(), month() or days_between()";
  }
  return 'compare values of the same type';
}

interface Context {
  field: RuleField;
  /** How the field is named in messages (`require`, `join #1 (vendors) on`). */
  label: string;
  /** The rule is a group rule: aggregates allowed, bare columns must be grouped. */
  group: boolean;
  inAggregate: boolean;
}

class RuleChecker {
  readonly problems: RuleProblem[] = [];
  private readonly groupColumns: ScopeColumn[] = [];

  constructor(
    private readonly rule: Rule,
    private readonly scope: RuleScope,
  ) {}

  run(): RuleProblem[] {
    const rule = this.rule;
    const isGroup = (rule.groupBy?.length ?? 0) > 0;
    for (const name of rule.groupBy ?? []) {
      const column = this.resolve({ name }, 'group_by', `column "${name}"`);
      if (column) this.groupColumns.push(column);
    }
    this.checkKey(isGroup);
    this.checkWatermark(isGroup);
    (rule.target.join ?? []).forEach((join, i) => {
      this.condition(join.on, { field: 'target.join', label: `join #${i + 1} (${join.table}) on`, group: false, inAggregate: false });
    });
    if ((rule.require === undefined) === (rule.violation === undefined)) {
      this.report(rule.violation === undefined ? 'require' : 'violation', 'needs exactly one of require and violation; write require: for what must hold, or violation: for what is wrong');
    }
    const conditions: Array<['when' | 'require' | 'violation', Expr | undefined]> = [
      ['when', rule.when],
      ['require', rule.require],
      ['violation', rule.violation],
    ];
    for (const [field, expr] of conditions) {
      if (expr !== undefined) this.condition(expr, { field, label: field, group: isGroup, inAggregate: false });
    }
    return this.problems;
  }

  private report(field: RuleField, message: string, label: string = fieldLabel(field)): void {
    const end = /[.?]$/.test(message) ? '' : '.';
    this.problems.push({ ruleId: this.rule.id, field, message: `Rule "${this.rule.id}": ${label} ${message}${end}` });
  }

  private say(ctx: Context, message: string): void {
    this.report(ctx.field, message, ctx.label);
  }

  /** Incremental scans compare and order by the watermark, so it must be an ordered, scalar column of the base. */
  /**
   * Incremental scans compare and order by the watermark, so it must be an ordered column of the
   * base. Reported under the target's field (labelled "watermark"): it identifies records' recency
   * as the key identifies the records.
   */
  private checkWatermark(isGroup: boolean): void {
    const name = this.rule.target.watermark;
    if (name === undefined) return;
    const say = (message: string): void => this.report('target.key', message, 'watermark');
    if (isGroup) {
      say('cannot be used on a group rule: a group needs all its records, not only the new ones; remove watermark');
      return;
    }
    const column = this.resolve({ name }, 'target.key', `column "${name}"`, 'watermark');
    if (!column) return;
    if (column.table !== this.scope.base) {
      say(`is "${name}" of the joined table ${column.table}; name a column of ${this.scope.base}`);
      return;
    }
    if (column.type !== 'number' && column.type !== 'date' && column.type !== 'timestamp') {
      say(`is "${name}", a ${column.type} column; name an increasing number, date or timestamp column (an id, an updated-at time)`);
    }
  }

  private checkKey(isGroup: boolean): void {
    const key = this.rule.target.key;
    for (const name of key) this.resolve({ name }, 'target.key', `column "${name}"`);
    if (isGroup && key.length > 0) {
      const groupBy = this.rule.groupBy ?? [];
      const same = key.length === groupBy.length && key.every((k) => groupBy.some((g) => g.toLowerCase() === k.toLowerCase()));
      if (!same) {
        this.report('target.key', `is [${key.join(', ')}], but a group rule is keyed by its group_by columns; write key: [${groupBy.join(', ')}] or leave key out`, 'key');
      }
    }
  }

  /** Resolves a reference, reporting why it does not resolve. */
  private resolve(
    ref: { table?: string; name: string },
    field: RuleField,
    what: string,
    label: string = fieldLabel(field),
  ): ScopeColumn | null {
    const result = resolveColumn(this.scope, ref);
    if (result.ok) return result.column;
    switch (result.reason) {
      case 'unknown_table':
        this.report(field, `refers to table "${ref.table}", which is not part of this rule's target; its tables are ${this.scope.tables.map((t) => `"${t}"`).join(', ')}`, label);
        break;
      case 'not_found': {
        const pool = this.scope.columns.filter((c) => ref.table === undefined || c.table.toLowerCase() === ref.table.toLowerCase());
        const names = pool.map((c) => (ref.table === undefined && c.table !== this.scope.base ? `${c.table}.${c.name}` : c.name));
        const close = closestNames(ref.name, [...names, ...pool.map((c) => c.name)]);
        const where = ref.table === undefined ? `in ${this.scope.base}` : `in table "${ref.table}"`;
        const hint = close.length > 0
          ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`
          : `its columns are ${names.slice(0, 15).join(', ')}${names.length > 15 ? ', …' : ''}`;
        this.report(field, `refers to ${what}, which does not exist ${where}; ${hint}`, label);
        break;
      }
      case 'ambiguous': {
        const options = result.candidates.map((c) => `${c.table}.${c.name}`);
        this.report(field, `uses column "${ref.name}", which is in several tables (${result.candidates.map((c) => c.table).join(', ')}); qualify it with table., e.g. ${options.join(' or ')}`, label);
        break;
      }
      default: {
        const never: never = result.reason;
        throw new Error(`unhandled resolution ${String(never)}`);
      }
    }
    return null;
  }

  /** A top-level condition: must be boolean-typed. */
  private condition(expr: Expr, ctx: Context): void {
    const before = this.problems.length;
    const type = this.type(expr, ctx);
    if (this.problems.length > before) return;
    const f = family(type);
    if (f === 'boolean' || f === 'unknown') return;
    const printed = printExpression(expr);
    const example = f === 'number' ? `${printed} > 0` : f === 'text' ? `${printed} = 'value'` : `${printed} <= today()`;
    this.say(ctx, `is ${describe(expr, type)}, not a condition; write a condition such as ${example}`);
  }

  private mismatch(ctx: Context, verb: string, a: Expr, ta: ValueType, b: Expr, tb: ValueType): boolean {
    if (comparable(ta, tb)) {
      const [temporal, other] = family(ta) === 'temporal' ? [a, b] : family(tb) === 'temporal' ? [b, a] : [null, null];
      if (temporal && other?.kind === 'string') {
        const iso = /^\d{4}-\d{2}-\d{2}$/.test(other.value) ? other.value : 'YYYY-MM-DD';
        this.say(ctx, `${verb} ${describe(temporal, family(ta) === 'temporal' ? ta : tb)} with ${describe(other, 'text')}; write a date literal: DATE '${iso}'`);
        return true;
      }
      return false;
    }
    this.say(ctx, `${verb} ${describe(a, ta)} with ${describe(b, tb)}; ${comparisonAdvice(a, ta, b, tb)}`);
    return true;
  }

  private need(ctx: Context, expr: Expr, type: ValueType, wanted: Family, what: string, advice: string): void {
    if (accepts(type, wanted)) return;
    this.say(ctx, `${what} ${describe(expr, type)}; ${advice}`);
  }

  private type(expr: Expr, ctx: Context): ValueType {
    switch (expr.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'null':
      case 'date':
        return inferType(expr, this.scope);
      case 'column': {
        const column = this.resolve(expr, ctx.field, `column "${columnLabel(expr)}"`, ctx.label);
        if (!column) return 'unknown';
        if (ctx.group && !ctx.inAggregate && !this.groupColumns.some((g) => g.table === column.table && g.name === column.name)) {
          this.say(ctx, `uses column "${columnLabel(expr)}" outside an aggregate; a group rule sees groups, not rows: wrap it in count/sum/min/max/avg or add it to group_by`);
        }
        return column.type;
      }
      case 'negate': {
        const t = this.type(expr.operand, ctx);
        this.need(ctx, expr.operand, t, 'number', 'negates', 'only numbers can be negated');
        return 'number';
      }
      case 'arithmetic': {
        for (const side of [expr.left, expr.right]) {
          const t = this.type(side, ctx);
          const advice = family(t) === 'temporal'
            ? 'use days_between(a, b) for the days between two dates'
            : 'arithmetic needs numbers; use a number column';
          this.need(ctx, side, t, 'number', `uses ${expr.op} on`, advice);
        }
        return 'number';
      }
      case 'not':
      case 'logical': {
        const operands = expr.kind === 'not' ? [expr.operand] : [expr.left, expr.right];
        const op = expr.kind === 'not' ? 'NOT' : expr.op;
        for (const side of operands) {
          const t = this.type(side, ctx);
          this.need(ctx, side, t, 'boolean', `applies ${op} to`, `${op} combines conditions; write a comparison such as ${printExpression(side)} = 1`);
        }
        return 'boolean';
      }
      case 'compare': {
        const tl = this.type(expr.left, ctx);
        const tr = this.type(expr.right, ctx);
        const nullSide = expr.left.kind === 'null' ? expr.right : expr.right.kind === 'null' ? expr.left : null;
        if (nullSide) {
          const fix = expr.op === '<>' ? 'IS NOT NULL' : 'IS NULL';
          this.say(ctx, `compares with NULL (${printExpression(expr)}), which is never true; write ${printExpression(nullSide)} ${fix}`);
          return 'boolean';
        }
        this.mismatch(ctx, 'compares', expr.left, tl, expr.right, tr);
        return 'boolean';
      }
      case 'in': {
        const t = this.type(expr.operand, ctx);
        for (const item of expr.list) {
          const ti = this.type(item, ctx);
          if (item.kind !== 'null') this.mismatch(ctx, 'compares', expr.operand, t, item, ti);
        }
        return 'boolean';
      }
      case 'between': {
        const t = this.type(expr.operand, ctx);
        for (const bound of [expr.low, expr.high]) this.mismatch(ctx, 'compares', expr.operand, t, bound, this.type(bound, ctx));
        return 'boolean';
      }
      case 'is_null':
        this.type(expr.operand, ctx);
        return 'boolean';
      case 'like':
      case 'matches':
        return this.pattern(expr, ctx);
      case 'call':
        return this.call(expr, ctx);
      case 'aggregate':
        return this.aggregate(expr, ctx);
      default: {
        const never: never = expr;
        throw new Error(`unhandled expression ${JSON.stringify(never)}`);
      }
    }
  }

  private pattern(expr: Extract<Expr, { kind: 'like' | 'matches' }>, ctx: Context): ValueType {
    const op = expr.kind === 'like' ? 'LIKE' : 'MATCHES';
    const t = this.type(expr.operand, ctx);
    if (family(t) !== 'text' && family(t) !== 'unknown') {
      this.say(ctx, `applies ${op} to ${describe(expr.operand, t)}; ${op} works on text only${family(t) === 'temporal' ? ', for dates compare with DATE literals or use year() and month()' : ''}`);
    }
    if (expr.pattern.kind !== 'string') {
      this.type(expr.pattern, ctx);
      const example = expr.kind === 'like' ? "'INV-%'" : "'^INV-[0-9]+$'";
      this.say(ctx, `uses ${printExpression(expr.pattern)} as the ${op} pattern; the pattern must be a string literal such as ${example}`);
    } else if (expr.kind === 'matches') {
      const problem = checkPortableRegex(expr.pattern.value);
      if (problem !== null) this.say(ctx, `has a MATCHES pattern outside the portable subset: ${problem.replace(/\.$/, '')}`);
    }
    return 'boolean';
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, ctx: Context): ValueType {
    const signature = SIGNATURES[expr.fn]!;
    const [min, max] = signature.arity;
    const types = expr.args.map((a) => this.type(a, ctx));
    if (expr.args.length < min || expr.args.length > max) {
      const n = expr.args.length;
      this.say(ctx, `calls ${expr.fn} with ${n} argument${n === 1 ? '' : 's'}; write ${signature.usage}`);
      return inferType(expr, this.scope);
    }
    const arg = (i: number, wanted: Family, advice: string) =>
      this.need(ctx, expr.args[i]!, types[i]!, wanted, `passes to ${expr.fn}()`, advice);
    switch (expr.fn) {
      case 'lower':
      case 'upper':
      case 'trim':
      case 'length':
        arg(0, 'text', `${expr.fn}() takes text`);
        break;
      case 'abs':
        arg(0, 'number', 'abs() takes a number');
        break;
      case 'round': {
        arg(0, 'number', 'round() takes a number');
        const digits = expr.args[1];
        if (digits !== undefined && !(digits.kind === 'number' && Number.isInteger(digits.value) && digits.value >= 0 && digits.value <= MAX_ROUND_DIGITS)) {
          this.say(ctx, `rounds to ${printExpression(digits)} digits; the digits of round must be a whole number literal from 0 to ${MAX_ROUND_DIGITS}, e.g. round(x, 2)`);
        }
        break;
      }
      case 'coalesce':
        for (let i = 1; i < expr.args.length; i++) {
          if (this.mismatch(ctx, 'mixes in coalesce()', expr.args[0]!, types[0]!, expr.args[i]!, types[i]!)) break;
        }
        break;
      case 'date':
      case 'year':
      case 'month':
        arg(0, 'temporal', `${expr.fn}() takes a date, a timestamp or ISO date text`);
        break;
      case 'days_between':
        arg(0, 'temporal', 'days_between() takes two dates');
        arg(1, 'temporal', 'days_between() takes two dates');
        break;
      case 'today':
        break;
      default: {
        const never: never = expr.fn;
        throw new Error(`unhandled function ${String(never)}`);
      }
    }
    return inferType(expr, this.scope);
  }

  private aggregate(expr: Extract<Expr, { kind: 'aggregate' }>, ctx: Context): ValueType {
    const printed = printExpression(expr);
    if (!ctx.group) {
      const advice = ctx.field === 'target.join' ? 'a join condition compares rows' : 'add group_by: [columns] to make it a group rule, or remove the aggregate';
      this.say(ctx, `uses the aggregate ${printed}, which is only allowed in a group rule; ${advice}`);
    } else if (ctx.inAggregate) {
      this.say(ctx, `nests aggregates (${printed}); an aggregate cannot contain another one`);
    }
    if (expr.arg !== null) {
      const t = this.type(expr.arg, { ...ctx, inAggregate: true });
      if (expr.fn === 'sum' || expr.fn === 'avg') this.need(ctx, expr.arg, t, 'number', `takes the ${expr.fn} of`, `${expr.fn}() needs numbers; use count() or min()/max() for other values`);
    }
    return inferType(expr, this.scope);
  }
}

function fieldLabel(field: RuleField): string {
  switch (field) {
    case 'when':
    case 'require':
    case 'violation':
    case 'group_by':
      return field;
    case 'target.key':
      return 'key';
    case 'target.join':
      return 'join on';
    default: {
      const never: never = field;
      throw new Error(`unhandled field ${String(never)}`);
    }
  }
}

/**
 * Checks a parsed rule against its scope (columns, types, aggregates, keys). Returns every
 * problem found, each naming the rule, the field and what to write instead; empty when valid.
 */
export function checkRule(rule: Rule, scope: RuleScope): RuleProblem[] {
  return new RuleChecker(rule, scope).run();
}
