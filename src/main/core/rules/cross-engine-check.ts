/**
 * The checker every cross-engine property test shares: runs a generated rule's compiled queries
 * on an engine (through a `Runner`) and compares violating keys, groups, aggregates, counts and the
 * keys-only and by-key re-reads with the in-memory evaluator's answer.
 */
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, ValueType } from '../../../shared/schema.js';
import type { CompiledQuery } from '../sources/source.js';
import { normalizeRow } from '../sources/normalize-value.js';
import { compileRule } from './compile/compile-rule.js';
import type { Dialect } from './compile/dialect.js';
import { FIXTURE_SCHEMA, T_ROWS, U_COLUMNS, U_ROWS } from './cross-engine-fixture.js';
import { evaluate, isViolation, violatingGroups, type EvalContext } from './evaluate.js';
import { buildScope, type RuleScope } from './scope.js';
import { canonicalDate, canonicalTimestamp } from './temporal.js';

export const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
export const AS_OF = '2024-03-09';

export type Runner = (query: CompiledQuery) => Promise<CellValue[][]>;

/** One comparable form per value: engines print dates, timestamps and booleans differently. */
export function comparable(value: CellValue, type: ValueType): CellValue {
  if (value === null) return null;
  switch (type) {
    case 'date':
      return canonicalDate(value);
    case 'timestamp':
      return canonicalTimestamp(value);
    case 'boolean':
      return typeof value === 'number' ? value !== 0 : value;
    case 'number':
      return Number(value);
    default:
      return value;
  }
}

export function keySet(rows: CellValue[][]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

const scopes = new Map<string, RuleScope>();
function scopeOf(rule: Rule): RuleScope {
  const key = rule.target.join ? 'join' : 'base';
  let scope = scopes.get(key);
  if (!scope) {
    scope = buildScope(rule, FIXTURE_SCHEMA);
    scopes.set(key, scope);
  }
  return scope;
}

const joined = new Map<string, Row[]>();

/** The records a rule sees: `t` rows, or `t` joined to `u` with the rule's ON condition. */
function recordsOf(rule: Rule, ctx: EvalContext): Row[] {
  const join = rule.target.join?.[0];
  if (!join) return T_ROWS;
  // Every generated join has the same ON condition, so the joined rows are computed once per type.
  const cached = joined.get(join.type);
  if (cached) return cached;
  const out: Row[] = [];
  const prefixed = (u: Row | null): Row => ({
    'u.id': u?.id ?? null,
    ...Object.fromEntries(U_COLUMNS.map((c) => [`u.${c.name}`, u?.[c.name] ?? null])),
  });
  for (const t of T_ROWS) {
    let matched = false;
    for (const u of U_ROWS) {
      const row = { ...t, ...prefixed(u) };
      if (evaluate(join.on, row, ctx) === true) {
        matched = true;
        out.push(row);
      }
    }
    if (!matched && join.type === 'left') out.push({ ...t, ...prefixed(null) });
  }
  joined.set(join.type, out);
  return out;
}

export interface Expected {
  rows: string[];
  counts: number[];
}

function expectedFor(rule: Rule, query: CompiledQuery, keyColumns: string[], ctx: EvalContext): Expected {
  const records = recordsOf(rule, ctx);
  const inScope = (row: Row) => rule.when === undefined || evaluate(rule.when, row, ctx) === true;
  if (rule.groupBy === undefined) {
    const types = keyColumns.map((k) => query.columns.find((c) => c.name === k)!.type);
    const rows = records.filter((r) => isViolation(rule, r, ctx)).map((r) => keyColumns.map((k, i) => comparable(r[k] ?? null, types[i]!)));
    return { rows: keySet(rows), counts: [records.length, records.filter(inScope).length] };
  }
  const groups = violatingGroups(rule, records, ctx);
  const rows = groups.map((g) => query.columns.map((c) => comparable(g[c.name] ?? null, c.type)));
  const keyOf = (r: Row) => JSON.stringify(rule.groupBy!.map((g) => comparable(r[g] ?? null, FIXTURE_SCHEMA.tables[0]!.columns.find((c) => c.name === g)!.type)));
  const all = new Set(records.map(keyOf));
  const scoped = new Set(records.filter(inScope).map(keyOf));
  const total = rule.groupBy.length === 0 ? 1 : all.size;
  return { rows: keySet(rows), counts: [total, rule.groupBy.length === 0 ? Math.min(1, scoped.size) : scoped.size] };
}

export async function check(rule: Rule, engine: string, dialect: Dialect, run: Runner, expectedCache: Map<Rule, Expected>): Promise<void> {
  const scope = scopeOf(rule);
  const ctx: EvalContext = { scope, asOf: AS_OF };
  const compiled = compileRule(rule, scope, dialect, { asOf: AS_OF });
  // Output columns are the same on every engine, so the evaluator runs once per rule.
  const expected = expectedCache.get(rule) ?? expectedFor(rule, compiled.violations, compiled.keyColumns, ctx);
  expectedCache.set(rule, expected);
  const normalize = (query: CompiledQuery, rows: CellValue[][]) =>
    rows.map((r) => normalizeRow(r, query.columns.map((c) => c.type)).map((v, i) => comparable(v, query.columns[i]!.type)));
  let actualRows: string[];
  let counts: number[];
  try {
    const rows = normalize(compiled.violations, await run(compiled.violations));
    const keyIndexes = compiled.keyColumns.map((k) => compiled.violations.columns.findIndex((c) => c.name === k));
    actualRows = keySet(rule.groupBy === undefined ? rows.map((r) => keyIndexes.map((i) => r[i] ?? null)) : rows);
    counts = (await run(compiled.count))[0]!.map(Number);
  } catch (error) {
    throw new Error(`${engine} failed: ${(error as Error).message}\nrule: ${JSON.stringify(rule)}\nsql: ${compiled.violations.sql}`);
  }
  const context = () => `${engine}\nrule: ${JSON.stringify(rule)}\nsql: ${compiled.violations.sql}\nparams: ${JSON.stringify(compiled.violations.params)}`;
  const missing = expected.rows.filter((r) => !actualRows.includes(r)).slice(0, 5);
  const extra = actualRows.filter((r) => !expected.rows.includes(r)).slice(0, 5);
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`violations differ; evaluator only: ${missing.join(' ')}; engine only: ${extra.join(' ')}\n${context()}`);
  }
  if (counts[0] !== expected.counts[0] || counts[1] !== expected.counts[1]) {
    throw new Error(`counts differ: engine ${JSON.stringify(counts)}, evaluator ${JSON.stringify(expected.counts)}\n${context()}`);
  }
  await checkKeyLookups(rule, scope, dialect, run, actualRows, context);
}

/**
 * What a re-scan does: stream only the keys, then fetch some records by key. Both must agree
 * with the full query, NULL key parts (LEFT JOIN orphans, NULL groups) included.
 */
async function checkKeyLookups(rule: Rule, scope: RuleScope, dialect: Dialect, run: Runner, fullRows: string[], context: () => string): Promise<void> {
  const keysOnly = compileRule(rule, scope, dialect, { asOf: AS_OF, keysOnly: true });
  const types = keysOnly.violations.columns.map((c) => c.type);
  const keyRows = (await run(keysOnly.violations)).map((r) => normalizeRow(r, types));
  const comparableKeys = (rows: CellValue[][]) => keySet(rows.map((r) => r.map((v, i) => comparable(v, types[i]!))));
  const expectedKeys =
    rule.groupBy === undefined ? fullRows : keySet(fullRows.map((r) => (JSON.parse(r) as CellValue[]).slice(0, types.length)));
  if (JSON.stringify(comparableKeys(keyRows)) !== JSON.stringify(expectedKeys)) {
    throw new Error(`keys-only query differs from the full query\n${context()}\nkeys sql: ${keysOnly.violations.sql}`);
  }
  const withNull = keyRows.filter((r) => r.includes(null)).slice(0, 3);
  const picked = [...withNull, ...keyRows.filter((r, i) => i % 7 === 0 && !withNull.includes(r)).slice(0, 9)];
  const byKey = compileRule(rule, scope, dialect, { asOf: AS_OF, keyFilter: picked });
  const indexes = byKey.keyColumns.map((k) => byKey.violations.columns.findIndex((c) => c.name === k));
  const fetched = (await run(byKey.violations)).map((r) => {
    const values = normalizeRow(r, byKey.violations.columns.map((c) => c.type));
    return indexes.map((i) => values[i] ?? null);
  });
  if (JSON.stringify(comparableKeys(fetched)) !== JSON.stringify(comparableKeys(picked))) {
    throw new Error(`fetching ${JSON.stringify(picked)} by key gave ${JSON.stringify(fetched)}\n${context()}\nby-key sql: ${byKey.violations.sql}`);
  }
}
