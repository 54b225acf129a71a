/**
 * The cross-engine property test on MongoDB: the same generated rules and rows as SQLite and
 * PostgreSQL (cross-engine.property.test.ts), compiled to MongoDB plans and run through the real
 * driver against the wire-protocol test double (or a real server when MONGODB_URL is set); the
 * violating keys, group values and counts must equal the evaluator's.
 *
 * Not generated here, because MongoDB sources refuse them: joins (RULE_INVALID). Every other
 * construct of the generator runs. NULL cells are stored alternately as null and as a missing
 * field, so both must read as NULL.
 */
import fc from 'fast-check';
import type { Document } from 'bson';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, ValueType } from '../../../shared/schema.js';
import { mongoTarget, type MongoTarget } from '../../../../test-support/mongo-target.js';
import { openMongoSource, type MongoSource } from '../sources/mongo/mongo-source.js';
import { mongoDialect } from '../sources/mongo/mongo-dialect.js';
import type { CompiledQuery } from '../sources/source.js';
import { compileRule } from './compile/compile-rule.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { FIXTURE_SCHEMA, T_COLUMNS, T_ROWS, type FixtureColumn } from './cross-engine-fixture.js';
import { evaluate, isViolation, violatingGroups, type EvalContext } from './evaluate.js';
import { buildScope } from './scope.js';
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

function toDocument(row: Row, columns: FixtureColumn[]): Document {
  const doc: Document = { _id: row.id, id: row.id };
  for (const c of columns) {
    const v = row[c.name] ?? null;
    if (v === null) {
      // Half the NULLs are a missing field: both must mean NULL.
      if (Number(row.id) % 2 === 0) doc[c.name] = null;
      continue;
    }
    if (c.type === 'date') doc[c.name] = new Date(`${canonicalDate(v)}T00:00:00Z`);
    else if (c.type === 'timestamp') doc[c.name] = new Date(`${canonicalTimestamp(v)!.replace(' ', 'T')}Z`);
    else doc[c.name] = v;
  }
  return doc;
}

describe('cross-engine semantics on MongoDB', () => {
  let target: MongoTarget;
  let source: MongoSource;
  const scope = buildScope({ id: 'x', title: 'x', severity: 'low', status: 'active', origin: 'manual', version: 1, target: { connection: 'x', table: 't', key: ['id'] } }, FIXTURE_SCHEMA);
  const ctx: EvalContext = { scope, asOf: AS_OF };

  beforeAll(async () => {
    target = await mongoTarget();
    await target.load('t', T_ROWS.map((r) => toDocument(r, T_COLUMNS)));
    source = await openMongoSource({ url: target.url, database: target.database });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  const run = async (q: CompiledQuery): Promise<CellValue[][]> => {
    const rows: CellValue[][] = [];
    for await (const batch of source.stream(q, { batchSize: 64 })) rows.push(...batch);
    return rows.map((r) => r.map((v, i) => comparable(v, q.columns[i]!.type)));
  };

  async function check(rule: Rule): Promise<void> {
    const compiled = compileRule(rule, scope, mongoDialect, { asOf: AS_OF });
    const { columns } = compiled.violations;
    const keyIndexes = compiled.keyColumns.map((k) => columns.findIndex((c) => c.name === k));
    const inScope = (row: Row) => rule.when === undefined || evaluate(rule.when, row, ctx) === true;
    let expected: string[];
    let counts: number[];
    if (rule.groupBy === undefined) {
      expected = keySet(T_ROWS.filter((r) => isViolation(rule, r, ctx)).map((r) => [Number(r.id)]));
      counts = [T_ROWS.length, T_ROWS.filter(inScope).length];
    } else {
      const data = columns.filter((c) => c.name !== '$document');
      expected = keySet(violatingGroups(rule, T_ROWS, ctx).map((g) => data.map((c) => comparable(g[c.name] ?? null, c.type))));
      const keyOf = (r: Row) => JSON.stringify(rule.groupBy!.map((g) => comparable(r[g] ?? null, scope.columns.find((c) => c.name === g)!.type)));
      const scoped = new Set(T_ROWS.filter(inScope).map(keyOf));
      counts = rule.groupBy.length === 0 ? [1, Math.min(1, scoped.size)] : [new Set(T_ROWS.map(keyOf)).size, scoped.size];
    }
    const context = () => `rule: ${JSON.stringify(rule)}\nplan: ${compiled.violations.sql}`;
    let actual: string[];
    let actualCounts: number[];
    try {
      const rows = await run(compiled.violations);
      actual = keySet(rule.groupBy === undefined ? rows.map((r) => keyIndexes.map((i) => r[i] ?? null)) : rows);
      actualCounts = (await source.queryOne(compiled.count)).map(Number);
    } catch (error) {
      throw new Error(`mongodb failed: ${(error as Error).message}\n${context()}`);
    }
    const missing = expected.filter((r) => !actual.includes(r)).slice(0, 5);
    const extra = actual.filter((r) => !expected.includes(r)).slice(0, 5);
    if (missing.length > 0 || extra.length > 0) throw new Error(`violations differ; evaluator only: ${missing.join(' ')}; mongodb only: ${extra.join(' ')}\n${context()}`);
    if (actualCounts[0] !== counts[0] || actualCounts[1] !== counts[1]) throw new Error(`counts differ: mongodb ${JSON.stringify(actualCounts)}, evaluator ${JSON.stringify(counts)}\n${context()}`);
    // A re-scan's key look-up finds the same records.
    const keysOnly = await run(compileRule(rule, scope, mongoDialect, { asOf: AS_OF, keysOnly: true }).violations);
    const picked = keysOnly.filter((_r, i) => i % 5 === 0).slice(0, 8);
    const byKey = compileRule(rule, scope, mongoDialect, { asOf: AS_OF, keyFilter: picked });
    const idx = byKey.keyColumns.map((k) => byKey.violations.columns.findIndex((c) => c.name === k));
    const fetched = (await run(byKey.violations)).map((r) => idx.map((i) => r[i] ?? null));
    if (JSON.stringify(keySet(fetched)) !== JSON.stringify(keySet(picked))) throw new Error(`by-key fetch of ${JSON.stringify(picked)} gave ${JSON.stringify(fetched)}\n${context()}`);
  }

  it('record rules: MongoDB finds the evaluator\'s violations', async () => {
    await fc.assert(fc.asyncProperty(recordRuleArbitrary().filter((r) => r.target.join === undefined), check), { numRuns: RUNS });
  }, 120_000);

  it('group rules: MongoDB finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(fc.asyncProperty(groupRuleArbitrary(), check), { numRuns: RUNS });
  }, 120_000);
});
