/**
 * The compiled SQL (SQLite and PostgreSQL) and the in-memory evaluator must find the same
 * violations for every generated rule, NULLs, text, dates and numbers included.
 * PROPERTY_RUNS sets the number of generated rules of each kind (default 1000), each checked on
 * every engine.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { sourceTypes } from '../sources/postgres-parsers.js';
import type { Dialect } from './compile/dialect.js';
import { postgresDialect } from './compile/postgres-dialect.js';
import { registerSqliteFunctions } from './compile/sqlite-functions.js';
import { sqliteDialect } from './compile/sqlite-dialect.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { createTableSql, insertValues, T_COLUMNS, T_ROWS, U_COLUMNS, U_ROWS } from './cross-engine-fixture.js';

import { check, RUNS, type Expected, type Runner } from './cross-engine-check.js';

function openSqlite(): Database.Database {
  const db = new Database(':memory:');
  registerSqliteFunctions(db);
  for (const [table, columns, rows] of [['t', T_COLUMNS, T_ROWS], ['u', U_COLUMNS, U_ROWS]] as const) {
    db.exec(createTableSql(table, columns, 'sqlite'));
    const insert = db.prepare(`INSERT INTO "${table}" VALUES (${['id', ...columns].map(() => '?').join(', ')})`);
    db.transaction(() => rows.forEach((r) => insert.run(...insertValues(r, columns, 'sqlite'))))();
  }
  return db;
}

async function openPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: sourceTypes });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
  for (const [table, columns, rows] of [['t', T_COLUMNS, T_ROWS], ['u', U_COLUMNS, U_ROWS]] as const) {
    await client.query(createTableSql(table, columns, 'postgres'));
    for (const r of rows) {
      const values = insertValues(r, columns, 'postgres');
      await client.query(`INSERT INTO "${table}" VALUES (${values.map((_v, i) => `$${i + 1}`).join(', ')})`, values);
    }
  }
  return client;
}

describe('cross-engine semantics', () => {
  const sqlite = openSqlite();
  const runSqlite: Runner = async (q) => sqlite.prepare(q.sql).raw(true).all(...q.params) as CellValue[][];
  let database: TestDatabase | null = null;
  let client: pg.Client | null = null;
  const runPostgres: Runner = async (q) => (await client!.query({ text: q.sql, values: q.params, rowMode: 'array' })).rows as CellValue[][];

  beforeAll(async () => {
    if (!hasPostgres()) return;
    database = await createTestDatabase();
    client = await openPostgres(database.url);
  });

  afterAll(async () => {
    sqlite.close();
    await client?.end();
    await database?.drop();
  });

  const engines = (): Array<[string, Dialect, Runner]> => [
    ['sqlite', sqliteDialect, runSqlite],
    ...(client ? [['postgres', postgresDialect, runPostgres] as [string, Dialect, Runner]] : []),
  ];

  it('record rules: every engine finds the evaluator\'s violations', async () => {
    await fc.assert(
      fc.asyncProperty(recordRuleArbitrary(), async (rule) => {
        const cache = new Map<Rule, Expected>();
        for (const [name, dialect, run] of engines()) await check(rule, name, dialect, run, cache);
      }),
      { numRuns: RUNS },
    );
  });

  it('group rules: every engine finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(groupRuleArbitrary(), async (rule) => {
        const cache = new Map<Rule, Expected>();
        for (const [name, dialect, run] of engines()) await check(rule, name, dialect, run, cache);
      }),
      { numRuns: RUNS },
    );
  });

  it.skipIf(!hasPostgres())('runs against a real PostgreSQL server', () => {
    expect(client).not.toBeNull();
  });
});
