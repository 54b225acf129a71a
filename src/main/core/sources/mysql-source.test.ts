import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { freePort } from '../../../../test-support/free-port.js';
import { createMysqlTestDatabase, hasMysql, type MysqlTestDatabase } from '../../../../test-support/mysql-database.js';
import { rejection as expectRejection } from '../../../../test-support/rejection.js';
import { openMysqlSource, type MysqlSource } from './mysql-source.js';
import { openSource } from './open-source.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';
import type { CompiledQuery } from './source.js';

async function collect(source: MysqlSource, query: CompiledQuery, batchSize: number): Promise<unknown[][][]> {
  const batches: unknown[][][] = [];
  for await (const batch of source.stream(query, { batchSize })) batches.push(batch);
  return batches;
}

describe.skipIf(!hasMysql())('MySQL/MariaDB source', () => {
  let db: MysqlTestDatabase;
  let source: MysqlSource;

  beforeAll(async () => {
    db = await createMysqlTestDatabase();
    const admin = await mysql.createConnection(db.adminUrl);
    await admin.query(`CREATE TABLE orders (
      id INT PRIMARY KEY, amount DECIMAL(10, 2), receipt BOOLEAN, vendor VARCHAR(40),
      placed DATE, shipped DATETIME(6), big BIGINT, ratio DOUBLE, raw BLOB
    ) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    await admin.query(`CREATE TABLE items (order_id INT, n INT, PRIMARY KEY (order_id, n))`);
    await admin.query(`CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100`);
    await admin.query(
      `INSERT INTO orders VALUES (1, 99.50, TRUE, 'Acme', '2024-03-09', '2024-03-09 10:30:00.250000', 9007199254740993, 0.5, X'00ff'),
        (2, 250.00, FALSE, 'acme', NULL, '2024-03-10 00:00:00', NULL, NULL, NULL)`,
    );
    const seq = Array.from({ length: 250 }, (_v, i) => `(${i + 1}, 1)`).join(', ');
    await admin.query(`INSERT INTO items (order_id, n) VALUES ${seq}`);
    await admin.end();
    source = openMysqlSource({ url: db.url }, { password: db.password });
    await source.connect();
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  it('discovers tables, views, rule-language types, primary keys and row estimates', async () => {
    const schema = await source.schema();
    expect(schema.tables.map((t) => t.name).sort()).toEqual(['big_orders', 'items', 'orders']);
    const orders = schema.tables.find((t) => t.name === 'orders')!;
    expect(Object.fromEntries(orders.columns.map((c) => [c.name, c.type]))).toEqual({
      id: 'number',
      amount: 'number',
      receipt: 'boolean',
      vendor: 'text',
      placed: 'date',
      shipped: 'timestamp',
      big: 'number',
      ratio: 'number',
      raw: 'unknown',
    });
    expect(orders.columns.find((c) => c.name === 'amount')).toMatchObject({ nativeType: 'decimal(10,2)', nullable: true });
    expect(orders.columns.find((c) => c.name === 'id')?.nullable).toBe(false);
    expect(orders.primaryKey).toEqual(['id']);
    expect(schema.tables.find((t) => t.name === 'items')?.primaryKey).toEqual(['order_id', 'n']);
    expect(typeof orders.rowEstimate).toBe('number');
    expect(schema.tables.find((t) => t.name === 'big_orders')?.rowEstimate).toBeNull();
    expect(source.flavor()).toBe('mariadb');
  });

  it('returns values as the rule language sees them, parameters bound', async () => {
    const row = await source.queryOne({
      sql: 'SELECT id, amount, receipt, vendor, placed, shipped, big, raw FROM orders WHERE vendor = ? AND id = ?',
      params: ['Acme', 1],
      columns: [
        { name: 'id', type: 'number' },
        { name: 'amount', type: 'number' },
        { name: 'receipt', type: 'boolean' },
        { name: 'vendor', type: 'text' },
        { name: 'placed', type: 'date' },
        { name: 'shipped', type: 'timestamp' },
        { name: 'big', type: 'number' },
        { name: 'raw', type: 'unknown' },
      ],
    });
    expect(row).toEqual([1, 99.5, true, 'Acme', '2024-03-09', '2024-03-09 10:30:00.25', 9007199254740992, '\\x00ff']);
  });

  it('streams in batches and can be stopped early, leaving the source usable', async () => {
    const query: CompiledQuery = { sql: 'SELECT order_id FROM items ORDER BY order_id', params: [], columns: [{ name: 'order_id', type: 'number' }] };
    const batches = await collect(source, query, 100);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat().at(-1)).toEqual([250]);
    for await (const batch of source.stream(query, { batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    const count = await source.queryOne({ sql: 'SELECT count(*) FROM items', params: [], columns: [{ name: 'n', type: 'number' }] });
    expect(count).toEqual([250]);
  });

  it('stops a stream when its signal aborts', async () => {
    const controller = new AbortController();
    const query: CompiledQuery = { sql: 'SELECT order_id FROM items', params: [], columns: [{ name: 'order_id', type: 'number' }] };
    const error = await expectRejection(
      (async () => {
        for await (const _batch of source.stream(query, { batchSize: 5, signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(await source.queryOne({ sql: 'SELECT 1', params: [], columns: [{ name: 'one', type: 'number' }] })).toEqual([1]);
  });

  it('describes a custom query without running it', async () => {
    const columns = await source.describeQuery('SELECT id, vendor, placed, receipt, amount * 2 AS doubled FROM orders;');
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'number'],
      ['vendor', 'text'],
      ['placed', 'date'],
      ['receipt', 'boolean'],
      ['doubled', 'number'],
    ]);
  });

  it('refuses to write: the session is read-only', async () => {
    for (const sql of ["UPDATE orders SET vendor = 'x' WHERE id = 1", 'INSERT INTO items VALUES (999, 1)', 'DELETE FROM items']) {
      const error = await expectRejection(source.queryOne({ sql, params: [], columns: [] }));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe(READ_ONLY_MESSAGE);
    }
    const count = await source.queryOne({ sql: 'SELECT count(*) FROM items', params: [], columns: [{ name: 'n', type: 'number' }] });
    expect(count).toEqual([250]);
  });

  it('stops a query that runs past the statement timeout, with a message that says what to do', async () => {
    const slow = openMysqlSource({ url: db.url, statementTimeoutMs: 200 }, { password: db.password });
    try {
      const started = Date.now();
      const error = await expectRejection(
        slow.queryOne({
          sql: 'SELECT count(*) FROM items a, items b, items c, items d WHERE a.order_id + b.order_id + c.order_id + d.order_id < 0',
          params: [],
          columns: [{ name: 'n', type: 'number' }],
        }),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toMatchObject({ code: 'SOURCE_ERROR' });
      expect((error as AppError).message).toContain('statement timeout (200 ms)');
    } finally {
      await slow.close();
    }
  });

  it('says the password is wrong, or missing', async () => {
    const wrong = openMysqlSource({ url: db.url }, { password: 'not-it' });
    const error = await expectRejection(wrong.connect());
    await wrong.close();
    expect(error).toMatchObject({ code: 'SOURCE_ERROR' });
    expect((error as AppError).message).toContain('refused the password');
    const missing = await expectRejection(openSource({ engine: 'mysql', url: db.url }, {}));
    expect((missing as AppError).message).toContain('--password-env');
  });

  it('names an unknown database', async () => {
    const url = new URL(db.url);
    url.pathname = '/no_such_db';
    const error = await expectRejection(openSource({ engine: 'mysql', url: url.toString(), passwordEnv: 'PS_MYSQL_PW' }, { PS_MYSQL_PW: db.password }));
    expect((error as AppError).message).toContain('Database "no_such_db" does not exist');
  });

  it('reports an unreachable host as SOURCE_UNREACHABLE', async () => {
    const port = await freePort();
    const error = await expectRejection(openSource({ engine: 'mysql', url: `mysql://auditor@127.0.0.1:${port}/x` }, {}));
    expect(error).toMatchObject({ code: 'SOURCE_UNREACHABLE' });
    expect((error as AppError).message).toContain(`127.0.0.1:${port}`);
  });

  it('needs the password variable to be set', async () => {
    await expect(openSource({ engine: 'mysql', url: 'mysql://a@b/c', passwordEnv: 'UNSET_PS_VAR' }, {})).rejects.toThrow(/UNSET_PS_VAR/);
  });
});
