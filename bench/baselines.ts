import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Rule } from '../src/shared/rule.js';
import type { CellValue, Row, SourceSchema } from '../src/shared/schema.js';
import { buildScope } from '../src/main/core/rules/scope.js';
import { isViolation } from '../src/main/core/rules/evaluate.js';
import { justificationText } from '../src/main/core/rules/justify.js';
import { compileRule } from '../src/main/core/rules/compile/compile-rule.js';
import { postgresDialect } from '../src/main/core/rules/compile/postgres-dialect.js';
import { sqliteDialect } from '../src/main/core/rules/compile/sqlite-dialect.js';
import { registerSqliteFunctions } from '../src/main/core/rules/compile/sqlite-functions.js';
import { createWorkspace } from '../src/main/core/workspace/open-workspace.js';
import { deferCheckpoints } from '../src/main/core/workspace/checkpoints.js';
import { COLUMNS, HAND_WRITTEN } from './bench-data.js';

export interface LimitFigures {
  selectMs: number;
  insertMs: number;
  limitMs: number;
  violatingRows: number;
}

const ms = (start: number): number => Math.round(performance.now() - start);

/**
 * Inserts rows into a fresh table in one transaction: the cheapest possible write side. The table
 * lives in a file with the workspace's journal settings, since a workspace is a file too.
 */
function insertAll(rows: CellValue[][]): number {
  const dir = mkdtempSync(join(tmpdir(), 'policysentinel-limit-'));
  const db = new Database(join(dir, 'sink.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    db.exec(`CREATE TABLE sink (rule INTEGER, ${COLUMNS.join(', ')})`);
    const insert = db.prepare(`INSERT INTO sink VALUES (${['?', ...COLUMNS.map(() => '?')].join(', ')})`);
    const started = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    return ms(started);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The engine alone: hand-written SELECTs of the violating rows, then the cheapest insert of them. */
export function sqliteLimit(path: string): LimitFigures {
  const db = new Database(path, { readonly: true });
  const kept: CellValue[][] = [];
  const started = performance.now();
  HAND_WRITTEN.sqlite.forEach((predicate, rule) => {
    for (const row of db.prepare(`SELECT ${COLUMNS.join(', ')} FROM payments WHERE ${predicate}`).raw(true).iterate() as Iterable<CellValue[]>) {
      kept.push([rule, ...row]);
    }
  });
  const selectMs = ms(started);
  db.close();
  const insertMs = insertAll(kept);
  return { selectMs, insertMs, limitMs: selectMs + insertMs, violatingRows: kept.length };
}

/** Dates as the text PostgreSQL sends, as our source does: no Date objects on either side. */
const dateAsText: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export async function postgresLimit(url: string): Promise<LimitFigures> {
  const client = new pg.Client({ connectionString: url, types: dateAsText });
  await client.connect();
  const kept: CellValue[][] = [];
  const started = performance.now();
  try {
    for (const [rule, predicate] of HAND_WRITTEN.postgres.entries()) {
      await client.query('BEGIN READ ONLY');
      const cursor = client.query(new Cursor(`SELECT ${COLUMNS.join(', ')} FROM payments WHERE ${predicate}`, [], { rowMode: 'array' }));
      for (;;) {
        const rows = (await cursor.read(1_000)) as CellValue[][];
        if (rows.length === 0) break;
        for (const row of rows) kept.push([rule, ...row.map((v) => (typeof v === 'boolean' ? Number(v) : v))]);
      }
      await cursor.close();
      await client.query('COMMIT');
    }
  } finally {
    await client.end();
  }
  const selectMs = ms(started);
  const insertMs = insertAll(kept);
  return { selectMs, insertMs, limitMs: selectMs + insertMs, violatingRows: kept.length };
}

/**
 * A straightforward implementation with the same output: for each rule, read every row in pages of
 * 1,000, evaluate the rule in JS, and look every violation up before inserting it with its snapshot
 * and justification (one transaction per page, the look-up indexed). It writes where our scan
 * writes, a workspace's violations table with its indexes, so both pay for the same output.
 */
export async function naiveScan(
  fetchPage: (afterId: number) => Promise<Row[]>,
  rules: Rule[],
  schema: SourceSchema,
  asOf: string,
): Promise<{ naiveMs: number; violations: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'policysentinel-naive-'));
  const ws = createWorkspace(join(dir, 'naive.psw'));
  const { db } = ws;
  // Checkpointed as our scan's writer is, once the WAL is large, not every 1,000 pages.
  const endDeferral = deferCheckpoints(db);
  // The workspace's unique (rule, place, key) index serves the look-up.
  const find = db.prepare('SELECT id FROM violations WHERE rule_id = ? AND connection = ? AND target_table = ? AND record_key = ?');
  const insert = db.prepare(
    `INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot, justification,
       first_seen_run, first_seen_at, status_changed_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, 1, ?, ?)`,
  );
  const contexts = rules.map((rule) => ({ rule, ctx: { scope: buildScope(rule, schema), asOf } }));
  let violations = 0;
  const started = performance.now();
  // Rule by rule, as rules are independent: each one reads the table page by page.
  for (const { rule, ctx } of contexts) {
    const { connection, table = 'query' } = rule.target;
    let after = 0;
    for (;;) {
      const page = await fetchPage(after);
      if (page.length === 0) break;
      const at = new Date().toISOString();
      db.transaction(() => {
        for (const row of page) {
          if (!isViolation(rule, row, ctx)) continue;
          const key = JSON.stringify([row.id]);
          if (find.get(rule.id, connection, table, key) === undefined) {
            const justification = justificationText(rule, row, { ...ctx, recordLabel: `payments #${String(row.id)}` });
            insert.run(rule.id, key, connection, table, rule.severity, JSON.stringify(row), justification, at, at);
            violations++;
          }
        }
      })();
      after = Number(page[page.length - 1]!.id);
    }
  }
  const naiveMs = ms(started);
  endDeferral();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
  return { naiveMs, violations };
}

export function sqlitePages(path: string): { fetch: (afterId: number) => Promise<Row[]>; close(): void } {
  const db = new Database(path, { readonly: true });
  const page = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM payments WHERE id > ? ORDER BY id LIMIT 1000`);
  return {
    fetch: async (afterId) =>
      (page.all(afterId) as Row[]).map((r) => ({ ...r, receipt: r.receipt === null ? null : r.receipt === 1 })),
    close: () => db.close(),
  };
}

export async function postgresPages(url: string): Promise<{ fetch: (afterId: number) => Promise<Row[]>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, types: dateAsText });
  await client.connect();
  return {
    fetch: async (afterId) =>
      (await client.query(`SELECT ${COLUMNS.join(', ')} FROM payments WHERE id > $1 ORDER BY id LIMIT 1000`, [afterId])).rows as Row[],
    close: () => client.end(),
  };
}

/**
 * The engine alone running our compiled queries (no streaming layer, no writes): separates what
 * the rule semantics cost in SQL (e.g. date validation) from what the scan pipeline adds.
 */
export async function compiledSelectMs(engine: 'sqlite' | 'postgres', source: string, rules: Rule[], schema: SourceSchema): Promise<number> {
  const dialect = engine === 'sqlite' ? sqliteDialect : postgresDialect;
  const queries = rules.map((rule) => compileRule(rule, buildScope(rule, schema), dialect, { asOf: '2025-01-01' }).violations);
  if (engine === 'sqlite') {
    const db = new Database(source, { readonly: true });
    registerSqliteFunctions(db);
    const started = performance.now();
    for (const q of queries) for (const row of db.prepare(q.sql).raw(true).iterate(...(q.params as unknown[]))) void row;
    const took = ms(started);
    db.close();
    return took;
  }
  const client = new pg.Client({ connectionString: source, types: dateAsText });
  await client.connect();
  const started = performance.now();
  try {
    for (const q of queries) {
      await client.query('BEGIN READ ONLY');
      const cursor = client.query(new Cursor(q.sql, q.params as unknown[], { rowMode: 'array' }));
      while ((await cursor.read(1_000)).length > 0);
      await cursor.close();
      await client.query('COMMIT');
    }
  } finally {
    await client.end();
  }
  return ms(started);
}
