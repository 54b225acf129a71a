/**
 * Justifications: why a record violates a rule, in words, from the AST and the record's values.
 * `expenses #17: amount 120.5 is over 75 but receipt is FALSE, expected TRUE (rule "receipt-over-75")`.
 * Never throws: a record with odd values still gets a sentence.
 */
import type { ComparisonOp, Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, ValueType } from '../../../shared/schema.js';
import { isGroupRule } from './aggregates.js';
import { compareCells, convertCell } from './cell-compare.js';
import { builder, truth, type Built, type EvalContext, type Frame } from './eval-build.js';
import { aggregateAlias, columnText, exprText } from './expr-text.js';
import { exprChildren } from './expr-children.js';
import { commonType } from './infer-type.js';
import { resolveColumn } from './scope.js';

export interface FailedCondition {
  /** The part of the rule that did not hold (or, for `violation:` rules, that matched). */
  expression: string;
  /** The record's values of the columns (or aggregates) that part reads, by alias. */
  actual: Record<string, CellValue>;
  /** What would have to hold instead. */
  expected: string;
}

export interface Justification {
  text: string;
  failed: FailedCondition[];
  /** Aliases of columns whose missing value (NULL) left the requirement unknown. */
  missing: string[];
}

export type JustifyContext = EvalContext & { recordLabel: string };

interface Part {
  text: string;
  expr: Expr;
}

/**
 * Justifications are written for every violation a scan finds: what depends on the rule alone
 * (its texts, whether it groups) is worked out once per rule object. Rules are not changed once
 * parsed (an edit is a new version, a new object).
 */
function remembered<K extends object, V>(cache: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

const texts = new WeakMap<Expr, string>();
const columnTexts = new WeakMap<Expr, string>();
const groupRules = new WeakMap<Rule, boolean>();
const textOf = (expr: Expr): string => remembered(texts, expr, exprText);
const columnTextOf = (expr: Extract<Expr, { kind: 'column' }>): string => remembered(columnTexts, expr, () => columnText(expr));
const groupRule = (rule: Rule): boolean => remembered(groupRules, rule, isGroupRule);
const listTexts = new WeakMap<Expr, string>();
const listTextOf = (expr: Extract<Expr, { kind: 'in' }>): string => remembered(listTexts, expr, () => expr.list.map(exprText).join(', '));
/** The type two compared operands meet as, by the comparison's own built form (one per scope). */
const pairTypes = new WeakMap<Built, ValueType>();

/** The parts' texts joined, without an array in between for the usual single part. */
function joined(parts: Part[], separator: string): string {
  let text = '';
  for (let i = 0; i < parts.length; i++) text = i === 0 ? parts[i]!.text : `${text}${separator}${parts[i]!.text}`;
  return text;
}

/** Whether an operand is written out as a literal (a value shown needs no name before it). */
function isLiteral(expr: Expr): boolean {
  return expr.kind === 'number' || expr.kind === 'string' || expr.kind === 'boolean' || expr.kind === 'date';
}

/**
 * One justification. Runs for every violation a scan finds: values are evaluated again when asked
 * again (cheaper than remembering them), and nothing is allocated that a record does not need.
 */
class Writer {
  private missingColumns: Set<string> | null = null;
  private readonly frame: Frame;
  private readonly built: (expr: Expr) => Built;

  constructor(
    private readonly row: Row,
    private readonly ctx: EvalContext,
  ) {
    this.frame = { row, ctx, group: null };
    this.built = builder(ctx.scope);
  }

  get missing(): string[] {
    return this.missingColumns === null ? [] : [...this.missingColumns];
  }

  value(expr: Expr): CellValue {
    return this.built(expr).run(this.frame);
  }

  type(expr: Expr): ValueType {
    return this.built(expr).type;
  }

  show(value: CellValue, type: ValueType): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') return String(value);
    return type === 'date' || type === 'timestamp' ? value : `'${value}'`;
  }

  /** `amount 120.5`, `75`, `count(*) 3`, `lower(code) 'abc'`. */
  operand(expr: Expr): string {
    const value = this.value(expr);
    const shown = this.show(value, this.type(expr));
    switch (expr.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'date':
      case 'null':
        return shown;
      case 'column':
        return `${columnTextOf(expr)} ${shown}`;
      default:
        return `${textOf(expr)} ${shown}`;
    }
  }

  /** Columns and aggregates an expression reads, with the record's values. */
  actual(expr: Expr, out: Record<string, CellValue> = {}): Record<string, CellValue> {
    const visit = (e: Expr): void => {
      if (e.kind === 'column') {
        const resolved = resolveColumn(this.ctx.scope, e);
        const key = resolved.ok ? resolved.column.alias : columnText(e);
        out[key] = this.row[key] ?? null;
        return;
      }
      if (e.kind === 'aggregate') {
        const key = aggregateAlias(e);
        out[key] = this.row[key] ?? null;
        return;
      }
      for (const child of exprChildren(e)) visit(child);
    };
    visit(expr);
    return out;
  }

  /** `receipt is missing (NULL)` for the NULL values that made `expr` unknown. */
  missingText(expr: Expr): string {
    const nulls = Object.entries(this.actual(expr)).filter(([, v]) => v === null).map(([k]) => k);
    if (nulls.length > 0) {
      const missing = (this.missingColumns ??= new Set());
      for (const k of nulls) missing.add(k);
    }
    if (nulls.length === 0) return `${textOf(expr)} is unknown (NULL)`;
    return `${nulls.join(', ')} ${nulls.length === 1 ? 'is' : 'are'} missing (NULL)`;
  }

  /** The type the operands of a comparison meet as. */
  pairType(expr: Extract<Expr, { kind: 'compare' }>): ValueType {
    return remembered(pairTypes, this.built(expr), () => commonType([this.type(expr.left), this.type(expr.right)]));
  }

  /** The actual order of two operands compared as `to`, or null when either is NULL. */
  order(left: Expr, right: Expr, to: ValueType): number | null {
    const a = convertCell(this.value(left), this.type(left), to);
    const b = convertCell(this.value(right), this.type(right), to);
    return a === null || b === null ? null : compareCells(a, b);
  }

  relation(order: number, type: ValueType): string {
    const temporal = type === 'date' || type === 'timestamp';
    if (order === 0) return 'equal to';
    if (type === 'number') return order < 0 ? 'under' : 'over';
    if (temporal) return order < 0 ? 'before' : 'after';
    return order < 0 ? 'before (in text order)' : 'after (in text order)';
  }

  /** `shipped_at 2024-03-09 is after required_at 2024-03-01`. */
  comparison(expr: Extract<Expr, { kind: 'compare' }>, failed: boolean): string {
    const type = this.pairType(expr);
    const order = this.order(expr.left, expr.right, type);
    if (order === null) return this.missingText(expr);
    if (!failed && order === 0 && expr.op === '=' && isLiteral(expr.right) && !isLiteral(expr.left)) {
      return `${textOf(expr.left)} is ${this.show(this.value(expr.left), this.type(expr.left))}`;
    }
    if (failed && expr.op === '=' && isLiteral(expr.right) && !isLiteral(expr.left)) {
      return `${textOf(expr.left)} is ${this.show(this.value(expr.left), this.type(expr.left))}, expected ${this.show(this.value(expr.right), type)}`;
    }
    const text = `${this.operand(expr.left)} is ${this.relation(order, type)} ${this.operand(expr.right)}`;
    return failed && order === 0 && expr.op !== '=' ? `${text}, expected ${OP_WORDS[expr.op]}` : text;
  }

  /** Why `expr` is not TRUE (it is FALSE or NULL). */
  failure(expr: Expr): Part[] {
    const value = truth(this.value(expr));
    if (value === true) return [];
    if (expr.kind === 'logical') {
      const parts = this.failure(expr.left);
      for (const part of this.failure(expr.right)) parts.push(part);
      if (expr.op === 'AND') return parts;
      return [{ expr, text: `neither of the alternatives holds: ${joined(parts, '; ')}` }];
    }
    if (value === null && expr.kind !== 'not') return [{ expr, text: this.missingText(expr) }];
    return [{ expr, text: this.falseText(expr) }];
  }

  private falseText(expr: Expr): string {
    switch (expr.kind) {
      case 'compare':
        return this.comparison(expr, true);
      case 'column':
        return `${columnTextOf(expr)} is FALSE, expected TRUE`;
      case 'is_null':
        return expr.negated ? this.missingText(expr.operand) : `${this.operand(expr.operand)} is present, expected no value (NULL)`;
      case 'in':
        return `${this.operand(expr.operand)} is ${expr.negated ? '' : 'not '}one of (${listTextOf(expr)})`;
      case 'between':
        return `${this.operand(expr.operand)} is ${expr.negated ? '' : 'not '}between ${this.operand(expr.low)} and ${this.operand(expr.high)}`;
      case 'like':
        return `${this.operand(expr.operand)} ${expr.negated ? 'matches' : 'does not match'} the pattern ${textOf(expr.pattern)}`;
      case 'matches':
        return `${this.operand(expr.operand)} ${expr.negated ? 'matches' : 'does not match'} the regular expression ${textOf(expr.pattern)}`;
      case 'not': {
        const inner = truth(this.value(expr.operand));
        if (inner === null) return this.missingText(expr.operand);
        return `${joined(this.holds(expr.operand), ' and ')}, expected it not to hold`;
      }
      default:
        return `${textOf(expr)} is ${this.show(this.value(expr), 'boolean')}, expected TRUE`;
    }
  }

  /** Why `expr` is TRUE: for `when` and for `violation:` rules. */
  holds(expr: Expr): Part[] {
    if (expr.kind === 'logical') {
      if (expr.op === 'AND') {
        const parts = this.holds(expr.left);
        for (const part of this.holds(expr.right)) parts.push(part);
        return parts;
      }
      const side = truth(this.value(expr.left)) === true ? expr.left : expr.right;
      return this.holds(side);
    }
    return [{ expr, text: this.trueText(expr) }];
  }

  private trueText(expr: Expr): string {
    switch (expr.kind) {
      case 'compare':
        return this.comparison(expr, false);
      case 'column':
        return `${columnTextOf(expr)} is TRUE`;
      case 'is_null':
        return expr.negated ? `${this.operand(expr.operand)} is present` : this.missingText(expr.operand);
      case 'in':
        return `${this.operand(expr.operand)} is ${expr.negated ? 'not ' : ''}one of (${listTextOf(expr)})`;
      case 'between':
        return `${this.operand(expr.operand)} is ${expr.negated ? 'not ' : ''}between ${this.operand(expr.low)} and ${this.operand(expr.high)}`;
      case 'like':
        return `${this.operand(expr.operand)} ${expr.negated ? 'does not match' : 'matches'} the pattern ${textOf(expr.pattern)}`;
      case 'matches':
        return `${this.operand(expr.operand)} ${expr.negated ? 'does not match' : 'matches'} the regular expression ${textOf(expr.pattern)}`;
      case 'not':
        return joined(this.failure(expr.operand), ' and ') || `${textOf(expr)} holds`;
      default:
        return `${textOf(expr)} holds`;
    }
  }
}

const OP_WORDS: Record<ComparisonOp, string> = {
  '=': 'equal to',
  '<>': 'different',
  '<': 'less',
  '<=': 'less or equal',
  '>': 'greater',
  '>=': 'greater or equal',
};

/** A `when` condition in words, leaving out presence checks the values already show. */
function scopeText(w: Writer, when: Expr | undefined): string {
  if (when === undefined) return '';
  return joined(
    w.holds(when).filter((p) => !(p.expr.kind === 'is_null' && p.expr.negated)),
    ' and ',
  );
}

function write(rule: Rule, row: Row, ctx: JustifyContext, detailed: boolean): Justification {
  const w = new Writer(row, ctx);
  const failed: FailedCondition[] = [];
  let reason: string;
  if (rule.violation !== undefined) {
    const parts = w.holds(rule.violation);
    reason = joined(parts, ' and ');
    if (detailed) {
      for (const p of parts) {
        failed.push({ expression: textOf(p.expr), actual: w.actual(p.expr), expected: `NOT (${textOf(p.expr)})` });
      }
    }
  } else if (rule.require !== undefined) {
    const parts = w.failure(rule.require);
    const unknown = truth(w.value(rule.require)) === null;
    reason = joined(parts, '; ');
    if (unknown) reason += ', so the requirement cannot be shown to hold';
    if (detailed) {
      for (const p of parts) failed.push({ expression: textOf(p.expr), actual: w.actual(p.expr), expected: textOf(p.expr) });
    }
  } else {
    reason = 'the rule has no condition';
  }
  // A group rule's `when` filters records, not groups: its row holds no record values to show.
  const scope = groupRule(rule) ? '' : scopeText(w, rule.when);
  const body = scope && rule.require !== undefined ? `${scope} but ${reason}` : scope ? `${scope} and ${reason}` : reason;
  return { text: `${ctx.recordLabel}: ${body} (rule "${rule.id}")`, failed, missing: w.missing };
}

/** Why `row` violates `rule`, in words and as structured parts. */
export function justify(rule: Rule, row: Row, ctx: JustifyContext): Justification {
  try {
    return write(rule, row, ctx, true);
  } catch (error) {
    return fallback(rule, ctx, error);
  }
}

/** The sentence alone, for the scanner: it writes one for every violation it finds. */
export function justificationText(rule: Rule, row: Row, ctx: JustifyContext): string {
  try {
    return write(rule, row, ctx, false).text;
  } catch (error) {
    return fallback(rule, ctx, error).text;
  }
}

function fallback(rule: Rule, ctx: JustifyContext, error: unknown): Justification {
  const detail = error instanceof Error ? error.message : String(error);
  return { text: `${ctx.recordLabel} violates rule "${rule.id}" (no details: ${detail})`, failed: [], missing: [] };
}
