import { rmSync } from 'node:fs';
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

type Expense = [id: number, amount: number, approvedBy: string | null];

/** Expenses over 1000 need an approver. */
function createExpenses(path: string, rows: Expense[]): void {
  const db = new Database(path);
  db.exec('CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount REAL NOT NULL, approved_by TEXT)');
  const insert = db.prepare('INSERT INTO expenses VALUES (?, ?, ?)');
  for (const row of rows) insert.run(...row);
  db.close();
}

function editSqlite(path: string, sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

function ruleFile(places: Array<{ connection: string; watermark?: boolean }>, id = 'approval'): string {
  const place = (p: { connection: string; watermark?: boolean }): string =>
    `{ connection: ${p.connection}, table: expenses, key: [id]${p.watermark ? ', watermark: id' : ''} }`;
  const [first, ...rest] = places;
  return `rules:
  - id: ${id}
    title: Large expenses are approved
    severity: high
    target: ${place(first!)}
${rest.length > 0 ? `    also_on: [${rest.map(place).join(', ')}]\n` : ''}    when: amount > 1000
    require: approved_by IS NOT NULL
`;
}

// Subsidiary A: ids 1 and 2 violate. Subsidiary B: ids 1 and 3 violate (id 1 in both: two records).
const A_ROWS: Expense[] = [
  [1, 5000, null],
  [2, 2500, null],
  [3, 200, null],
  [4, 9000, 'kim'],
];
const B_ROWS: Expense[] = [
  [1, 1200, null],
  [2, 50, null],
  [3, 7000, null],
];

describe('one rule mapped to two SQLite databases', () => {
  let ws: Workspace;
  let dir: string;
  let dispose: () => void;
  let a: string;
  let b: string;

  beforeEach(() => {
    const made = tempWorkspace();
    ({ ws, dir, dispose } = made);
    a = join(dir, 'a.sqlite');
    b = join(dir, 'b.sqlite');
    createExpenses(a, A_ROWS);
    createExpenses(b, B_ROWS);
    ws.connections.add('sub_a', { engine: 'sqlite', path: a }, 'test');
    ws.connections.add('sub_b', { engine: 'sqlite', path: b }, 'test');
  });
  afterEach(() => dispose());

  const importFile = (text: string) => importRules(ws, parseRuleFile(text), { activate: true, actor: 'test', openSource: open });
  const openKeys = (connection: string): string[] =>
    ws.violations
      .list({ ruleId: 'approval' })
      .filter((v) => v.connection === connection && (v.status === 'open' || v.status === 'confirmed'))
      .map((v) => JSON.stringify(v.recordKey))
      .sort();

  it('finds the violations of each place, the same key in two places being two violations, with a breakdown summing to the rule', async () => {
    await importFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }]));
    const result = await runScan(ws, { openSource: open });
    const rule = result.rules[0]!;
    expect(rule).toMatchObject({ status: 'completed', recordsScanned: 7, recordsInScope: 5, violationsFound: 4, violationsNew: 4, violationsOpen: 4, error: null });
    expect(rule.mappings).toEqual([
      expect.objectContaining({ mapping: 0, connection: 'sub_a', table: 'expenses', status: 'completed', recordsScanned: 4, recordsInScope: 3, violationsFound: 2, violationsOpen: 2 }),
      expect.objectContaining({ mapping: 1, connection: 'sub_b', table: 'expenses', status: 'completed', recordsScanned: 3, recordsInScope: 2, violationsFound: 2, violationsOpen: 2 }),
    ]);
    expect(openKeys('sub_a')).toEqual(['[1]', '[2]']);
    expect(openKeys('sub_b')).toEqual(['[1]', '[3]']);
    for (const v of ws.violations.list({ ruleId: 'approval' })) expect(v.table).toBe('expenses');
    // The run's stored detail carries the same breakdown.
    expect(ws.runs.ruleResults(result.run.id)[0]!.mappings?.map((m) => [m.connection, m.violationsFound])).toEqual([
      ['sub_a', 2],
      ['sub_b', 2],
    ]);
    // An unchanged re-scan: nothing new, nothing resolved, in either place.
    const again = await runScan(ws, { openSource: open });
    expect(again.rules[0]).toMatchObject({ violationsNew: 0, resolved: 0, violationsOpen: 4, violationsFound: 4 });
  });

  it('resolves per place: fixing a record in B leaves the same key in A open', async () => {
    await importFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }]));
    await runScan(ws, { openSource: open });
    editSqlite(b, "UPDATE expenses SET approved_by = 'lee' WHERE id = 1");
    const result = await runScan(ws, { openSource: open });
    expect(result.rules[0]).toMatchObject({ resolved: 1, violationsOpen: 3 });
    expect(result.rules[0]!.mappings!.map((m) => m.resolved)).toEqual([0, 1]);
    expect(openKeys('sub_a')).toEqual(['[1]', '[2]']);
    expect(openKeys('sub_b')).toEqual(['[3]']);
  });

  it('a place that cannot be read fails the rule, naming it, while the other place scans and resolves', async () => {
    await importFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }]));
    await runScan(ws, { openSource: open });
    editSqlite(a, "UPDATE expenses SET approved_by = 'lee' WHERE id = 2");
    rmSync(b);
    const result = await runScan(ws, { openSource: open });
    const rule = result.rules[0]!;
    expect(result.run.status).toBe('failed');
    expect(rule.status).toBe('failed');
    expect(rule.error?.message).toMatch(/^also_on\[0\] \(sub_b\.expenses\): /);
    expect(rule.mappings!.map((m) => m.status)).toEqual(['completed', 'failed']);
    expect(rule.mappings![0]).toMatchObject({ resolved: 1, violationsFound: 1, violationsOpen: 1 });
    // B's violations are kept as they were: nothing is resolved on a place that was not read.
    expect(openKeys('sub_a')).toEqual(['[1]']);
    expect(openKeys('sub_b')).toEqual(['[1]', '[3]']);
    expect(rule.violationsOpen).toBe(3);
  });

  it('a place removed from the rule has its open violations resolved by the next complete scan', async () => {
    await importFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }]));
    await runScan(ws, { openSource: open });
    await importFile(ruleFile([{ connection: 'sub_a' }]));
    const result = await runScan(ws, { openSource: open });
    expect(result.rules[0]).toMatchObject({ status: 'completed', resolved: 2, violationsOpen: 2 });
    expect(result.rules[0]!.mappings).toBeUndefined();
    expect(openKeys('sub_b')).toEqual([]);
    expect(openKeys('sub_a')).toEqual(['[1]', '[2]']);
  });

  it('keeps a watermark per place: an incremental pass reads each place past its own position', async () => {
    await importFile(ruleFile([{ connection: 'sub_a', watermark: true }, { connection: 'sub_b', watermark: true }]));
    await runScan(ws, { openSource: open });
    const marks = ws.db.prepare('SELECT mapping, value FROM watermarks WHERE rule_id = ? ORDER BY mapping').raw(true).all('approval');
    expect(marks).toEqual([
      [0, '4'],
      [1, '3'],
    ]);
    editSqlite(b, "INSERT INTO expenses VALUES (4, 3000, NULL), (5, 10, NULL)");
    const result = await runScan(ws, { openSource: open, incremental: true });
    expect(result.rules[0]!.mappings!.map((m) => [m.connection, m.recordsScanned, m.violationsNew])).toEqual([
      ['sub_a', 0, 0],
      ['sub_b', 2, 1],
    ]);
    expect(openKeys('sub_b')).toEqual(['[1]', '[3]', '[4]']);
    expect(ws.db.prepare('SELECT value FROM watermarks WHERE rule_id = ? AND mapping = 1').pluck(true).get('approval')).toBe('5');
  });

  it('refuses a rule whose expressions do not fit one of its places, naming that place', async () => {
    editSqlite(b, 'ALTER TABLE expenses RENAME COLUMN approved_by TO approver');
    await expect(importFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }]))).rejects.toThrow(
      /Rule "approval": also_on\[0\] \(sub_b\.expenses\): .*approved_by/,
    );
    expect(ws.rules.get('approval')).toBeNull();
  });

  it('refuses two mappings reading the same place', () => {
    expect(() => parseRuleFile(ruleFile([{ connection: 'sub_a' }, { connection: 'sub_b' }, { connection: 'SUB_A' }]))).toThrow(
      /also_on\[1\] \(SUB_A\.expenses\) reads table "expenses" of connection "SUB_A" like target \(sub_a\.expenses\)/,
    );
  });
});

describe.skipIf(!hasPostgres())('one rule mapped to SQLite and PostgreSQL', () => {
  let database: TestDatabase;
  let ws: Workspace;
  let dispose: () => void;

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE TABLE expenses (id integer PRIMARY KEY, amount numeric NOT NULL, approved_by text)');
    await client.query("INSERT INTO expenses VALUES (1, 4000, NULL), (2, 10, NULL), (5, 1500, 'ann'), (6, 1001, NULL)");
    await client.end();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(() => {
    const made = tempWorkspace();
    ({ ws, dispose } = made);
    const a = join(made.dir, 'a.sqlite');
    createExpenses(a, A_ROWS);
    ws.connections.add('sub_a', { engine: 'sqlite', path: a }, 'test');
    ws.connections.add('erp', { engine: 'postgres', url: database.url }, 'test');
  });
  afterEach(() => dispose());

  it('scans each place with its own engine and keeps their records apart', async () => {
    await importRules(ws, parseRuleFile(ruleFile([{ connection: 'sub_a' }, { connection: 'erp' }])), { activate: true, actor: 'test', openSource: open });
    const result = await runScan(ws, { openSource: open });
    expect(result.rules[0]).toMatchObject({ status: 'completed', recordsInScope: 6, violationsFound: 4, violationsOpen: 4 });
    const where = ws.violations
      .list({ ruleId: 'approval' })
      .map((v) => `${v.connection}:${JSON.stringify(v.recordKey)}`)
      .sort();
    expect(where).toEqual(['erp:[1]', 'erp:[6]', 'sub_a:[1]', 'sub_a:[2]']);
  });
});
