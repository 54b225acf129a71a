import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule, Severity } from '../../../../shared/rule.js';
import type { ColumnInfo, SourceSchema, TableInfo } from '../../../../shared/schema.js';
import { AppError } from '../../../../shared/errors.js';
import { checkRule } from '../../rules/check.js';
import { buildScope } from '../../rules/scope.js';
import type { Clause, Measure } from '../heuristic/clause.js';
import { pickColumn, pickTable, type Pick } from './pick.js';
import { requirementDate, requirementExpr } from './requirement-expr.js';
import { ruleIdFromQuote } from './rule-id.js';

export interface MapInfo {
  quote: string;
  page: number;
  /** Defaults to an id made from the quote. */
  id?: string;
  title?: string;
  description?: string;
  severity?: Severity;
  confidence?: number;
  origin?: 'heuristic' | 'llm';
}

export interface MapResult {
  rule?: Rule;
  problems: string[];
}

const DATE_TYPES = ['date', 'timestamp', 'text', 'unknown'] as const;
const col = (c: ColumnInfo): Expr => ({ kind: 'column', name: c.name });
const num = (value: number): Expr => ({ kind: 'number', value });
const compare = (op: Measure['op'], left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });
const daysBetween = (a: Expr, b: Expr): Expr => ({ kind: 'call', fn: 'days_between', args: [a, b] });
const today: Expr = { kind: 'call', fn: 'today', args: [] };

interface Body {
  when?: Expr;
  require: Expr;
}

/** Durations are checked in whole days; a year is counted as 365 of them. */
const inDays = (m: Measure): number => (m.kind === 'years' ? m.value * 365 : m.value);

function moneyBody(clause: Clause, m: Measure, table: TableInfo): Pick<Body> {
  const amount = pickColumn(table, 'amount', ['number', 'unknown'], 'amount');
  if (!amount.ok) return amount;
  const test = compare(m.op, col(amount.value), num(m.value));
  // "must not exceed $500" limits the amount itself; "over $75 require a receipt" is a threshold.
  if (m.op === '<=' || m.op === '<') return { ok: true, value: { require: test } };
  if (clause.requirement === undefined) return { ok: false, problem: `a threshold (${m.phrase}) but no requirement to check above it` };
  const req = requirementExpr(clause.requirement, table);
  return req.ok ? { ok: true, value: { when: test, require: req.value } } : req;
}

function durationBody(clause: Clause, m: Measure, table: TableInfo): Pick<Body> {
  const days = inDays(m);
  if (m.op === '<=' || m.op === '<') {
    // "submitted within 30 days": from the event to the date the requirement was met.
    const end = requirementDate(clause.requirement, table);
    if (!end.ok) return end;
    const start = pickColumn(table, 'startDate', [...DATE_TYPES], 'start date');
    if (!start.ok) return start;
    if (start.value.name === end.value.name) return { ok: false, problem: `only one date column (${start.value.name}) for a period in table ${table.name}` };
    return { ok: true, value: { require: compare(m.op, daysBetween(col(start.value), col(end.value)), num(days)) } };
  }
  if (m.op === '>=') return { ok: false, problem: `a minimum period (${m.phrase}) cannot be checked on one record's columns; write the rule by hand` };
  // "inactive for 90 days", "older than 7 years": the age of the record (or its last activity) as of the scan.
  const inactive = /\binactive\b/i.test(m.phrase);
  const since = pickColumn(table, inactive ? 'lastActivity' : 'age', [...DATE_TYPES], inactive ? 'last activity' : 'record date');
  if (!since.ok) return since;
  if (clause.requirement === undefined) return { ok: false, problem: `a period (${m.phrase}) but no requirement to check after it` };
  const req = requirementExpr(clause.requirement, table);
  if (!req.ok) return req;
  return { ok: true, value: { when: compare(m.op, daysBetween(col(since.value), today), num(days)), require: req.value } };
}

function bodyOf(clause: Clause, table: TableInfo): Pick<Body> {
  const m = clause.measure;
  if (m === undefined) {
    if (clause.requirement === undefined) return { ok: false, problem: 'no quantity and no requirement found to check' };
    const req = requirementExpr(clause.requirement, table);
    return req.ok ? { ok: true, value: { require: req.value } } : req;
  }
  switch (m.kind) {
    case 'money':
      return moneyBody(clause, m, table);
    case 'days':
    case 'years':
      return durationBody(clause, m, table);
    case 'count':
    case 'percent':
      return { ok: false, problem: `a ${m.kind} (${m.phrase}) needs a column saying what is counted; none is named in the sentence` };
    default: {
      const never: never = m.kind;
      throw new Error(`unhandled measure ${String(never)}`);
    }
  }
}

/**
 * Maps a clause onto a connection's schema: picks the table by the subject, the columns by name
 * and type, builds a draft rule and validates it with the rule checker. Nothing is guessed
 * silently: each step that fails says why in `problems`.
 */
export function mapClauseToSchema(clause: Clause, schema: SourceSchema, connection: string, info: MapInfo): MapResult {
  const table = pickTable(clause.subject, schema.tables);
  if (!table.ok) return { problems: [table.problem] };
  if (table.value.primaryKey.length === 0) return { problems: [`table ${table.value.name} has no primary key to identify records`] };
  const body = bodyOf(clause, table.value);
  if (!body.ok) return { problems: [body.problem] };
  const rule: Rule = {
    id: info.id ?? ruleIdFromQuote(info.quote),
    title: info.title ?? info.quote.slice(0, 80),
    ...(info.description !== undefined ? { description: info.description } : {}),
    severity: info.severity ?? 'medium',
    target: { connection, table: table.value.name, key: [...table.value.primaryKey] },
    ...(body.value.when !== undefined ? { when: body.value.when } : {}),
    require: body.value.require,
    status: 'draft',
    origin: info.origin ?? 'heuristic',
    ...(info.confidence !== undefined ? { confidence: info.confidence } : {}),
    source: { policyId: '', page: info.page, quote: info.quote },
    version: 1,
  };
  try {
    const problems = checkRule(rule, buildScope(rule, schema)).map((p) => `${p.field}: ${p.message}`);
    return problems.length > 0 ? { problems } : { rule, problems: [] };
  } catch (error) {
    if (error instanceof AppError) return { problems: [error.message] };
    throw error;
  }
}
