import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createShopDatabase, SHOP_RULES, tempDir } from '../../../test-support/cli-harness.js';

interface ScanJson {
  run: { id: number; status: string; recordsScanned: number; violationsNew: number; violationsOpen: number; durationMs: number; startedAt: string; finishedAt: string };
  rules: Array<{ id: string; status: string; recordsScanned: number; violationsOpen: number; violationsNew: number; resolved: number; error: { message: string } | null }>;
}

describe('the command line, end to end on a SQLite source', () => {
  const tmp = tempDir('cli');
  const ws = join(tmp.dir, 'audit.psw');
  const shop = join(tmp.dir, 'shop.sqlite');
  const w = ['--workspace', ws];

  beforeAll(() => createShopDatabase(shop));
  afterAll(() => tmp.remove());

  it('creates a workspace and refuses to overwrite it', async () => {
    const first = await cli(['init', ws, '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ workspace: ws });
    const again = await cli(['init', ws, '--json']);
    expect(again.code).toBe(1);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('ALREADY_EXISTS');
  });

  it('registers a source and shows its schema', async () => {
    expect((await cli(['connection', 'add', 'shop', '--sqlite', shop, ...w])).code).toBe(0);
    const list = await cli(['connection', 'list', ...w, '--json']);
    expect(list.json<{ connections: Array<{ name: string; engine: string }> }>().connections).toEqual([
      expect.objectContaining({ name: 'shop', engine: 'sqlite' }),
    ]);
    const schema = await cli(['connection', 'schema', 'shop', ...w, '--json']);
    const orders = schema.json<{ tables: Array<{ name: string; primaryKey: string[]; columns: Array<{ name: string; type: string }> }> }>().tables.find((t) => t.name === 'orders');
    expect(orders?.primaryKey).toEqual(['id']);
    expect(orders?.columns.find((c) => c.name === 'shipped_at')?.type).toBe('date');
  });

  it('refuses a malformed rule file, naming the rule and field, and stores nothing', async () => {
    const bad = join(tmp.dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - id: broken\n    severity: urgent\n    target: { connection: shop, table: orders }\n    require: total >\n');
    const result = await cli(['rules', 'import', bad, ...w, '--json']);
    expect(result.code).not.toBe(0);
    const message = result.json<{ error: { message: string } }>().error.message;
    expect(message).toContain('broken');
    expect(message).toMatch(/severity/);
    expect((await cli(['rules', 'list', ...w, '--json'])).json<{ rules: unknown[] }>().rules).toEqual([]);
  });

  it('refuses a rule naming an unknown column, and says which one', async () => {
    const bad = join(tmp.dir, 'unknown-column.yaml');
    writeFileSync(bad, 'rules:\n  - id: typo\n    target: { connection: shop, table: orders }\n    require: shiped_at <= required_at\n');
    const result = await cli(['rules', 'import', bad, ...w, '--json']);
    expect(result.code).toBe(1);
    const message = result.json<{ error: { message: string } }>().error.message;
    expect(message).toContain('typo');
    expect(message).toContain('shiped_at');
    expect(message).toContain('shipped_at');
  });

  it('imports, activates and scans rules, with the documented JSON', async () => {
    const file = join(tmp.dir, 'rules.yaml');
    writeFileSync(file, SHOP_RULES);
    const imported = await cli(['rules', 'import', file, '--activate', ...w, '--json']);
    expect(imported.code).toBe(0);
    expect(imported.json<{ imported: Array<{ id: string; status: string }> }>().imported.map((r) => r.status)).toEqual(['active', 'active', 'active']);

    const scan = await cli(['scan', ...w, '--json']);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const result = scan.json<ScanJson>();
    expect(result.run.status).toBe('completed');
    const byId = Object.fromEntries(result.rules.map((r) => [r.id, r]));
    expect(byId['late-shipments']).toMatchObject({ status: 'completed', recordsScanned: 5, violationsOpen: 2, violationsNew: 2, resolved: 0, error: null });
    expect(byId['list-price']).toMatchObject({ violationsOpen: 1 });
    expect(byId['split-purchases']).toMatchObject({ violationsOpen: 1 });
    expect(result.run.violationsNew).toBe(4);
    expect(result.run.violationsOpen).toBe(4);

    const again = (await cli(['scan', ...w, '--json'])).json<ScanJson>();
    expect(again.run.violationsNew).toBe(0);
    expect(again.run.violationsOpen).toBe(4);
  });

  it('lists violations with justifications that give the actual values', async () => {
    const list = await cli(['violations', 'list', '--rule', 'late-shipments', ...w, '--json']);
    const violations = list.json<{ violations: Array<{ recordKey: unknown[]; justification: string; snapshot: Record<string, unknown> }> }>().violations;
    expect(violations.map((v) => v.recordKey)).toEqual([[2], [4]]);
    expect(violations[0]!.justification).toContain('2024-03-09');
    expect(violations[0]!.justification).toContain('2024-03-01');
    expect(violations[0]!.snapshot).toMatchObject({ id: 2, total: 250.5 });
  });

  it('resolves what was fixed in the source, with an audit entry', async () => {
    const db = new Database(shop);
    db.prepare("UPDATE orders SET required_at = '2024-03-31' WHERE id = 2").run();
    db.close();
    const result = (await cli(['scan', '--rule', 'late-shipments', ...w, '--json'])).json<ScanJson>();
    expect(result.rules[0]).toMatchObject({ resolved: 1, violationsOpen: 1 });
    const resolved = await cli(['violations', 'list', '--status', 'resolved', ...w, '--json']);
    expect(resolved.json<{ violations: Array<{ recordKey: unknown[] }> }>().violations.map((v) => v.recordKey)).toEqual([[2]]);
    const audit = await cli(['audit', 'list', ...w, '--json']);
    expect(audit.json<{ entries: Array<{ action: string }> }>().entries.map((e) => e.action)).toContain('violations.resolved');
  });

  it('exports violations as CSV', async () => {
    const out = join(tmp.dir, 'violations.csv');
    const result = await cli(['violations', 'export', '--format', 'csv', '--out', out, ...w, '--json']);
    expect(result.json()).toMatchObject({ exported: 4 });
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,rule_id,severity,status/);
    expect(lines).toHaveLength(5);
    expect((await cli(['violations', 'export', '--format', 'csv', '--out', out, ...w])).code).toBe(1);
  });

  it('scans a read-only custom query dataset, and refuses one that writes', async () => {
    const file = join(tmp.dir, 'query.yaml');
    writeFileSync(
      file,
      'rules:\n  - id: split-by-query\n    target: { connection: shop, query: "SELECT customer_id, day, value FROM purchases WHERE value > 0", key: [customer_id, day] }\n    group_by: [customer_id, day]\n    violation: count(*) > 1 AND sum(value) > 5000\n',
    );
    expect((await cli(['rules', 'import', file, '--activate', ...w])).code).toBe(0);
    const scan = (await cli(['scan', '--rule', 'split-by-query', ...w, '--json'])).json<ScanJson>();
    expect(scan.rules[0]).toMatchObject({ status: 'completed', violationsOpen: 1 });
    const [violation] = (await cli(['violations', 'list', '--rule', 'split-by-query', ...w, '--json'])).json<{ violations: Array<{ recordKey: unknown[] }> }>().violations;
    expect(violation?.recordKey).toEqual([7, '2024-05-01']);

    const writing = join(tmp.dir, 'writing.yaml');
    writeFileSync(writing, 'rules:\n  - id: sneaky\n    target: { connection: shop, query: "DELETE FROM orders RETURNING id", key: [id] }\n    violation: id > 0\n');
    const refused = await cli(['rules', 'import', writing, ...w]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/SELECT/);
    const db = new Database(shop, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 5 });
    db.close();
    expect((await cli(['rules', 'deactivate', 'split-by-query', ...w])).code).toBe(0);
  });

  it('exports rules that import again unchanged', async () => {
    const out = join(tmp.dir, 'exported.yaml');
    expect((await cli(['rules', 'export', out, ...w])).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const reimported = await cli(['rules', 'import', out, ...w, '--json']);
    expect(reimported.code).toBe(0);
    expect(reimported.json<{ imported: Array<{ version: number }> }>().imported.map((r) => r.version)).toEqual([1, 1, 1, 1]);
  });

  it('verifies the audit trail, and reports the first tampered entry', async () => {
    const ok = await cli(['audit', 'verify', ...w, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true });
    const db = new Database(ws);
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as Array<{ name: string }>) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3").run();
    db.close();
    const broken = await cli(['audit', 'verify', ...w, '--json']);
    expect(broken.code).toBe(4);
    expect(broken.json()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('gives clear errors for a missing workspace and unknown options', async () => {
    const missing = await cli(['rules', 'list', '--workspace', join(tmp.dir, 'nope.psw')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('init');
    const typo = await cli(['scan', '--rules', 'x', ...w]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--rule');
  });
});

describe('PostgreSQL connections', () => {
  const tmp = tempDir('cli-pg');
  const ws = join(tmp.dir, 'audit.psw');
  afterAll(() => tmp.remove());

  it('refuses a URL with a password in it, and keeps nothing', async () => {
    await cli(['init', ws]);
    const result = await cli(['connection', 'add', 'erp', '--postgres', 'postgres://auditor:hunter2@127.0.0.1:5432/erp', '--workspace', ws]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-env');
    const bytes = readFileSync(ws);
    expect(bytes.includes(Buffer.from('hunter2'))).toBe(false);
  });

  it('registers an unreachable server, with a warning that says so', async () => {
    const added = await cli(['connection', 'add', 'gone', '--postgres', 'postgres://auditor@127.0.0.1:9/erp', '--workspace', ws, '--json']);
    expect(added.code).toBe(0);
    expect(added.json<{ connection: { reachable: boolean } }>().connection.reachable).toBe(false);
    expect(added.stderr).toMatch(/could not be reached/);
  });
});
