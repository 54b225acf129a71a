import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopDatabase, SHOP_RULES } from '../../../../test-support/cli-harness.js';
import { postgresAvailable, startPostgres, type PgServer } from '../../../../test-support/postgres.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import type { ScanProgress } from './scan-types.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});

describe('scanning a SQLite source', () => {
  let ws: Workspace;
  let dispose: () => void;
  let shop: string;

  beforeEach(async () => {
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    shop = join(made.dir, 'shop.sqlite');
    createShopDatabase(shop);
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    await importRules(ws, parseRuleFile(SHOP_RULES), { activate: true, actor: 'test', openSource: open });
  });
  afterEach(() => dispose());

  const edit = (sql: string): void => {
    const db = new Database(shop);
    db.exec(sql);
    db.close();
  };

  it('finds each violation once, and an unchanged re-scan finds nothing new', async () => {
    const first = await runScan(ws, { openSource: open });
    expect(first.run).toMatchObject({ status: 'completed', violationsNew: 4, violationsOpen: 4 });
    const second = await runScan(ws, { openSource: open });
    expect(second.run).toMatchObject({ status: 'completed', violationsNew: 0, violationsOpen: 4, violationsResolved: 0 });
    expect(ws.violations.count({})).toBe(4);
  });

  it('keeps a dismissed violation dismissed, and reopens a resolved one that violates again', async () => {
    await runScan(ws, { openSource: open });
    const [late2, late4] = ws.violations.list({ ruleId: 'late-shipments' });
    ws.db.prepare("UPDATE violations SET status = 'dismissed' WHERE id = ?").run(late4!.id);

    edit("UPDATE orders SET required_at = '2024-12-31' WHERE id = 2");
    const fixed = await runScan(ws, { openSource: open, ruleIds: ['late-shipments'] });
    expect(fixed.rules[0]).toMatchObject({ resolved: 1, violationsOpen: 0, violationsNew: 0 });
    expect(ws.violations.get(late2!.id)?.status).toBe('resolved');
    expect(ws.violations.get(late4!.id)?.status).toBe('dismissed');

    edit("UPDATE orders SET required_at = '2024-01-01', total = 999 WHERE id = 2");
    const broken = await runScan(ws, { openSource: open, ruleIds: ['late-shipments'] });
    expect(broken.rules[0]).toMatchObject({ resolved: 0, violationsOpen: 1, violationsNew: 1 });
    const reopened = ws.violations.get(late2!.id)!;
    expect(reopened.status).toBe('open');
    expect(reopened.snapshot.total).toBe(999);
  });

  it('finds exactly the new records on a re-scan', async () => {
    await runScan(ws, { openSource: open });
    edit("INSERT INTO orders VALUES (6, 9, '2024-06-09', '2024-06-01', 10), (7, 9, '2024-06-01', '2024-06-02', 10)");
    const result = await runScan(ws, { openSource: open, ruleIds: ['late-shipments'] });
    expect(result.rules[0]).toMatchObject({ violationsNew: 1, violationsOpen: 3, recordsScanned: 7 });
    expect(ws.violations.list({ ruleId: 'late-shipments' }).map((v) => v.recordKey)).toEqual([[2], [4], [6]]);
  });

  it('counts a record once when its key repeats (a key that is not unique), on first scans and re-scans', async () => {
    const rules = parseRuleFile('rules:\n  - id: priced-lines\n    target: { connection: shop, table: order_lines, key: [order_id] }\n    violation: unit_price > 0\n');
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
    for (let i = 0; i < 2; i++) {
      const result = await runScan(ws, { openSource: open, ruleIds: ['priced-lines'] });
      expect(result.rules[0]).toMatchObject({ violationsFound: 2, violationsOpen: 2, violationsNew: i === 0 ? 2 : 0, resolved: 0 });
    }
    edit('DELETE FROM order_lines WHERE order_id = 1');
    const after = await runScan(ws, { openSource: open, ruleIds: ['priced-lines'] });
    expect(after.rules[0]).toMatchObject({ violationsFound: 1, violationsOpen: 1, violationsNew: 0, resolved: 1 });
  });

  it('records a failing rule and still runs the others; the run is marked failed', async () => {
    edit('ALTER TABLE purchases RENAME TO purchases_old');
    const result = await runScan(ws, { openSource: open });
    expect(result.run.status).toBe('failed');
    const failed = result.rules.find((r) => r.id === 'split-purchases')!;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('purchases');
    expect(result.rules.filter((r) => r.status === 'completed').map((r) => r.id)).toEqual(['late-shipments', 'list-price']);
    expect(result.run.error).toContain('1 of 3 rules failed');
    expect(ws.runs.get(result.run.id)?.status).toBe('failed');
  });

  it('says which value is missing when a requirement cannot be decided', async () => {
    edit("INSERT INTO orders VALUES (8, 9, '2024-06-09', '2024-06-01', 10)");
    edit('CREATE TABLE refunds (id INTEGER PRIMARY KEY, amount REAL, approved_by TEXT)');
    edit("INSERT INTO refunds VALUES (1, 50, 'ann'), (2, 80, NULL)");
    const rules = parseRuleFile('rules:\n  - id: refund-approved\n    target: { connection: shop, table: refunds }\n    require: approved_by IS NOT NULL AND amount < 100\n  - id: refund-limit\n    target: { connection: shop, table: refunds }\n    require: length(approved_by) > 2\n');
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
    await runScan(ws, { openSource: open, ruleIds: ['refund-limit'] });
    const [violation] = ws.violations.list({ ruleId: 'refund-limit' });
    expect(violation?.recordKey).toEqual([2]);
    expect(violation?.justification).toMatch(/approved_by/);
    expect(violation?.justification).toMatch(/missing|NULL/i);
  });

  it('reports progress and can be cancelled, leaving the run marked cancelled', async () => {
    const events: ScanProgress[] = [];
    const controller = new AbortController();
    const result = await runScan(ws, {
      openSource: open,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.ruleIndex === 0 && p.phase === 'done') controller.abort();
      },
    });
    expect(result.run.status).toBe('cancelled');
    expect(result.rules.map((r) => r.status)).toEqual(['completed', 'cancelled', 'cancelled']);
    expect(events[0]).toMatchObject({ ruleIndex: 0, ruleCount: 3, ruleId: 'late-shipments' });
  });

  it('writes an audit entry for the start and end of every run', async () => {
    const result = await runScan(ws, { openSource: open, actor: 'auditor' });
    const entries = ws.audit.list({ entityType: 'run', entityId: String(result.run.id) });
    expect(entries.map((e) => e.action)).toEqual(['scan.started', 'scan.completed']);
    expect(entries.every((e) => e.actor === 'auditor')).toBe(true);
  });
});

describe.skipIf(!postgresAvailable())('scanning PostgreSQL through an outage', () => {
  let server: PgServer;
  let ws: Workspace;
  let dispose: () => void;
  const ROWS = 20_000;

  beforeAll(async () => {
    server = await startPostgres({ name: 'outage' });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE TABLE expenses (id integer PRIMARY KEY, amount numeric(10,2) NOT NULL, receipt boolean)');
    await client.query('INSERT INTO expenses SELECT i, 100 + i % 50, false FROM generate_series(1, $1::int) AS i', [ROWS]);
    await client.end();
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    ws.connections.add('erp', { engine: 'postgres', url: server.url }, 'test');
    const rules = parseRuleFile('rules:\n  - id: receipt\n    target: { connection: erp, table: expenses }\n    when: amount > 75\n    require: receipt = TRUE\n');
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
  });
  afterAll(async () => {
    dispose?.();
    await server?.stop();
  });

  it('marks the run failed when the server goes away mid-scan, resolves nothing, and recovers', async () => {
    const first = await runScan(ws, { openSource: open });
    expect(first.run).toMatchObject({ status: 'completed', violationsOpen: ROWS });

    // Half the records are fixed: a complete scan would resolve them.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    // Committed for good before the immediate stop below (the test server runs with
    // synchronous_commit=off, which could otherwise lose it).
    await client.query('SET synchronous_commit = on');
    await client.query('UPDATE expenses SET receipt = true WHERE id % 2 = 0');
    await client.end();

    // The server stops after the first batch has been read.
    const dying = async (config: ConnectionConfig): Promise<Source> => {
      const source = await open(config);
      const stream = source.stream.bind(source);
      source.stream = async function* (query, options) {
        let batches = 0;
        for await (const batch of stream(query, options)) {
          yield batch;
          if (++batches === 1) await server.stop({ keepData: true, mode: 'immediate' });
        }
      };
      return source;
    };
    const broken = await runScan(ws, { openSource: dying });
    expect(broken.run.status).toBe('failed');
    expect(broken.rules[0]).toMatchObject({ status: 'failed', resolved: 0 });
    expect(broken.rules[0]!.error?.code).toBe('SOURCE_UNREACHABLE');
    expect(ws.violations.count({ ruleId: 'receipt', status: 'open' })).toBe(ROWS);
    expect(ws.runs.get(broken.run.id)?.status).toBe('failed');

    await server.start();
    const recovered = await runScan(ws, { openSource: open });
    expect(recovered.run.status).toBe('completed');
    expect(recovered.rules[0]).toMatchObject({ resolved: ROWS / 2, violationsOpen: ROWS / 2, violationsNew: 0 });
  });

  it('fails a scan of an unreachable server with a message that says what to do', async () => {
    await server.stop({ keepData: true });
    try {
      const result = await runScan(ws, { openSource: open });
      expect(result.run.status).toBe('failed');
      expect(result.rules[0]!.error?.code).toBe('SOURCE_UNREACHABLE');
      expect(result.rules[0]!.error?.message).toMatch(/Cannot reach PostgreSQL/);
    } finally {
      await server.start();
    }
  });
});
