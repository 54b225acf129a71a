import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { WatermarkStore } from './watermark-store.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});

const RULES = `rules:
  - id: big
    target: { connection: shop, table: events, key: [id], watermark: id }
    violation: amount > 100
  - id: no-mark
    target: { connection: shop, table: events, key: [id] }
    violation: amount < 0
`;

/** Rows `from..to`; every fifth one breaks `big`. */
function insertRows(path: string, from: number, to: number): void {
  const db = new Database(path);
  const insert = db.prepare('INSERT INTO events (id, amount) VALUES (?, ?)');
  db.transaction(() => {
    for (let id = from; id <= to; id++) insert.run(id, id % 5 === 0 ? 500 : 10);
  })();
  db.close();
}

const keysOf = (ws: Workspace, ruleId: string, status?: 'open' | 'resolved'): number[] =>
  ws.violations
    .list({ ruleId, ...(status ? { status } : {}), limit: 100_000 })
    .map((v) => v.recordKey[0] as number)
    .sort((a, b) => a - b);

/** A source whose streams stop with a lost connection after `batches` batches. */
function failingAfter(batches: number) {
  return async (config: ConnectionConfig): Promise<Source> => {
    const source = await open(config);
    const stream = source.stream.bind(source);
    source.stream = async function* (query, options) {
      let seen = 0;
      for await (const batch of stream(query, options)) {
        yield batch;
        if (++seen === batches) throw new AppError('SOURCE_UNREACHABLE', 'The connection was lost (injected).');
      }
    };
    return source;
  };
}

describe('incremental scans of a SQLite source', () => {
  let ws: Workspace;
  let dispose: () => void;
  let shop: string;
  beforeEach(async () => {
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    shop = join(made.dir, 'shop.sqlite');
    const db = new Database(shop);
    db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, amount REAL NOT NULL)');
    db.close();
    insertRows(shop, 1, 50);
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    await importRules(ws, parseRuleFile(RULES), { activate: true, actor: 'test', openSource: open });
  });
  afterEach(() => dispose());

  it('reads exactly the records added since the last run, skips rules without a watermark, and resolves nothing', async () => {
    const full = await runScan(ws, { openSource: open, batchSize: 3 });
    expect(full.rules.find((r) => r.id === 'big')).toMatchObject({ violationsNew: 10, recordsScanned: 50 });
    expect(new WatermarkStore(ws.db).get('big')).toMatchObject({ value: 50, ruleVersion: 1, column: 'id' });

    insertRows(shop, 51, 62);
    const db = new Database(shop);
    db.exec('UPDATE events SET amount = 1 WHERE id = 5');
    db.close();
    const inc = await runScan(ws, { openSource: open, incremental: true, batchSize: 2 });
    expect(inc.skippedRuleIds).toEqual(['no-mark']);
    expect(inc.rules.map((r) => r.id)).toEqual(['big']);
    expect(inc.rules[0]).toMatchObject({ status: 'completed', recordsScanned: 12, violationsNew: 2, violationsFound: 2, resolved: 0 });
    const newKeys = ws.violations.list({ ruleId: 'big', limit: 1000 }).filter((v) => v.firstSeenRun === inc.run.id).map((v) => v.recordKey[0]);
    expect(newKeys.sort()).toEqual([55, 60]);
    // The fixed record 5 stays open: an incremental pass does not see it.
    expect(keysOf(ws, 'big', 'open')).toContain(5);
    expect(new WatermarkStore(ws.db).get('big')?.value).toBe(62);

    const again = await runScan(ws, { openSource: open, incremental: true });
    expect(again.rules[0]).toMatchObject({ recordsScanned: 0, violationsNew: 0 });

    const fullAgain = await runScan(ws, { openSource: open });
    expect(fullAgain.rules.find((r) => r.id === 'big')).toMatchObject({ resolved: 1, violationsNew: 0 });
    expect(keysOf(ws, 'big', 'open')).toEqual([10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  });

  it('starts from the beginning when the rule changed since its watermark was written', async () => {
    await runScan(ws, { openSource: open, incremental: true });
    const store = new WatermarkStore(ws.db);
    expect(store.get('big')).toMatchObject({ value: 50, ruleVersion: 1 });
    const changed = parseRuleFile(RULES.replace('amount > 100', 'amount > 5'));
    await importRules(ws, changed, { activate: true, actor: 'test', openSource: open });
    const inc = await runScan(ws, { openSource: open, incremental: true, ruleIds: ['big'] });
    expect(inc.rules[0]).toMatchObject({ recordsScanned: 50, violationsNew: 40 });
    expect(store.get('big')).toMatchObject({ value: 50, ruleVersion: 2 });
  });

  it('commits each batch with its watermark: a pass stopped between batches resumes where it stopped', async () => {
    const broken = await runScan(ws, { openSource: failingAfter(3), incremental: true, batchSize: 2, ruleIds: ['big'] });
    expect(broken.rules[0]).toMatchObject({ status: 'failed' });
    expect(broken.rules[0]!.error?.code).toBe('SOURCE_UNREACHABLE');
    // Three batches of violations (ids 5..30) were committed; the watermark covers what precedes the last one.
    expect(keysOf(ws, 'big')).toEqual([5, 10, 15, 20, 25, 30]);
    expect(broken.rules[0]!.violationsNew).toBe(6);
    expect(new WatermarkStore(ws.db).get('big')?.value).toBe(25);

    const resumed = await runScan(ws, { openSource: open, incremental: true, ruleIds: ['big'] });
    expect(resumed.rules[0]).toMatchObject({ status: 'completed', recordsScanned: 25, violationsNew: 4 });
    expect(keysOf(ws, 'big')).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    // Across both runs each violation counts once.
    expect(broken.rules[0]!.violationsNew + resumed.rules[0]!.violationsNew).toBe(10);
  });

  it('rolls a batch back with its watermark when the watermark cannot be written', async () => {
    ws.db.exec(`CREATE TRIGGER no_marks BEFORE INSERT ON watermarks BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const broken = await runScan(ws, { openSource: open, incremental: true, batchSize: 4, ruleIds: ['big'] });
    expect(broken.rules[0]!.status).toBe('failed');
    expect(broken.rules[0]!.error?.message).toMatch(/injected failure/);
    // The first batch (4 violations) was written in the same transaction and is gone with it.
    expect(keysOf(ws, 'big')).toEqual([]);
    expect(new WatermarkStore(ws.db).get('big')).toBeNull();
    ws.db.exec('DROP TRIGGER no_marks');
    const ok = await runScan(ws, { openSource: open, incremental: true, batchSize: 4, ruleIds: ['big'] });
    expect(ok.rules[0]).toMatchObject({ status: 'completed', violationsNew: 10 });
  });
});

describe.skipIf(!hasPostgres())('incremental scans of a PostgreSQL source', () => {
  let database: TestDatabase;
  let ws: Workspace;
  let dispose: () => void;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE tickets (id integer PRIMARY KEY, priority integer NOT NULL, updated_at timestamp NOT NULL)`);
    // Ten records share each timestamp, so batches end inside a run of equal watermark values.
    await client.query(`INSERT INTO tickets SELECT i, CASE WHEN i % 4 = 0 THEN 9 ELSE 1 END, TIMESTAMP '2024-01-01' + (i / 10) * INTERVAL '1 minute' FROM generate_series(1, 200) AS i`);
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    ws.connections.add('erp', { engine: 'postgres', url: database.url }, 'test');
    const rules = parseRuleFile(`rules:
  - id: urgent
    target: { connection: erp, table: tickets, key: [id], watermark: updated_at }
    violation: priority > 5
`);
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
  });
  afterAll(async () => {
    dispose?.();
    await client?.end();
    await database?.drop();
  });

  it('finds exactly the new records past a timestamp watermark, equal values across batches included', async () => {
    const first = await runScan(ws, { openSource: open, incremental: true, batchSize: 7 });
    expect(first.rules[0]).toMatchObject({ status: 'completed', recordsScanned: 200, violationsNew: 50 });
    expect(new WatermarkStore(ws.db).get('urgent')?.value).toBe('2024-01-01 00:20:00');

    // Updated rows get a newer timestamp, as an updated-at column does; inserts too.
    await client.query(`UPDATE tickets SET priority = 9, updated_at = TIMESTAMP '2024-01-02' WHERE id IN (1, 2)`);
    await client.query(`INSERT INTO tickets SELECT i, CASE WHEN i % 2 = 0 THEN 9 ELSE 1 END, TIMESTAMP '2024-01-02' FROM generate_series(201, 230) AS i`);
    const inc = await runScan(ws, { openSource: open, incremental: true, batchSize: 4 });
    expect(inc.rules[0]).toMatchObject({ status: 'completed', recordsScanned: 32, violationsNew: 17, resolved: 0 });
    const fresh = ws.violations.list({ ruleId: 'urgent', limit: 1000 }).filter((v) => v.firstSeenRun === inc.run.id).map((v) => v.recordKey[0] as number);
    const expected = [1, 2, ...Array.from({ length: 15 }, (_, i) => 202 + 2 * i)];
    expect(fresh.sort((a, b) => a - b)).toEqual(expected);
    expect(new WatermarkStore(ws.db).get('urgent')?.value).toBe('2024-01-02 00:00:00');
  });
});
