/**
 * The data the cross-engine property tests run on: two tables whose values sit on the edges the
 * semantics must agree on (NULL, 0, negatives, ties, empty and case-variant text, non-ASCII,
 * month ends, midnight timestamps, timestamps written with `T`), loaded into SQLite and
 * PostgreSQL and kept as rows for the evaluator.
 */
import type { CellValue, Row, SourceSchema, ValueType } from '../../../shared/schema.js';

export interface FixtureColumn {
  name: string;
  type: ValueType;
  sqlite: string;
  postgres: string;
  values: CellValue[];
}

const TEXTS = ['', 'abc', 'ABC', 'Abc', 'abc ', ' abc', 'a_c', 'a%c', 'b', 'é', 'É', 'x😀', '\uFFFD', 'INV-001',
  'inv-002', 'a\nb', '[x]', '*?', 'a.b', "O'Brien", 'a\\b', '  ', 'zz'];
const DATES = ['2024-01-31', '2024-03-10 00:00:00', '2024-02-29T23:00:00', '2024-02-29', '2024-03-01', '2023-12-31', '2024-12-31', '2024-03-09', '2024-03-10', '2000-02-28'];
const TIMESTAMPS = ['2024-03-09 00:00:00', '2024-03-09 10:30:00', '2024-03-08 23:59:59.5', '2024-02-29T12:00:00',
  '2024-03-09T00:00:00', '2024-03-10 00:00:00.25', '2023-12-31 23:59:59', '2024-03-01 00:00:00'];

export const T_COLUMNS: FixtureColumn[] = [
  { name: 'i', type: 'number', sqlite: 'INTEGER', postgres: 'integer', values: [null, 0, 1, -1, 2, 5, 75, 100, -3, 1000000, 7] },
  { name: 'r', type: 'number', sqlite: 'REAL', postgres: 'numeric', values: [null, 0, -0.5, 0.1, 0.2, 0.3, 1.5, 2.5, -2.5, 2.675, 75, 0.15, 1e6, 1] },
  { name: 'q', type: 'number', sqlite: 'REAL', postgres: 'double precision', values: [null, 0, 0.25, -0.75, 1.5, 2, 100.5, -8] },
  { name: 's', type: 'text', sqlite: 'TEXT', postgres: 'text', values: [null, ...TEXTS] },
  { name: 's2', type: 'text', sqlite: 'TEXT', postgres: 'varchar(20)', values: [null, 'abc', 'ABC', '', 'b', 'é', 'zz', 'a_c'] },
  { name: 'd', type: 'date', sqlite: 'DATE', postgres: 'date', values: [null, ...DATES] },
  { name: 'd2', type: 'date', sqlite: 'DATE', postgres: 'date', values: [null, '2024-03-01', '2024-03-09', '2024-02-29', '2023-12-31'] },
  { name: 'ts', type: 'timestamp', sqlite: 'TIMESTAMP', postgres: 'timestamp', values: [null, ...TIMESTAMPS] },
  { name: 'b', type: 'boolean', sqlite: 'BOOLEAN', postgres: 'boolean', values: [null, true, false] },
  { name: 'g', type: 'text', sqlite: 'TEXT', postgres: 'text', values: [null, 'x', 'y', 'X', ''] },
  { name: 'gi', type: 'number', sqlite: 'INTEGER', postgres: 'bigint', values: [null, 1, 2, 3] },
];

export const U_COLUMNS: FixtureColumn[] = [
  { name: 'tid', type: 'number', sqlite: 'INTEGER', postgres: 'integer', values: [null, 1, 2, 3, 5, 8, 13, 40] },
  { name: 'amount', type: 'number', sqlite: 'REAL', postgres: 'numeric', values: [null, 0, 10, -2.5, 75, 0.1] },
  { name: 'label', type: 'text', sqlite: 'TEXT', postgres: 'text', values: [null, 'abc', 'ABC', '', 'x'] },
];

/** A small deterministic generator, so the tables are the same on every run and engine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRows(columns: FixtureColumn[], count: number, seed: number): Row[] {
  const random = prng(seed);
  const rows: Row[] = [];
  for (let id = 1; id <= count; id += 1) {
    const row: Row = { id };
    for (const column of columns) {
      // The first rows walk each column's values in order, so every edge value appears.
      const index = id <= column.values.length ? id - 1 : Math.floor(random() * column.values.length);
      row[column.name] = column.values[index] ?? null;
    }
    rows.push(row);
  }
  return rows;
}

export const T_ROWS = makeRows(T_COLUMNS, 160, 7);
export const U_ROWS = makeRows(U_COLUMNS, 60, 11);

export const FIXTURE_SCHEMA: SourceSchema = {
  tables: [
    {
      name: 't',
      columns: [{ name: 'id', type: 'number', nativeType: 'integer', nullable: false }, ...T_COLUMNS.map((c) => ({ name: c.name, type: c.type, nativeType: c.postgres, nullable: true }))],
      primaryKey: ['id'],
      rowEstimate: T_ROWS.length,
    },
    {
      name: 'u',
      columns: [{ name: 'id', type: 'number', nativeType: 'integer', nullable: false }, ...U_COLUMNS.map((c) => ({ name: c.name, type: c.type, nativeType: c.postgres, nullable: true }))],
      primaryKey: ['id'],
      rowEstimate: U_ROWS.length,
    },
  ],
};

export function createTableSql(table: string, columns: FixtureColumn[], engine: 'sqlite' | 'postgres'): string {
  const defs = columns.map((c) => `"${c.name}" ${engine === 'sqlite' ? c.sqlite : c.postgres}`);
  return `CREATE TABLE "${table}" ("id" integer PRIMARY KEY, ${defs.join(', ')})`;
}

/** Values as each engine stores them: SQLite keeps booleans as 0/1. */
export function insertValues(row: Row, columns: FixtureColumn[], engine: 'sqlite' | 'postgres'): unknown[] {
  return [row.id, ...columns.map((c) => {
    const v = row[c.name] ?? null;
    return engine === 'sqlite' && typeof v === 'boolean' ? (v ? 1 : 0) : v;
  })];
}
