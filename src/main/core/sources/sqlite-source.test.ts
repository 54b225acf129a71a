import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../../shared/schema.js';
import type { CompiledQuery, Source } from './source.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';
import { openSqliteSource } from './sqlite-source.js';
import { rejection } from '../../../../test-support/rejection.js';

let dir: string;
let path: string;
let source: Source;

async function collect(query: CompiledQuery, batchSize: number, signal?: AbortSignal): Promise<CellValue[][][]> {
  const batches: CellValue[][][] = [];
  for await (const batch of source.stream(query, { batchSize, signal })) batches.push(batch);
  return batches;
}


beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-source-'));
  path = join(dir, 'data.db');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE expenses (
      id INTEGER PRIMARY KEY, amount REAL NOT NULL, receipt BOOLEAN, spent_on DATE,
      created_at DATETIME, note TEXT, raw BLOB, loose, cost DECIMAL(10,2)
    );
    CREATE TABLE lines (order_id INT, line_no INT, sku VARCHAR(20), PRIMARY KEY (line_no, order_id));
    CREATE VIEW big_expenses AS SELECT id, amount FROM expenses WHERE amount > 100;
    CREATE TABLE gone (x INT);
    CREATE VIEW broken AS SELECT x FROM gone;
    DROP TABLE gone;
  `);
  const insert = db.prepare('INSERT INTO expenses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    insert.run(1, 50, 1, '2024-01-31', '2024-01-31 10:00:00', 'ok', Buffer.from([0x0a, 0xff]), 'x', 1.5);
    insert.run(2, 150, 0, null, null, null, null, 3, null);
    for (let id = 3; id <= 1000; id += 1) insert.run(id, id, id % 2, null, null, `n${id}`, null, null, null);
  })();
  db.close();
  source = openSqliteSource(path);
});

afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openSqliteSource', () => {
  it('names the path when the file is missing or not a database', () => {
    const missing = join(dir, 'missing.db');
    expect(() => openSqliteSource(missing)).toThrow(expect.objectContaining({ code: 'SOURCE_UNREACHABLE' }));
    expect(() => openSqliteSource(missing)).toThrow(missing);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database, just text that is long enough to have a header');
    expect(() => openSqliteSource(junk)).toThrow(/not a SQLite database/);
  });
});

describe('schema', () => {
  it('maps declared types, keys, nullability and row estimates', async () => {
    const schema = await source.schema();
    expect(schema.tables.map((t) => t.name)).toEqual(['big_expenses', 'expenses', 'lines']);
    const expenses = schema.tables.find((t) => t.name === 'expenses');
    expect(expenses?.columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ['id', 'number', false],
      ['amount', 'number', false],
      ['receipt', 'boolean', true],
      ['spent_on', 'date', true],
      ['created_at', 'timestamp', true],
      ['note', 'text', true],
      ['raw', 'unknown', true],
      ['loose', 'unknown', true],
      ['cost', 'number', true],
    ]);
    expect(expenses?.columns.find((c) => c.name === 'cost')?.nativeType).toBe('DECIMAL(10,2)');
    expect(expenses?.primaryKey).toEqual(['id']);
    expect(expenses?.rowEstimate).toBe(1000);
    const lines = schema.tables.find((t) => t.name === 'lines');
    expect(lines?.primaryKey).toEqual(['line_no', 'order_id']);
    expect(lines?.columns.find((c) => c.name === 'line_no')?.nullable).toBe(true);
    const view = schema.tables.find((t) => t.name === 'big_expenses');
    expect(view?.rowEstimate).toBeNull();
    expect(view?.columns.map((c) => c.type)).toEqual(['number', 'number']);
  });

  it('prefers sqlite_stat1 for estimates when ANALYZE has run', async () => {
    const analysed = join(dir, 'analysed.db');
    const db = new Database(analysed);
    db.exec('CREATE TABLE t (a INT); CREATE INDEX t_a ON t (a); INSERT INTO t VALUES (1), (2), (3); ANALYZE;');
    db.exec("UPDATE sqlite_stat1 SET stat = '777 1' WHERE tbl = 't'");
    db.close();
    const other = openSqliteSource(analysed);
    try {
      const schema = await other.schema();
      expect(schema.tables.map((t) => [t.name, t.rowEstimate])).toEqual([['t', 777]]);
    } finally {
      await other.close();
    }
  });
});

describe('describeQuery', () => {
  it('gives column names and declared types without running the query', async () => {
    const columns = await source.describeQuery('SELECT id, receipt, amount * 2 AS doubled FROM expenses');
    expect(columns.map((c) => [c.name, c.type, c.nativeType])).toEqual([
      ['id', 'number', 'INTEGER'],
      ['receipt', 'boolean', 'BOOLEAN'],
      ['doubled', 'unknown', ''],
    ]);
  });

  it('refuses statements that write, even with RETURNING', async () => {
    for (const sql of ['DELETE FROM expenses', 'DELETE FROM expenses RETURNING id', "ATTACH 'x.db' AS x", 'BEGIN']) {
      const error = await rejection(source.describeQuery(sql));
      expect(error.code).toBe('SOURCE_ERROR');
      expect(error.message).toBe(READ_ONLY_MESSAGE);
    }
    const stillThere = await source.queryOne({ sql: 'SELECT count(*) FROM expenses', params: [], columns: [{ name: 'n', type: 'number' }] });
    expect(stillThere).toEqual([1000]);
  });

  it('reports a syntax error as a source error', async () => {
    const error = await rejection(source.describeQuery('SELEC nothing'));
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.message).toMatch(/syntax error/);
  });
});

describe('stream', () => {
  const all: CompiledQuery = {
    sql: 'SELECT id, receipt, raw, spent_on, note FROM expenses WHERE amount >= ? ORDER BY id',
    params: [0],
    columns: [
      { name: 'id', type: 'number' },
      { name: 'receipt', type: 'boolean' },
      { name: 'raw', type: 'unknown' },
      { name: 'spent_on', type: 'date' },
      { name: 'note', type: 'text' },
    ],
  };

  it('yields batches of at most batchSize rows, in order, normalised', async () => {
    const batches = await collect(all, 300);
    expect(batches.map((b) => b.length)).toEqual([300, 300, 300, 100]);
    const rows = batches.flat();
    expect(rows[0]).toEqual([1, true, '\\x0aff', '2024-01-31', 'ok']);
    expect(rows[1]).toEqual([2, false, null, null, null]);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('binds booleans as 1/0', async () => {
    const query: CompiledQuery = {
      sql: 'SELECT count(*) FROM expenses WHERE receipt = ?',
      params: [true],
      columns: [{ name: 'n', type: 'number' }],
    };
    expect(await source.queryOne(query)).toEqual([500]);
  });

  it('refuses a DELETE and leaves the data alone', async () => {
    const error = await rejection(collect({ sql: 'DELETE FROM expenses RETURNING id', params: [], columns: [] }, 10));
    expect(error.message).toBe(READ_ONLY_MESSAGE);
  });

  it('stops with CANCELLED between batches when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const batch of source.stream(all, { batchSize: 100, signal: controller.signal })) {
        seen.push(batch.length);
        if (seen.length === 2) controller.abort();
      }
    };
    const error = await rejection(run());
    expect(error.code).toBe('CANCELLED');
    expect(seen).toEqual([100, 100]);
    // The statement was released: the connection still answers.
    expect(await source.queryOne({ sql: 'SELECT 1', params: [], columns: [{ name: 'one', type: 'boolean' }] })).toEqual([true]);
  });

  it('releases the statement when the consumer breaks early', async () => {
    for await (const batch of source.stream(all, { batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    const batches = await collect(all, 1000);
    expect(batches).toHaveLength(1);
  });

  it('reports an error when no row comes back from queryOne', async () => {
    const error = await rejection(source.queryOne({ sql: 'SELECT id FROM expenses WHERE 0', params: [], columns: [] }));
    expect(error.code).toBe('SOURCE_ERROR');
  });
});

describe('close', () => {
  it('is idempotent and refuses later queries', async () => {
    const other = openSqliteSource(path);
    await other.close();
    await other.close();
    const error = await rejection(other.describeQuery('SELECT 1'));
    expect(error.message).toMatch(/closed/);
  });
});

describe('queryOneAside', () => {
  // Uses the registered functions (ps_date) and bound parameters, booleans included.
  const count: CompiledQuery = {
    sql: "SELECT count(*), count(CASE WHEN ps_date(spent_on) = ? THEN 1 END), sum(receipt = ?), max(amount) FROM expenses WHERE amount > ?",
    params: ['2024-01-31', true, 10],
    columns: [
      { name: 'n', type: 'number' },
      { name: 'dated', type: 'number' },
      { name: 'receipts', type: 'number' },
      { name: 'top', type: 'number' },
    ],
  };

  it('answers on another thread what queryOne answers here', async () => {
    const aside = source.queryOneAside!(count);
    const answer = await aside.answer;
    expect(answer).toEqual(await source.queryOne(count));
    expect(answer).toEqual([992, 1, 496, 1000]);
    expect(aside.running).toBe(true);
  });

  it('refuses a statement that writes, and leaves the data alone', async () => {
    const error = await rejection(source.queryOneAside!({ sql: 'DELETE FROM expenses RETURNING id', params: [], columns: [] }).answer);
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.message).toContain(READ_ONLY_MESSAGE);
    expect(await source.queryOne({ sql: 'SELECT count(*) FROM expenses', params: [], columns: [{ name: 'n', type: 'number' }] })).toEqual([1000]);
  });

  it('reports a bad query, and no row, as source errors', async () => {
    expect((await rejection(source.queryOneAside!({ sql: 'SELECT nope FROM expenses', params: [], columns: [] }).answer)).message).toMatch(
      /SQLite query failed: .*no such column: nope/,
    );
    expect((await rejection(source.queryOneAside!({ sql: 'SELECT id FROM expenses WHERE 0', params: [], columns: [] }).answer)).code).toBe('SOURCE_ERROR');
  });

  it('stops when cancelled: the answer rejects and never comes', async () => {
    const aside = source.queryOneAside!(count);
    aside.cancel();
    expect((await rejection(aside.answer)).code).toBe('CANCELLED');
  });
});
