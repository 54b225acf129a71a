import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../../../shared/schema.js';
import { canonicalDate, canonicalTimestamp } from '../temporal.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { registerSqliteFunctions } from './sqlite-functions.js';

/** What a date column may hold in SQLite, which stores whatever it is given. */
const STORED: CellValue[] = [
  null,
  '2024-03-01',
  '2024-02-29',
  '2024-02-30',
  '2024-1-5',
  ' 2024-03-01',
  '2024-03-01 ',
  '2024-03-01 00:00:00',
  '2024-03-01T10:20:30',
  '2024-03-01 10:20:30',
  '2024-03-01 10:20:30.5',
  '0000-01-01',
  '9999-12-31',
  '20240301',
  'not a date',
  '',
  20240301,
  2460000.5,
  0,
];

describe('SQLite date and timestamp values', () => {
  const db = new Database(':memory:');
  registerSqliteFunctions(db);
  // DATE and DATETIME have NUMERIC affinity, TEXT has TEXT affinity: the canonical check must not
  // depend on which (it compares without affinity).
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, d DATE, ts DATETIME, x TEXT)');
  const insert = db.prepare('INSERT INTO t (id, d, ts, x) VALUES (?, ?, ?, ?)');
  STORED.forEach((value, i) => insert.run(i, value, value, value));
  afterAll(() => db.close());

  const read = (sql: string): CellValue[] => db.prepare(`SELECT ${sql} FROM t ORDER BY id`).pluck(true).all() as CellValue[];
  const stored = (column: string): CellValue[] => read(column);

  it.each(['d', 'ts', 'x'])('gives what the evaluator gives for every value of a %s column', (column) => {
    expect(read(sqliteDialect.columnValue(column, 'date'))).toEqual(stored(column).map(canonicalDate));
    expect(read(sqliteDialect.columnValue(column, 'timestamp'))).toEqual(stored(column).map(canonicalTimestamp));
  });
});
