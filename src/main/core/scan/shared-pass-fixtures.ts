/**
 * Test fixtures for the passes several rules share (shared-key-pass.ts, shared-row-pass.ts): rules
 * on one table, and the same rows in SQLite, PostgreSQL, MariaDB and CSV files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createTestDatabase, hasPostgres } from '../../../../test-support/pg-database.js';
import { createMysqlTestDatabase, hasMysql } from '../../../../test-support/mysql-database.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { expect } from 'vitest';
import { runScan } from './run-scan.js';

// Four rules on one table (one with a `when`, one with NULL-sensitive logic) and one elsewhere.
export const RULES = `rules:
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

export interface Engine {
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

/** What the fixtures made; a test file empties it after each test (runCleanups). */
const cleanups: (() => Promise<void> | void)[] = [];

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup();
}

export function sqliteEngine(): Engine {
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
      const dir = mkdtempSync(join(tmpdir(), 'policysentinel-shared-pass-'));
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

export function postgresEngine(): Engine {
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

export function mariadbEngine(): Engine {
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
export function csvEngine(): Engine {
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
      const dir = mkdtempSync(join(tmpdir(), 'policysentinel-shared-pass-csv-'));
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

/** Records the SQL of every stream a scan opens: a shared pass is one stream for the whole group. */
export function tracking(streams: string[], env: NodeJS.ProcessEnv): (config: ConnectionConfig) => Promise<Source> {
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

export async function workspaceOn(config: ConnectionConfig, env: NodeJS.ProcessEnv): Promise<Workspace> {
  const made = tempWorkspace();
  cleanups.push(() => made.dispose());
  made.ws.connections.add('src', config, 'test');
  await importRules(made.ws, parseRuleFile(RULES), { activate: true, actor: 'test', openSource: (c) => openSource(c, env) });
  return made.ws;
}

export const state = (ws: Workspace): unknown[] =>
  ws.db.prepare('SELECT rule_id, record_key, status, snapshot, justification FROM violations ORDER BY rule_id, record_key').all();
export const figures = (result: Awaited<ReturnType<typeof runScan>>): unknown[] =>
  [...result.rules].sort((x, y) => x.id.localeCompare(y.id)).map((r) => [r.id, r.status, r.recordsScanned, r.recordsInScope, r.violationsFound, r.violationsNew, r.resolved, r.violationsOpen]);

const IDS = ['receipt', 'self-approval', 'known-category', 'amount-limit', 'named-vendor'];

/** The scan of a fresh workspace, one rule per run: every rule reads and counts its own records. */
export async function ruleByRule(config: ConnectionConfig, env: NodeJS.ProcessEnv): Promise<{ ws: Workspace; figures: unknown[] }> {
  const ws = await workspaceOn(config, env);
  const rules = [];
  for (const id of IDS) rules.push(...(await runScan(ws, { openSource: (c) => openSource(c, env), asOf: '2025-01-01', ruleIds: [id] })).rules);
  return { ws, figures: figures({ run: undefined as never, rules }) };
}

/** Every engine the shared passes are tested on. */
export const ENGINES = [sqliteEngine, postgresEngine, mariadbEngine, csvEngine];

/**
 * After `category` was dropped from `payments`: only the rule that reads it failed, saying so, and
 * no shared pass was read (every rule read on its own).
 */
export function expectOnlyCategoryRuleFailed(result: Awaited<ReturnType<typeof runScan>>, streams: string[]): void {
  expect(Object.fromEntries(result.rules.map((r) => [r.id, r.status]))).toEqual({
    receipt: 'completed',
    'self-approval': 'completed',
    'known-category': 'failed',
    'amount-limit': 'completed',
    'named-vendor': 'completed',
  });
  expect(result.rules.find((r) => r.id === 'known-category')?.error?.message).toMatch(/category/);
  expect(streams.filter((sql) => sql.includes('rule_flags_'))).toHaveLength(0);
}
