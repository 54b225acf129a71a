import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShopDatabase, SHOP_RULES } from '../../../../test-support/cli-harness.js';
import { tempDir } from '../workspace/test-workspace.js';
import { createWorkspace } from '../workspace/open-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { runScanInWorker } from './run-scan-in-worker.js';
import type { ScanProgress } from './scan-types.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});

const BIG_RULE = `rules:
  - id: big-amounts
    target: { connection: shop, table: payments, key: [id], watermark: id }
    violation: amount > 90
`;

describe('scanning in a worker thread', () => {
  let dir: string;
  let cleanup: () => void;
  const opened: Workspace[] = [];
  const workspace = async (name: string, shop: string, rules: string): Promise<Workspace> => {
    const ws = createWorkspace(join(dir, name));
    opened.push(ws);
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    await importRules(ws, parseRuleFile(rules), { activate: true, actor: 'test', openSource: open });
    return ws;
  };
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => {
    for (const ws of opened.splice(0)) ws.close();
    cleanup();
  });

  it('finds the same violations and figures as a scan on the calling thread, and forwards progress', async () => {
    const shop = join(dir, 'shop.sqlite');
    createShopDatabase(shop);
    const here = await workspace('here.psw', shop, SHOP_RULES);
    const there = await workspace('there.psw', shop, SHOP_RULES);
    const local = await runScan(here, { openSource: open, asOf: '2024-12-31' });
    const events: ScanProgress[] = [];
    let started: number | null = null;
    const remote = await runScanInWorker({ workspacePath: there.path, asOf: '2024-12-31', onProgress: (p) => events.push(p), onRunStarted: (id) => (started = id) });
    expect(remote.run.id).toBe(started);
    const figures = (r: typeof local) => r.rules.map(({ durationMs: _d, ...rest }) => rest);
    expect(figures(remote)).toEqual(figures(local));
    expect(remote.run).toMatchObject({ status: 'completed', violationsNew: local.run.violationsNew, violationsOpen: local.run.violationsOpen });
    const shape = (ws: Workspace) =>
      ws.violations.list({ limit: 1000 }).map((v) => [v.ruleId, JSON.stringify(v.recordKey), v.status, JSON.stringify(v.snapshot), v.justification]);
    // The calling thread reads what the worker wrote, through its own connection to the file.
    expect(shape(there)).toEqual(shape(here));
    expect(events.filter((e) => e.phase === 'done').map((e) => e.ruleId)).toEqual(local.rules.map((r) => r.id));
  });

  it('stops on cancel, leaving the run cancelled, while the calling thread keeps running', async () => {
    const shop = join(dir, 'payments.sqlite');
    const db = new Database(shop);
    db.exec(`CREATE TABLE payments (id INTEGER PRIMARY KEY, amount REAL NOT NULL);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 200000) INSERT INTO payments SELECT i, i % 100 FROM s;`);
    db.close();
    const ws = await workspace('cancel.psw', shop, BIG_RULE);
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const result = await runScanInWorker({
        workspacePath: ws.path,
        batchSize: 500,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'streaming' && p.rowsStreamed >= 2_000) controller.abort();
        },
      });
      expect(result.run.status).toBe('cancelled');
      expect(ws.runs.get(result.run.id)?.status).toBe('cancelled');
      expect(ws.violations.count({ ruleId: 'big-amounts' })).toBeLessThan(18_000);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});
