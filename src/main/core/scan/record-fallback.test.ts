import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});
/** SQLite's abs() of the smallest 64-bit integer is an "integer overflow" error, for that record only. */
const POISON = -9223372036854775808n;

const keysOf = (ws: Workspace, ruleId: string, status?: 'open' | 'resolved'): number[] =>
  ws.violations
    .list({ ruleId, ...(status ? { status } : {}), limit: 100_000 })
    .map((v) => v.recordKey[0] as number)
    .sort((a, b) => a - b);

describe('a rule that fails on some records of a SQLite source', () => {
  let ws: Workspace;
  let dispose: () => void;
  let shop: string;
  const edit = (work: (db: Database.Database) => void): void => {
    const db = new Database(shop);
    db.defaultSafeIntegers(true);
    work(db);
    db.close();
  };
  beforeEach(async () => {
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    shop = join(made.dir, 'shop.sqlite');
    edit((db) => {
      db.exec('CREATE TABLE ledger (id INTEGER PRIMARY KEY, delta INTEGER NOT NULL)');
      const insert = db.prepare('INSERT INTO ledger VALUES (?, ?)');
      for (let id = 1; id <= 600; id++) insert.run(id, id % 50 === 0 ? 1000 : 10);
    });
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    const rules = parseRuleFile(`rules:
  - id: small-deltas
    target: { connection: shop, table: ledger, key: [id], watermark: id }
    require: abs(delta) < 100
  - id: positive
    target: { connection: shop, table: ledger, key: [id] }
    violation: delta < 0
`);
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
  });
  afterEach(() => dispose());

  it('records the failing records, checks all the others, and keeps the other rules running', async () => {
    const first = await runScan(ws, { openSource: open, batchSize: 50 });
    expect(first.rules.find((r) => r.id === 'small-deltas')).toMatchObject({ status: 'completed', violationsNew: 12, error: null });
    // Record 100 violated; now it, and record 333, hold a value the engine cannot evaluate.
    edit((db) => db.prepare('UPDATE ledger SET delta = ? WHERE id IN (100, 333)').run(POISON));
    const result = await runScan(ws, { openSource: open, batchSize: 50 });
    const rule = result.rules.find((r) => r.id === 'small-deltas')!;
    expect(rule.status).toBe('completed');
    expect(rule.error?.message).toMatch(/^2 records could not be evaluated .*ledger #100, ledger #333.*integer overflow/);
    expect(rule.error?.details).toMatchObject({ recordErrors: 2 });
    // Nothing resolved: record 100 could not be checked, so its violation stays as it was.
    expect(rule).toMatchObject({ resolved: 0, violationsNew: 0, violationsFound: 11 });
    expect(keysOf(ws, 'small-deltas', 'open')).toEqual(Array.from({ length: 12 }, (_, i) => 50 * (i + 1)));
    expect(result.rules.find((r) => r.id === 'positive')).toMatchObject({ status: 'completed', violationsNew: 2 });
    expect(result.run.status).toBe('completed');
    expect(result.run.error).toMatch(/Some records were skipped: small-deltas/);

    // A new violation among failing records is still found; the incremental path isolates them too.
    edit((db) => db.prepare('INSERT INTO ledger VALUES (601, ?), (602, 5000), (603, 1)').run(POISON));
    const inc = await runScan(ws, { openSource: open, incremental: true, batchSize: 50 });
    expect(inc.rules).toHaveLength(1);
    expect(inc.rules[0]).toMatchObject({ id: 'small-deltas', status: 'completed', violationsNew: 1, violationsFound: 1 });
    expect(inc.rules[0]!.error?.message).toMatch(/^1 record could not be evaluated .*ledger #601/);
  });

  it('fails the rule with the original error when every record fails', async () => {
    edit((db) => db.prepare('UPDATE ledger SET delta = ?').run(POISON));
    const result = await runScan(ws, { openSource: open, ruleIds: ['small-deltas'] });
    expect(result.rules[0]).toMatchObject({ status: 'failed' });
    expect(result.rules[0]!.error?.message).toMatch(/integer overflow/);
  });
});

describe.skipIf(!hasPostgres())('a rule that fails on some records of a PostgreSQL source', () => {
  let database: TestDatabase;
  let ws: Workspace;
  let dispose: () => void;
  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // Dates kept as text: a value that is not a date makes PostgreSQL's cast fail for the whole query.
    await client.query(`CREATE TABLE invoices (id integer PRIMARY KEY, due text)`);
    await client.query(`INSERT INTO invoices SELECT i, CASE WHEN i IN (7, 401) THEN 'n/a' WHEN i % 100 = 0 THEN '2025-06-01' ELSE '2024-06-01' END FROM generate_series(1, 500) AS i`);
    await client.end();
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    ws.connections.add('erp', { engine: 'postgres', url: database.url }, 'test');
    const rules = parseRuleFile(`rules:
  - id: due-this-year
    target: { connection: erp, table: invoices, key: [id] }
    require: due <= DATE '2024-12-31'
`);
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
  });
  afterAll(async () => {
    dispose?.();
    await database?.drop();
  });

  it('skips the records whose text is not a date and finds every violation among the others', async () => {
    const result = await runScan(ws, { openSource: open, batchSize: 100 });
    expect(result.rules[0]).toMatchObject({ status: 'completed', violationsNew: 5 });
    expect(result.rules[0]!.error?.message).toMatch(/^2 records could not be evaluated .*invoices #7, invoices #401.*date/);
    expect(keysOf(ws, 'due-this-year')).toEqual([100, 200, 300, 400, 500]);
  });
});
