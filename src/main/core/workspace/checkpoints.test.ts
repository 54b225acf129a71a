import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from '../scan/run-scan.js';
import { WAL_AUTOCHECKPOINT_PAGES, deferCheckpoints, scanAutocheckpointPages } from './checkpoints.js';
import { tempWorkspace } from './test-workspace.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const autocheckpoint = (db: Database.Database): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('deferring checkpoints while a scan writes', () => {
  it('raises the threshold to 128 MB of pages and restores the default when the last deferral ends', () => {
    const made = tempWorkspace();
    cleanups.push(made.dispose);
    const db = made.ws.db;
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(scanAutocheckpointPages(db) * (db.pragma('page_size', { simple: true }) as number)).toBe(128 * 1024 * 1024);
    const first = deferCheckpoints(db);
    const second = deferCheckpoints(db);
    expect(autocheckpoint(db)).toBe(scanAutocheckpointPages(db));
    first();
    first();
    // One deferral still runs: ending the first twice does not end the second.
    expect(autocheckpoint(db)).toBe(scanAutocheckpointPages(db));
    second();
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    const third = deferCheckpoints(db);
    db.close();
    // A connection closed meanwhile is left alone.
    expect(() => third()).not.toThrow();
  });

  it('checkpoints a scan once, after the run, on the writer; the workspace connection defers until then', async () => {
    const made = tempWorkspace();
    cleanups.push(made.dispose);
    const { ws, dir } = made;
    const sourcePath = join(dir, 'pay.sqlite');
    const src = new Database(sourcePath);
    src.exec('CREATE TABLE payments (id INTEGER PRIMARY KEY, amount REAL NOT NULL)');
    src.prepare('WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000) INSERT INTO payments SELECT i, i % 3 * 400 FROM s').run();
    src.close();
    ws.connections.add('pay', { engine: 'sqlite', path: sourcePath }, 'test');
    const rules = 'rules:\n  - id: limit\n    target: { connection: pay, table: payments, key: [id] }\n    require: amount <= 500\n';
    await importRules(ws, parseRuleFile(rules), { activate: true, actor: 'test', openSource: (c) => openSource(c, {}) });

    const during: number[] = [];
    const sampling = async (config: ConnectionConfig): Promise<Source> => {
      const source = await openSource(config, {});
      const stream = source.stream.bind(source);
      source.stream = async function* (query, options) {
        for await (const batch of stream(query, options)) {
          during.push(autocheckpoint(ws.db));
          yield batch;
        }
      };
      return source;
    };
    const result = await runScan(ws, { openSource: sampling, writeGroup: 100, batchSize: 500 });
    expect(result.run).toMatchObject({ status: 'completed', violationsNew: 1667 });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((pages) => pages === scanAutocheckpointPages(ws.db))).toBe(true);

    // Once the writer has checkpointed and exited, the default is back and the file holds every page.
    await waitFor(() => autocheckpoint(ws.db) === WAL_AUTOCHECKPOINT_PAGES);
    const pageSize = ws.db.pragma('page_size', { simple: true }) as number;
    const pages = ws.db.pragma('page_count', { simple: true }) as number;
    expect(statSync(ws.path).size).toBe(pages * pageSize);
  });
});
