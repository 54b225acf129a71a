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
import type { CellValue, ValueType } from '../../../shared/schema.js';
import { tempDir } from '../../../../test-support/cli-harness.js';
import { openFilesSource } from '../sources/files-source.js';
import type { Source } from '../sources/source.js';
import { duckdbDialect } from './compile/duckdb-dialect.js';
import { check, RUNS, type Runner } from './cross-engine-check.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { T_COLUMNS, T_ROWS, U_COLUMNS, U_ROWS, type FixtureColumn } from './cross-engine-fixture.js';
import { canonicalDate, canonicalTimestamp } from './temporal.js';

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

  const run: Runner = async (q) => {
    const rows: CellValue[][] = [];
    for await (const batch of source.stream(q, { batchSize: 500 })) rows.push(...batch);
    return rows;
  };
  const checkDuckdb = (rule: Rule): Promise<void> => check(rule, 'duckdb', duckdbDialect, run, new Map());

  it('record rules: DuckDB finds the evaluator\'s violations', async () => {
    await fc.assert(fc.asyncProperty(recordRuleArbitrary(), checkDuckdb), { numRuns: RUNS });
  });

  it('group rules: DuckDB finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(fc.asyncProperty(groupRuleArbitrary(), checkDuckdb), { numRuns: RUNS });
  });
});
