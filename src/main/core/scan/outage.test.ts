/**
 * A PostgreSQL server stopped in the middle of a scan: its rule fails with a clear error, the rules
 * of the other connection still complete, and after the server is back a new run succeeds.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopDatabase, SHOP_RULES } from '../../../../test-support/cli-harness.js';
import { postgresAvailable, startPostgres, type PgServer } from '../../../../test-support/postgres.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { FETCH_ROWS } from '../sources/postgres-source.js';
import { runScan } from './run-scan.js';
import { WatermarkStore } from './watermark-store.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});
const ROWS = 20_000;

describe.skipIf(!postgresAvailable())('a PostgreSQL outage during a scan of several connections', () => {
  let server: PgServer;
  let ws: Workspace;
  let dispose: () => void;

  beforeAll(async () => {
    server = await startPostgres({ name: 'outage-mixed' });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE TABLE expenses (id integer PRIMARY KEY, amount integer NOT NULL, receipt boolean NOT NULL)');
    await client.query('INSERT INTO expenses SELECT i, 100 + i % 50, i % 10 <> 0 FROM generate_series(1, $1::int) AS i', [ROWS]);
    // The server runs without synchronous commits; an immediate stop must not lose the data.
    await client.query('CHECKPOINT');
    await client.end();
    const made = tempWorkspace();
    ws = made.ws;
    dispose = made.dispose;
    const shop = join(made.dir, 'shop.sqlite');
    createShopDatabase(shop);
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    // Connections are scanned in rule-id order: the PostgreSQL rule ("a-receipt") comes first.
    ws.connections.add('erp', { engine: 'postgres', url: server.url }, 'test');
    const rules = parseRuleFile(`rules:
  - id: a-receipt
    target: { connection: erp, table: expenses, key: [id], watermark: id }
    require: receipt = TRUE
${SHOP_RULES.replace(/^rules:\n/, '')}`);
    await importRules(ws, rules, { activate: true, actor: 'test', openSource: open });
  });
  afterAll(async () => {
    dispose?.();
    await server?.stop();
  });

  for (const incremental of [false, true]) {
    it(`fails only the PostgreSQL rule with SOURCE_UNREACHABLE, and recovers (${incremental ? 'incremental' : 'full'})`, async () => {
      // The incremental pass reads more violations than the stream fetches ahead (two fetches),
      // so the outage falls in the middle of its read.
      const total = incremental ? ROWS + 3 * 10 * FETCH_ROWS : ROWS;
      if (incremental) {
        // New rows for the incremental pass to read (the full run before has read the first ones).
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        await client.query('INSERT INTO expenses SELECT i, 100 + i % 50, i % 10 <> 0 FROM generate_series($1::int + 1, $2::int) AS i', [ROWS, total]);
        await client.query('CHECKPOINT');
        await client.end();
      }
      // The server stops after the first batch has been read.
      const dying = async (config: ConnectionConfig): Promise<Source> => {
        const source = await open(config);
        if (config.engine !== 'postgres') return source;
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
      const broken = await runScan(ws, { openSource: dying, batchSize: 500, incremental });
      const pgRule = broken.rules.find((r) => r.id === 'a-receipt')!;
      expect(pgRule.status).toBe('failed');
      expect(pgRule.error?.code).toBe('SOURCE_UNREACHABLE');
      expect(pgRule.error?.message).toMatch(/PostgreSQL was lost|Cannot reach PostgreSQL/);
      expect(broken.run.status).toBe('failed');
      // The SQLite rules (none has a watermark, so only in the full run) all complete.
      const others = broken.rules.filter((r) => r.id !== 'a-receipt');
      expect(others.length).toBe(incremental ? 0 : 3);
      expect(others.every((r) => r.status === 'completed')).toBe(true);

      await server.start();
      const recovered = await runScan(ws, { openSource: open, incremental });
      expect(recovered.run.status).toBe('completed');
      expect(recovered.rules.find((r) => r.id === 'a-receipt')).toMatchObject({ status: 'completed', resolved: 0 });
      expect(ws.violations.count({ ruleId: 'a-receipt', status: 'open' })).toBe(total / 10);
      expect(new WatermarkStore(ws.db).get('a-receipt')?.value).toBe(total);
    });
  }
});
