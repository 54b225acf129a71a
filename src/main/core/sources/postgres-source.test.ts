import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { postgresAvailable, startPostgres } from '../../../../test-support/postgres.js';
import type { CellValue } from '../../../shared/schema.js';
import { openSource } from './open-source.js';
import { CONNECTION_LOST_MESSAGE, READ_ONLY_MESSAGE } from './postgres-errors.js';
import { FETCH_ROWS, openPostgresSource, type PostgresSource } from './postgres-source.js';
import type { CompiledQuery } from './source.js';
import { rejection } from '../../../../test-support/rejection.js';


async function collect(source: PostgresSource, query: CompiledQuery, batchSize: number): Promise<CellValue[][][]> {
  const batches: CellValue[][][] = [];
  for await (const batch of source.stream(query, { batchSize })) batches.push(batch);
  return batches;
}

async function exec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const one = (sql: string, params: unknown[] = [], type: 'number' | 'text' | 'boolean' = 'number'): CompiledQuery => ({
  sql,
  params,
  columns: [{ name: 'value', type }],
});

const endless: CompiledQuery = { sql: 'SELECT generate_series(1, 1000000000) AS n', params: [], columns: [{ name: 'n', type: 'number' }] };

describe.skipIf(!hasPostgres())('PostgreSQL source', () => {
  let db: TestDatabase;
  let source: PostgresSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await exec(
      db.url,
      `CREATE DOMAIN cents AS numeric(12, 2);
       CREATE TABLE expenses (
         id int8 PRIMARY KEY, amount numeric(10,2) NOT NULL, receipt boolean, spent_on date,
         created_at timestamp, approved_at timestamptz, note varchar(40), code char(3), ref uuid,
         ratio float8, small int2, fee cents, payload jsonb
       );
       CREATE TABLE lines (order_id int4, line_no int4, sku text, PRIMARY KEY (line_no, order_id));
       CREATE VIEW big_expenses AS SELECT id, amount FROM expenses WHERE amount > 100;
       CREATE SCHEMA other;
       CREATE TABLE other.hidden (x int);
       INSERT INTO expenses VALUES
         (1, 50.25, true, '2024-01-31', '2024-01-31 10:00:00.5', '2024-01-31 10:00:00+02', 'ok', 'abc',
          '0f8fad5b-d9cb-469f-a165-70867728950e', 0.5, 7, 12.34, '{"a":1}'),
         (2, 150, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
       INSERT INTO lines SELECT g / 10, g % 10, 'sku' || g FROM generate_series(1, 10000) g;
       ANALYZE lines;`,
    );
    source = openPostgresSource({ engine: 'postgres', url: db.url });
    await source.connect();
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  it('discovers visible tables, mapped types, keys and estimates', async () => {
    const schema = await source.schema();
    expect(schema.tables.map((t) => t.name)).toEqual(['big_expenses', 'expenses', 'lines']);
    const expenses = schema.tables.find((t) => t.name === 'expenses');
    expect(expenses?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'number'],
      ['amount', 'number'],
      ['receipt', 'boolean'],
      ['spent_on', 'date'],
      ['created_at', 'timestamp'],
      ['approved_at', 'timestamp'],
      ['note', 'text'],
      ['code', 'text'],
      ['ref', 'text'],
      ['ratio', 'number'],
      ['small', 'number'],
      ['fee', 'number'],
      ['payload', 'unknown'],
    ]);
    expect(expenses?.columns.find((c) => c.name === 'amount')).toEqual({ name: 'amount', type: 'number', nativeType: 'numeric(10,2)', nullable: false });
    expect(expenses?.columns.find((c) => c.name === 'note')?.nullable).toBe(true);
    expect(expenses?.primaryKey).toEqual(['id']);
    expect(expenses?.rowEstimate).toBeNull();
    const lines = schema.tables.find((t) => t.name === 'lines');
    expect(lines?.primaryKey).toEqual(['line_no', 'order_id']);
    expect(lines?.rowEstimate).toBe(10000);
    expect(schema.tables.find((t) => t.name === 'big_expenses')?.rowEstimate).toBeNull();
  });

  it('normalises values: numbers, ISO dates, UTC timestamps, booleans', async () => {
    const query: CompiledQuery = {
      sql: 'SELECT id, amount, receipt, spent_on, created_at, approved_at, ref, ratio, fee, count(*) OVER () AS n FROM expenses ORDER BY id',
      params: [],
      columns: [
        { name: 'id', type: 'number' },
        { name: 'amount', type: 'number' },
        { name: 'receipt', type: 'boolean' },
        { name: 'spent_on', type: 'date' },
        { name: 'created_at', type: 'timestamp' },
        { name: 'approved_at', type: 'timestamp' },
        { name: 'ref', type: 'text' },
        { name: 'ratio', type: 'number' },
        { name: 'fee', type: 'number' },
        { name: 'n', type: 'number' },
      ],
    };
    const rows = (await collect(source, query, 10)).flat();
    expect(rows).toEqual([
      [1, 50.25, true, '2024-01-31', '2024-01-31 10:00:00.5', '2024-01-31T08:00:00Z', '0f8fad5b-d9cb-469f-a165-70867728950e', 0.5, 12.34, 2],
      [2, 150, false, null, null, null, null, null, null, 2],
    ]);
    // The parsers are per connection: the process-wide defaults are untouched.
    expect(pg.types.getTypeParser(1700, 'text')('1.50')).toBe('1.50');
  });

  it('streams 10k rows in batches of the requested size', async () => {
    const query: CompiledQuery = {
      sql: 'SELECT order_id, line_no, sku FROM lines WHERE line_no >= $1 ORDER BY order_id, line_no',
      params: [0],
      columns: [
        { name: 'order_id', type: 'number' },
        { name: 'line_no', type: 'number' },
        { name: 'sku', type: 'text' },
      ],
    };
    const batches = await collect(source, query, 3000);
    expect(batches.map((b) => b.length)).toEqual([3000, 3000, 3000, 1000]);
    expect(batches[0]?.[0]).toEqual([0, 1, 'sku1']);
    expect(batches.flat()).toHaveLength(10000);
    // Small batches come several to a fetch from the server, still in order and of the size asked.
    const small = await collect(source, query, 700);
    expect(small.map((b) => b.length)).toEqual([...Array.from({ length: 14 }, () => 700), 200]);
    expect(small.flat()).toEqual(batches.flat());
  });

  it('reads through a cursor: the first batches of an endless query arrive, and breaking releases it', async () => {
    const seen: number[] = [];
    for await (const batch of source.stream(endless, { batchSize: 500 })) {
      seen.push(batch.length);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([500, 500, 500]);
    expect(await source.queryOne(one('SELECT 42'))).toEqual([42]);
  });

  it('stops with CANCELLED when the signal aborts, and stays usable', async () => {
    const controller = new AbortController();
    let batches = 0;
    const run = async (): Promise<void> => {
      for await (const batch of source.stream(endless, { batchSize: 100, signal: controller.signal })) {
        expect(batch).toHaveLength(100);
        batches += 1;
        if (batches === 2) controller.abort();
      }
    };
    expect((await rejection(run())).code).toBe('CANCELLED');
    expect(batches).toBe(2);
    expect(await source.queryOne(one("SELECT current_setting('transaction_read_only') = 'on'", [], 'boolean'))).toEqual([true]);
  });

  it('cancels a slow query while its first batch is still running', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const slow: CompiledQuery = { sql: 'SELECT 1 AS n FROM pg_sleep(5)', params: [], columns: [{ name: 'n', type: 'number' }] };
    const run = async (): Promise<void> => {
      for await (const batch of source.stream(slow, { batchSize: 10, signal: controller.signal })) void batch;
    };
    expect((await rejection(run())).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await source.queryOne(one('SELECT 6'))).toEqual([6]);
  });

  it('describes a custom query without running it', async () => {
    const columns = await source.describeQuery('SELECT id, fee, receipt, count(*) OVER () AS n, note || code AS label FROM expenses -- trailing comment');
    expect(columns.map((c) => [c.name, c.type, c.nativeType])).toEqual([
      ['id', 'number', 'int8'],
      ['fee', 'number', 'numeric'],
      ['receipt', 'boolean', 'bool'],
      ['n', 'number', 'int8'],
      ['label', 'text', 'text'],
    ]);
    expect((await source.describeQuery('SELECT 1 AS one;')).map((c) => c.name)).toEqual(['one']);
  });

  it('refuses writes: the source is read-only', async () => {
    const update = await rejection(source.queryOne(one('WITH changed AS (UPDATE expenses SET amount = 0 RETURNING id) SELECT count(*) FROM changed')));
    expect(update.code).toBe('SOURCE_ERROR');
    expect(update.message).toBe(READ_ONLY_MESSAGE);
    const streamed = await rejection(collect(source, one('DELETE FROM expenses RETURNING id'), 10));
    expect(streamed.message).toBe(READ_ONLY_MESSAGE);
    const described = await rejection(source.describeQuery('UPDATE expenses SET amount = 0'));
    expect(described.code).toBe('SOURCE_ERROR');
    expect(await source.queryOne(one('SELECT sum(amount) FROM expenses'))).toEqual([200.25]);
  });

  it('runs concurrent calls one after another on its single connection', async () => {
    const results = await Promise.all([source.queryOne(one('SELECT 1')), source.schema(), source.queryOne(one('SELECT 2'))]);
    expect(results[0]).toEqual([1]);
    expect(results[2]).toEqual([2]);
  });

  it('stops a query at the statement timeout', async () => {
    const quick = openPostgresSource({ engine: 'postgres', url: db.url }, { statementTimeoutMs: 150 });
    try {
      const error = await rejection(quick.queryOne(one('SELECT 1 FROM pg_sleep(2)')));
      expect(error.code).toBe('SOURCE_ERROR');
      expect(error.message).toContain('statement timeout (150 ms)');
      const streamed = await rejection(collect(quick, one('SELECT 1 FROM pg_sleep(2)'), 10));
      expect(streamed.message).toContain('statement timeout');
      expect(await quick.queryOne(one('SELECT 3'))).toEqual([3]);
    } finally {
      await quick.close();
    }
  });

  it('names an unknown database', async () => {
    const url = new URL(db.url);
    url.pathname = '/no_such_db';
    const error = await rejection(openSource({ engine: 'postgres', url: url.toString() }));
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.message).toContain('Database "no_such_db" does not exist');
  });
});

describe('PostgreSQL source without a server', () => {
  it('says the port is closed', async () => {
    const port = await closedPort();
    const error = await rejection(openSource({ engine: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/x` }));
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toBe(`Cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused). Is the server running and the port right?`);
  });

  it('says which password variable is missing', async () => {
    const error = await rejection(openSource({ engine: 'postgres', url: 'postgres://u@127.0.0.1:1/x', passwordEnv: 'PS_TEST_PW' }, {}));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('PS_TEST_PW');
  });
});

describe.skipIf(!postgresAvailable())('PostgreSQL source when the server goes away', () => {
  it('reports a lost connection mid-stream, then reconnects once the server is back', async () => {
    const server = await startPostgres({ name: 'lost' });
    const source = openPostgresSource({ engine: 'postgres', url: server.url });
    try {
      let batches = 0;
      const run = async (): Promise<void> => {
        for await (const batch of source.stream(endless, { batchSize: 1000 })) {
          expect(batch).toHaveLength(1000);
          batches += 1;
          if (batches === 1) await server.stop({ keepData: true, mode: 'immediate' });
        }
      };
      const error = await rejection(run());
      expect(error.code).toBe('SOURCE_UNREACHABLE');
      expect(error.message).toBe(CONNECTION_LOST_MESSAGE);
      // The stream reads one fetch ahead, so the batches of the first two fetches may already
      // have arrived; none after them.
      expect(batches).toBeGreaterThanOrEqual(1);
      expect(batches).toBeLessThanOrEqual((2 * FETCH_ROWS) / 1000);

      await server.start();
      expect(await source.queryOne(one('SELECT 5'))).toEqual([5]);
    } finally {
      await source.close();
      await server.stop();
    }
  });
});
