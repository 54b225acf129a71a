import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres } from '../../../../test-support/pg-database.js';
import { createMysqlTestDatabase, hasMysql } from '../../../../test-support/mysql-database.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { canShareKeys, shareGroups } from './shared-key-pass.js';

// Four rules on one table (one with a `when`, one with NULL-sensitive logic) and one elsewhere.
const RULES = `rules:
  - id: receipt
    severity: high
    target: { connection: src, table: payments, key: [id] }
    when: amount > 75
    require: receipt = TRUE
  - id: self-approval
    severity: critical
    target: { connection: src, table: payments, key: [id] }
    violation: approver = employee
  - id: known-category
    severity: low
    target: { connection: src, table: payments, key: [id] }
    require: category IN ('travel', 'meals')
  - id: amount-limit
    severity: high
    target: { connection: src, table: payments, key: [id] }
    require: amount <= 500
  - id: named-vendor
    severity: low
    target: { connection: src, table: vendors, key: [id] }
    require: name IS NOT NULL
`;

type Payment = [number, number, number, number | null, number | null, string | null];

/** Row i: every few rows break one rule or another; NULLs included. */
function payment(i: number, shift = 0): Payment {
  const j = i + shift;
  return [i, j % 7, j % 5 === 0 ? j % 7 : 100 + j, j % 4 === 0 ? 900 : j % 9 === 0 ? null : 50 + j, j % 3 === 0 ? 0 : j % 11 === 0 ? null : 1, j % 6 === 0 ? 'other' : j % 13 === 0 ? null : 'travel'];
}

interface Engine {
  name: string;
  available: boolean;
  /** What the source is opened with (a MariaDB password lives in the environment). */
  env: NodeJS.ProcessEnv;
  /** Creates the tables; `shift` changes which rows violate (a later scan sees other data). */
  make(shift: number): Promise<ConnectionConfig>;
  /** Applies a new shift to the same source, and adds rows. */
  change(config: ConnectionConfig, shift: number): Promise<void>;
  dropColumn(config: ConnectionConfig): Promise<void>;
  cleanup(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function sqliteEngine(): Engine {
  const fill = (db: Database.Database, shift: number): void => {
    db.exec('DELETE FROM payments');
    const insert = db.prepare('INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 1; i <= 400 + shift; i++) insert.run(...payment(i, shift));
  };
  return {
    name: 'SQLite',
    available: true,
    env: {},
    async make(shift) {
      const dir = mkdtempSync(join(tmpdir(), 'policysentinel-shared-keys-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, 'src.sqlite');
      const db = new Database(path);
      db.exec('CREATE TABLE payments (id INTEGER PRIMARY KEY, employee INTEGER, approver INTEGER, amount REAL, receipt BOOLEAN, category TEXT)');
      db.exec("CREATE TABLE vendors (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO vendors VALUES (1, 'a'), (2, NULL)");
      fill(db, shift);
      db.close();
      return { engine: 'sqlite', path };
    },
    async change(config, shift) {
      const db = new Database((config as { path: string }).path);
      fill(db, shift);
      db.close();
    },
    async dropColumn(config) {
      const db = new Database((config as { path: string }).path);
      db.exec('ALTER TABLE payments DROP COLUMN category');
      db.close();
    },
    cleanup: async () => undefined,
  };
}

function postgresEngine(): Engine {
  const run = async (url: string, sql: string, rows: Payment[] = []): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
      for (const row of rows) await client.query('INSERT INTO payments VALUES ($1, $2, $3, $4, $5::int::boolean, $6)', row);
    } finally {
      await client.end();
    }
  };
  const rows = (shift: number): Payment[] => Array.from({ length: 400 + shift }, (_, i) => payment(i + 1, shift));
  return {
    name: 'PostgreSQL',
    available: hasPostgres(),
    env: {},
    async make(shift) {
      const db = await createTestDatabase();
      cleanups.push(() => db.drop());
      await run(
        db.url,
        `CREATE TABLE payments (id integer PRIMARY KEY, employee integer, approver integer, amount double precision, receipt boolean, category text);
         CREATE TABLE vendors (id integer PRIMARY KEY, name text); INSERT INTO vendors VALUES (1, 'a'), (2, NULL)`,
        rows(shift),
      );
      return { engine: 'postgres', url: db.url };
    },
    change: (config, shift) => run((config as { url: string }).url, 'DELETE FROM payments', rows(shift)),
    dropColumn: (config) => run((config as { url: string }).url, 'ALTER TABLE payments DROP COLUMN category'),
    cleanup: async () => undefined,
  };
}

function mariadbEngine(): Engine {
  const env: NodeJS.ProcessEnv = {};
  const admin = new Map<string, string>();
  const run = async (url: string, sql: string, rows: Payment[] = []): Promise<void> => {
    const connection = await mysql.createConnection({ uri: admin.get(url)!, multipleStatements: true });
    try {
      await connection.query(sql);
      for (const row of rows) await connection.query('INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?)', row);
    } finally {
      await connection.end();
    }
  };
  const rows = (shift: number): Payment[] => Array.from({ length: 400 + shift }, (_, i) => payment(i + 1, shift));
  return {
    name: 'MariaDB',
    available: hasMysql(),
    env,
    async make(shift) {
      const db = await createMysqlTestDatabase();
      cleanups.push(() => db.drop());
      admin.set(db.url, db.adminUrl);
      env.SHARED_KEYS_PW = db.password;
      await run(
        db.url,
        `CREATE TABLE payments (id INT PRIMARY KEY, employee INT, approver INT, amount DOUBLE, receipt BOOLEAN, category VARCHAR(20));
         CREATE TABLE vendors (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO vendors VALUES (1, 'a'), (2, NULL)`,
        rows(shift),
      );
      return { engine: 'mysql', url: db.url, passwordEnv: 'SHARED_KEYS_PW' };
    },
    change: (config, shift) => run((config as { url: string }).url, 'DELETE FROM payments', rows(shift)),
    dropColumn: (config) => run((config as { url: string }).url, 'ALTER TABLE payments DROP COLUMN category'),
    cleanup: async () => undefined,
  };
}

/** CSV files read through DuckDB: `receipt` as true/false, an empty field as NULL. */
function csvEngine(): Engine {
  const cell = (v: number | string | null, i: number): string => (v === null ? '' : i === 4 ? String(v === 1) : String(v));
  const write = (dir: string, shift: number, withCategory = true): void => {
    const header = ['id', 'employee', 'approver', 'amount', 'receipt', ...(withCategory ? ['category'] : [])];
    const lines = Array.from({ length: 400 + shift }, (_, i) => payment(i + 1, shift).map(cell).slice(0, header.length).join(','));
    writeFileSync(join(dir, 'payments.csv'), [header.join(','), ...lines].join('\n') + '\n');
  };
  const dirs = new Map<string, number>();
  return {
    name: 'CSV',
    available: true,
    env: {},
    async make(shift) {
      const dir = mkdtempSync(join(tmpdir(), 'policysentinel-shared-keys-csv-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'vendors.csv'), 'id,name\n1,a\n2,\n');
      write(dir, shift);
      dirs.set(dir, shift);
      return { engine: 'files', path: dir };
    },
    async change(config, shift) {
      const dir = (config as { path: string }).path;
      write(dir, shift);
      dirs.set(dir, shift);
    },
    async dropColumn(config) {
      const dir = (config as { path: string }).path;
      write(dir, dirs.get(dir) ?? 0, false);
    },
    cleanup: async () => undefined,
  };
}

/** Counts the keys-only streams a scan sends: a shared pass is one stream for the whole group. */
function tracking(streams: string[], env: NodeJS.ProcessEnv): (config: ConnectionConfig) => Promise<Source> {
  return async (config) => {
    const source = await openSource(config, env);
    return {
      ...source,
      schema: () => source.schema(),
      describeQuery: (sql) => source.describeQuery(sql),
      queryOne: (query) => source.queryOne(query),
      close: () => source.close(),
      stream: (query, options) => {
        streams.push(query.sql);
        return source.stream(query, options);
      },
    };
  };
}

async function workspaceOn(config: ConnectionConfig, env: NodeJS.ProcessEnv): Promise<Workspace> {
  const made = tempWorkspace();
  cleanups.push(() => made.dispose());
  made.ws.connections.add('src', config, 'test');
  await importRules(made.ws, parseRuleFile(RULES), { activate: true, actor: 'test', openSource: (c) => openSource(c, env) });
  return made.ws;
}

const state = (ws: Workspace): unknown[] =>
  ws.db.prepare('SELECT rule_id, record_key, status, snapshot, justification FROM violations ORDER BY rule_id, record_key').all();
const figures = (result: Awaited<ReturnType<typeof runScan>>): unknown[] =>
  [...result.rules].sort((x, y) => x.id.localeCompare(y.id)).map((r) => [r.id, r.status, r.recordsScanned, r.recordsInScope, r.violationsFound, r.violationsNew, r.resolved, r.violationsOpen]);

describe('which rules share a keys-only pass', () => {
  it('groups plain record rules by table and key, only once they have been scanned', () => {
    const rules = parseRuleFile(RULES);
    expect(rules.every((r) => canShareKeys(r, true))).toBe(true);
    expect(canShareKeys(rules[0]!, false)).toBe(false);
    expect(canShareKeys({ ...rules[0]!, target: { ...rules[0]!.target, watermark: 'id' } }, true)).toBe(false);
    expect(shareGroups(rules).map((g) => g.map((r) => r.id))).toEqual([['receipt', 'self-approval', 'known-category', 'amount-limit']]);
  });
});

for (const make of [sqliteEngine, postgresEngine, mariadbEngine, csvEngine]) {
  const engine = make();
  describe.skipIf(!engine.available)(`a re-scan reading the keys of several rules in one pass (${engine.name})`, () => {
    it('finds, reopens and resolves exactly what rule-by-rule re-scans do, with one stream for the group', async () => {
      const together = await engine.make(0);
      const apart = await engine.make(0);
      const a = await workspaceOn(together, engine.env);
      const b = await workspaceOn(apart, engine.env);
      const open = (c: ConnectionConfig): Promise<Source> => openSource(c, engine.env);
      await runScan(a, { openSource: open, asOf: '2025-01-01' });
      await runScan(b, { openSource: open, asOf: '2025-01-01' });
      // Other rows violate now, some earlier ones no longer do, and there are more rows.
      await engine.change(together, 3);
      await engine.change(apart, 3);

      const streams: string[] = [];
      const shared = await runScan(a, { openSource: tracking(streams, engine.env), asOf: '2025-01-01' });
      const ids = ['receipt', 'self-approval', 'known-category', 'amount-limit', 'named-vendor'];
      const single = [];
      // One rule per run: no group, every rule reads its own keys.
      for (const id of ids) single.push(...(await runScan(b, { openSource: open, asOf: '2025-01-01', ruleIds: [id] })).rules);

      expect(shared.run.status).toBe('completed');
      expect(figures(shared)).toEqual(figures({ ...shared, rules: single }));
      expect(shared.rules.some((r) => r.violationsNew > 0) && shared.rules.some((r) => r.resolved > 0)).toBe(true);
      expect(state(a)).toEqual(state(b));
      // The group's keys came in one stream with a flag per rule.
      expect(streams.filter((sql) => sql.includes('rule_flag_'))).toHaveLength(1);
    });

    it('leaves every rule to read its own keys when one of them no longer fits the table, and fails only that one', async () => {
      const config = await engine.make(0);
      const ws = await workspaceOn(config, engine.env);
      const open = (c: ConnectionConfig): Promise<Source> => openSource(c, engine.env);
      await runScan(ws, { openSource: open, asOf: '2025-01-01' });
      await engine.dropColumn(config);
      const streams: string[] = [];
      const result = await runScan(ws, { openSource: tracking(streams, engine.env), asOf: '2025-01-01' });
      expect(Object.fromEntries(result.rules.map((r) => [r.id, r.status]))).toEqual({
        receipt: 'completed',
        'self-approval': 'completed',
        'known-category': 'failed',
        'amount-limit': 'completed',
        'named-vendor': 'completed',
      });
      expect(result.rules.find((r) => r.id === 'known-category')?.error?.message).toMatch(/category/);
      expect(streams.filter((sql) => sql.includes('rule_flag_'))).toHaveLength(0);
    });
  });
}
