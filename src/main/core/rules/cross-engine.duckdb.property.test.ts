/**
 * The cross-engine property test on DuckDB (the engine behind CSV, Parquet and XLSX sources): the
 * same generated rules and rows as SQLite and PostgreSQL (cross-engine.property.test.ts), written
 * to Parquet files and read through the real files source; the violating keys, group values and
 * counts, and the keys-only and by-key re-reads, must equal the evaluator's.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, ValueType } from '../../../shared/schema.js';
import { tempDir } from '../../../../test-support/cli-harness.js';
import { openFilesSource } from '../sources/files-source.js';
import type { CompiledQuery, Source } from '../sources/source.js';
import { compileRule } from './compile/compile-rule.js';
import { duckdbDialect } from './compile/duckdb-dialect.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { FIXTURE_SCHEMA, T_COLUMNS, T_ROWS, U_COLUMNS, U_ROWS, type FixtureColumn } from './cross-engine-fixture.js';
import { evaluate, isViolation, violatingGroups, type EvalContext } from './evaluate.js';
import { buildScope, type RuleScope } from './scope.js';
import { canonicalDate, canonicalTimestamp } from './temporal.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const AS_OF = '2024-03-09';

function comparable(value: CellValue, type: ValueType): CellValue {
  if (value === null) return null;
  if (type === 'date') return canonicalDate(value);
  if (type === 'timestamp') return canonicalTimestamp(value);
  if (type === 'number') return Number(value);
  return value;
}

const keySet = (rows: CellValue[][]): string[] => rows.map((r) => JSON.stringify(r)).sort();

const DUCK_TYPES: Record<ValueType, string> = { number: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', unknown: 'VARCHAR' };

/** Each table as a Parquet file, its columns typed as in PostgreSQL (integers as BIGINT). */
async function writeFixture(dir: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  for (const [table, columns, rows] of [['t', T_COLUMNS, T_ROWS], ['u', U_COLUMNS, U_ROWS]] as const) {
    const type = (col: FixtureColumn) => (col.sqlite === 'INTEGER' ? 'BIGINT' : DUCK_TYPES[col.type]);
    await c.run(`CREATE TABLE ${table} (id BIGINT, ${columns.map((col) => `"${col.name}" ${type(col)}`).join(', ')})`);
    const insert = await c.prepare(`INSERT INTO ${table} VALUES (${['id', ...columns].map((_x, i) => `$${i + 1}`).join(', ')})`);
    for (const row of rows) {
      insert.bindBigInt(1, BigInt(row.id as number));
      columns.forEach((col, i) => {
        const v = row[col.name] ?? null;
        const at = i + 2;
        if (v === null) insert.bindNull(at);
        else if (typeof v === 'boolean') insert.bindBoolean(at, v);
        else if (typeof v === 'number') insert.bindDouble(at, v);
        else insert.bindVarchar(at, col.type === 'date' ? canonicalDate(v)! : col.type === 'timestamp' ? canonicalTimestamp(v)! : v);
      });
      await insert.run();
    }
    await c.run(`COPY ${table} TO '${join(dir, `${table}.parquet`)}' (FORMAT parquet)`);
  }
  c.closeSync();
  db.closeSync();
}

const scopes = new Map<string, RuleScope>();
function scopeOf(rule: Rule): RuleScope {
  const key = rule.target.join ? 'join' : 'base';
  if (!scopes.has(key)) scopes.set(key, buildScope(rule, FIXTURE_SCHEMA));
  return scopes.get(key)!;
}

const joined = new Map<string, Row[]>();

/** The records a rule sees: `t` rows, or `t` joined to `u` with the rule's ON condition (the same in every generated join). */
function recordsOf(rule: Rule, ctx: EvalContext): Row[] {
  const join = rule.target.join?.[0];
  if (!join) return T_ROWS;
  const cached = joined.get(join.type);
  if (cached) return cached;
  const out: Row[] = [];
  const prefixed = (u: Row | null): Row => ({ 'u.id': u?.id ?? null, ...Object.fromEntries(U_COLUMNS.map((c) => [`u.${c.name}`, u?.[c.name] ?? null])) });
  for (const t of T_ROWS) {
    const matches = U_ROWS.filter((u) => evaluate(join.on, { ...t, ...prefixed(u) }, ctx) === true);
    for (const u of matches) out.push({ ...t, ...prefixed(u) });
    if (matches.length === 0 && join.type === 'left') out.push({ ...t, ...prefixed(null) });
  }
  joined.set(join.type, out);
  return out;
}

describe('cross-engine semantics on DuckDB (files)', () => {
  const tmp = tempDir('cross-duckdb');
  let source: Source;

  beforeAll(async () => {
    const dir = join(tmp.dir, 'fixture');
    mkdirSync(dir);
    await writeFixture(dir);
    source = await openFilesSource({ engine: 'files', path: dir }, { cacheDir: join(tmp.dir, 'cache') });
  });
  afterAll(async () => {
    await source?.close();
    tmp.remove();
  });

  const run = async (q: CompiledQuery): Promise<CellValue[][]> => {
    const rows: CellValue[][] = [];
    for await (const batch of source.stream(q, { batchSize: 500 })) rows.push(...batch);
    return rows.map((r) => r.map((v, i) => comparable(v, q.columns[i]!.type)));
  };

  async function check(rule: Rule): Promise<void> {
    const scope = scopeOf(rule);
    const ctx: EvalContext = { scope, asOf: AS_OF };
    const compiled = compileRule(rule, scope, duckdbDialect, { asOf: AS_OF });
    const { columns } = compiled.violations;
    const context = `rule: ${JSON.stringify(rule)}\nsql: ${compiled.violations.sql}\nparams: ${JSON.stringify(compiled.violations.params)}`;
    const records = recordsOf(rule, ctx);
    const inScope = (row: Row) => rule.when === undefined || evaluate(rule.when, row, ctx) === true;
    let expected: string[];
    let counts: number[];
    const keyIndexes = compiled.keyColumns.map((k) => columns.findIndex((c) => c.name === k));
    if (rule.groupBy === undefined) {
      expected = keySet(records.filter((r) => isViolation(rule, r, ctx)).map((r) => keyIndexes.map((i) => comparable(r[columns[i]!.name] ?? null, columns[i]!.type))));
      counts = [records.length, records.filter(inScope).length];
    } else {
      expected = keySet(violatingGroups(rule, records, ctx).map((g) => columns.map((c) => comparable(g[c.name] ?? null, c.type))));
      const keyOf = (r: Row) => JSON.stringify(rule.groupBy!.map((g) => comparable(r[g] ?? null, FIXTURE_SCHEMA.tables[0]!.columns.find((c) => c.name === g)!.type)));
      const all = new Set(records.map(keyOf)).size;
      const scoped = new Set(records.filter(inScope).map(keyOf)).size;
      counts = rule.groupBy.length === 0 ? [1, Math.min(1, scoped)] : [all, scoped];
    }
    let rows: CellValue[][];
    let actualCounts: number[];
    try {
      rows = await run(compiled.violations);
      actualCounts = (await run(compiled.count))[0]!.map(Number);
    } catch (error) {
      throw new Error(`duckdb failed: ${(error as Error).message}\n${context}`);
    }
    const actual = keySet(rule.groupBy === undefined ? rows.map((r) => keyIndexes.map((i) => r[i] ?? null)) : rows);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const missing = expected.filter((r) => !actual.includes(r)).slice(0, 5);
      const extra = actual.filter((r) => !expected.includes(r)).slice(0, 5);
      throw new Error(`violations differ; evaluator only: ${missing.join(' ')}; engine only: ${extra.join(' ')}\n${context}`);
    }
    if (actualCounts[0] !== counts[0] || actualCounts[1] !== counts[1]) {
      throw new Error(`counts differ: engine ${JSON.stringify(actualCounts)}, evaluator ${JSON.stringify(counts)}\n${context}`);
    }
    // A re-scan: keys only, then some records fetched by key (NULL key parts included).
    const keysOnly = compileRule(rule, scope, duckdbDialect, { asOf: AS_OF, keysOnly: true });
    const keyRows = await run(keysOnly.violations);
    const expectedKeys = rule.groupBy === undefined ? actual : keySet(rows.map((r) => r.slice(0, keysOnly.violations.columns.length)));
    if (JSON.stringify(keySet(keyRows)) !== JSON.stringify(expectedKeys)) throw new Error(`keys-only query differs\n${context}\nkeys sql: ${keysOnly.violations.sql}`);
    const picked = [...keyRows.filter((r) => r.includes(null)).slice(0, 3), ...keyRows.filter((r, i) => i % 7 === 0 && !r.includes(null)).slice(0, 9)];
    const byKey = compileRule(rule, scope, duckdbDialect, { asOf: AS_OF, keyFilter: picked });
    const byKeyIndexes = byKey.keyColumns.map((k) => byKey.violations.columns.findIndex((c) => c.name === k));
    const fetched = (await run(byKey.violations)).map((r) => byKeyIndexes.map((i) => r[i] ?? null));
    if (JSON.stringify(keySet(fetched)) !== JSON.stringify(keySet(picked))) {
      throw new Error(`fetching ${JSON.stringify(picked)} by key gave ${JSON.stringify(fetched)}\n${context}\nby-key sql: ${byKey.violations.sql}`);
    }
  }

  it('record rules: DuckDB finds the evaluator\'s violations', async () => {
    await fc.assert(fc.asyncProperty(recordRuleArbitrary(), check), { numRuns: RUNS });
  });

  it('group rules: DuckDB finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(fc.asyncProperty(groupRuleArbitrary(), check), { numRuns: RUNS });
  });
});
