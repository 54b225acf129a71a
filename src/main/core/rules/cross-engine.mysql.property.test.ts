/**
 * The cross-engine property test on MySQL/MariaDB: the same generated rules and rows as SQLite and
 * PostgreSQL (cross-engine.property.test.ts), loaded into the test run's MariaDB server in tables
 * with the server's usual case-insensitive, PAD SPACE collation, and read through the real MySQL
 * source (prepared statements, streaming). The violating keys, group values and counts, and the
 * keys-only and by-key re-reads, must equal the evaluator's. PROPERTY_RUNS as in the other suites.
 */
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../../shared/schema.js';
import { createMysqlTestDatabase, hasMysql, type MysqlTestDatabase } from '../../../../test-support/mysql-database.js';
import { openMysqlSource, type MysqlSource } from '../sources/mysql-source.js';
import { mysqlDialect } from './compile/mysql-dialect.js';
import { groupRuleArbitrary, recordRuleArbitrary } from './cross-engine-arbitraries.js';
import { FIXTURE_SCHEMA, T_COLUMNS, T_ROWS, U_COLUMNS, U_ROWS, type FixtureColumn } from './cross-engine-fixture.js';

import { check, RUNS, type Runner } from './cross-engine-check.js';
import { canonicalDate, canonicalTimestamp } from './temporal.js';

/** MySQL column types for the fixture's columns: integers, exact decimals, doubles, ci text. */
const MYSQL_TYPES: Record<string, string> = {
  i: 'INT',
  r: 'DECIMAL(20, 6)',
  q: 'DOUBLE',
  s: 'TEXT',
  s2: 'VARCHAR(20)',
  d: 'DATE',
  d2: 'DATE',
  ts: 'DATETIME(6)',
  b: 'BOOLEAN',
  g: 'VARCHAR(10)',
  gi: 'BIGINT',
  tid: 'INT',
  amount: 'DECIMAL(20, 6)',
  label: 'TEXT',
};

/** The fixture's date column holds some timestamps; MySQL keeps their date, as PostgreSQL does. */
function mysqlValue(value: CellValue, column: FixtureColumn): unknown {
  if (value === null) return null;
  if (column.type === 'date') return canonicalDate(value);
  if (column.type === 'timestamp') return canonicalTimestamp(value);
  return value;
}

async function loadFixture(adminUrl: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: adminUrl, charset: 'UTF8MB4_GENERAL_CI' });
  try {
    for (const [table, columns, rows] of [['t', T_COLUMNS, T_ROWS], ['u', U_COLUMNS, U_ROWS]] as const) {
      const defs = columns.map((c) => `\`${c.name}\` ${MYSQL_TYPES[c.name]}`);
      // The server's default collation: case-insensitive and PAD SPACE, what production databases use.
      await connection.query(
        `CREATE TABLE \`${table}\` (\`id\` INT PRIMARY KEY, ${defs.join(', ')}) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
      );
      const values = rows.map((r) => [r.id, ...columns.map((c) => mysqlValue(r[c.name] ?? null, c))]);
      await connection.query(`INSERT INTO \`${table}\` VALUES ?`, [values]);
    }
  } finally {
    await connection.end();
  }
}

describe.skipIf(!hasMysql())('cross-engine semantics on MySQL/MariaDB', () => {
  let database: MysqlTestDatabase | null = null;
  let source: MysqlSource | null = null;
  const run: Runner = async (query) => {
    if (query.sql.startsWith('SELECT count(*) AS `total`')) return [await source!.queryOne(query)];
    const rows: CellValue[][] = [];
    for await (const batch of source!.stream(query, { batchSize: 64 })) rows.push(...batch);
    return rows;
  };

  beforeAll(async () => {
    database = await createMysqlTestDatabase();
    await loadFixture(database.adminUrl);
    source = openMysqlSource({ url: database.url }, { password: database.password });
    await source.connect();
  });

  afterAll(async () => {
    await source?.close();
    await database?.drop();
  });

  it('loads the fixture with the types the rules expect', async () => {
    const schema = await source!.schema();
    const t = schema.tables.find((table) => table.name === 't');
    const expected = FIXTURE_SCHEMA.tables[0]!.columns.map((c) => [c.name, c.type]);
    expect(t?.columns.map((c) => [c.name, c.type])).toEqual(expected);
  });

  it('record rules: MySQL finds the evaluator\'s violations', async () => {
    await fc.assert(
      fc.asyncProperty(recordRuleArbitrary(), async (rule) => {
        await check(rule, 'mysql', mysqlDialect, run, new Map());
      }),
      { numRuns: RUNS },
    );
  });

  it('group rules: MySQL finds the evaluator\'s violating groups and aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(groupRuleArbitrary(), async (rule) => {
        await check(rule, 'mysql', mysqlDialect, run, new Map());
      }),
      { numRuns: RUNS },
    );
  });
});
