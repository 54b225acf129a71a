import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { AppError } from '../../../shared/errors.js';
import { buildScope } from '../rules/scope.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import { sqliteDialect } from '../rules/compile/sqlite-dialect.js';
import type { CellValue } from '../../../shared/schema.js';
import { BackgroundWrites, textsOnReader } from './background-writes.js';
import { recordKey } from './record-key.js';
import { ViolationWriter } from './violation-writer.js';
import { runScan } from './run-scan.js';
import { RunStore } from './run-store.js';

const RULES = `rules:
  - id: big-amount
    severity: high
    target: { connection: pay, table: payments, key: [id] }
    require: amount <= 500
  - id: self-approved
    severity: critical
    target: { connection: pay, table: payments, key: [id] }
    violation: approver = employee
`;

/** 300 payments: every third over the limit, every fifth approved by its own employee. */
function createPayments(path: string): void {
  const db = new Database(path);
  db.exec('CREATE TABLE payments (id INTEGER PRIMARY KEY, employee INTEGER NOT NULL, approver INTEGER NOT NULL, amount REAL NOT NULL)');
  const insert = db.prepare('INSERT INTO payments VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 300; i++) insert.run(i, i % 17, i % 5 === 0 ? i % 17 : 100 + i, i % 3 === 0 ? 900 + i : 100);
  })();
  db.close();
}

interface Place {
  ws: Workspace;
  dir: string;
  dispose(): void;
}

async function workspaceWithRules(): Promise<Place> {
  const made = tempWorkspace();
  const source = join(made.dir, 'pay.sqlite');
  createPayments(source);
  made.ws.connections.add('pay', { engine: 'sqlite', path: source }, 'test');
  await importRules(made.ws, parseRuleFile(RULES), { activate: true, actor: 'test', openSource: (c) => openSource(c, {}) });
  return made;
}

/** Counts the count queries a scan sends, to see rules with the same count share one. */
function counting(calls: { queryOne: number }): (config: ConnectionConfig) => Promise<Source> {
  return async (config) => {
    const source = await openSource(config, {});
    return {
      ...source,
      schema: () => source.schema(),
      describeQuery: (sql) => source.describeQuery(sql),
      stream: (query, options) => source.stream(query, options),
      close: () => source.close(),
      queryOne: (query) => {
        calls.queryOne++;
        return source.queryOne(query);
      },
    };
  };
}

/** The violating rows of `big-amount` as its compiled query returns them, with their keys. */
async function bigAmountRows(place: Place) {
  const rule = place.ws.rules.get('big-amount')!;
  const source = await openSource(place.ws.connections.get('pay')!.config, {});
  const scope = buildScope(rule, await source.schema());
  const compiled = compileRule(rule, scope, sqliteDialect, { asOf: '2025-01-01' });
  const values: CellValue[][] = [];
  for await (const batch of source.stream(compiled.violations, { batchSize: 1_000 })) values.push(...batch);
  await source.close();
  const keys = values.map((row) => recordKey([row[0]!]));
  return { rule, values, keys, spec: { rule, scope, compiled, asOf: '2025-01-01' } };
}

const snapshotOf = (ws: Workspace): unknown[] =>
  ws.db.prepare('SELECT rule_id, record_key, status, snapshot, justification FROM violations ORDER BY rule_id, record_key').all();

describe('committing a scan on a second connection', () => {
  let places: Place[] = [];
  beforeEach(() => {
    places = [];
  });
  afterEach(() => {
    for (const place of places) place.dispose();
  });

  it('writes exactly what the single-connection scan writes, and a re-scan finds nothing new', async () => {
    const inThread = await workspaceWithRules();
    const handedOver = await workspaceWithRules();
    places.push(inThread, handedOver);
    const open = (c: ConnectionConfig): Promise<Source> => openSource(c, {});
    // A group of 1,000 is never filled here (160 violations), and one rule a run reads on its
    // own: all in this thread.
    const a1 = await runScan(inThread.ws, { openSource: open, asOf: '2025-01-01', writeGroup: 1_000, ruleIds: ['big-amount'] });
    const a2 = await runScan(inThread.ws, { openSource: open, asOf: '2025-01-01', writeGroup: 1_000, ruleIds: ['self-approved'] });
    // Groups of 7 rows, 10 rows a batch: the second connection commits almost everything.
    const b = await runScan(handedOver.ws, { openSource: open, asOf: '2025-01-01', writeGroup: 7, batchSize: 10 });
    expect([a1.run.violationsNew, a2.run.violationsNew]).toEqual([100, 60]);
    expect(b.run).toMatchObject({ status: 'completed', violationsNew: 160, violationsOpen: 160 });
    expect(b.rules.map((r) => [r.id, r.violationsNew, r.violationsFound])).toEqual([
      ['big-amount', 100, 100],
      ['self-approved', 60, 60],
    ]);
    expect(snapshotOf(handedOver.ws)).toEqual(snapshotOf(inThread.ws));

    const again = await runScan(handedOver.ws, { openSource: open, asOf: '2025-01-01', writeGroup: 7, batchSize: 10 });
    expect(again.run).toMatchObject({ status: 'completed', violationsNew: 0, violationsOpen: 160, violationsResolved: 0 });
  });

  it('finishes a rule whose writes are still committing when the next one is cancelled', async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const open = (c: ConnectionConfig): Promise<Source> => openSource(c, {});
    const controller = new AbortController();
    const result = await runScan(place.ws, {
      openSource: open,
      asOf: '2025-01-01',
      writeGroup: 7,
      batchSize: 10,
      signal: controller.signal,
      // The second rule starts reading while the first one's groups commit: cancel then.
      onProgress: (p) => {
        if (p.ruleIndex === 1 && p.phase === 'streaming') controller.abort();
      },
    });
    expect(result.run.status).toBe('cancelled');
    expect(result.rules.map((r) => [r.id, r.status, r.violationsNew, r.violationsOpen])).toEqual([
      ['big-amount', 'completed', 100, 100],
      ['self-approved', 'cancelled', expect.any(Number), expect.any(Number)],
    ]);
    // What the cancelled rule committed stays open; nothing is resolved.
    const counts = place.ws.db.prepare(`SELECT rule_id, status, count(*) FROM violations GROUP BY rule_id, status ORDER BY rule_id`).raw(true).all();
    expect(counts[0]).toEqual(['big-amount', 'open', 100]);
    expect(counts.every((row) => (row as unknown[])[1] === 'open')).toBe(true);
    const cancelled = result.rules[1]!;
    expect(cancelled.violationsNew).toBe(place.ws.db.prepare(`SELECT count(*) FROM violations WHERE rule_id = 'self-approved'`).pluck(true).get());
  });

  it('counts the records once for rules whose count query is the same', async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const calls = { queryOne: 0 };
    const result = await runScan(place.ws, { openSource: counting(calls), asOf: '2025-01-01' });
    // Neither rule has a `when`: both count every record, with one query.
    expect(calls.queryOne).toBe(1);
    expect(result.rules.map((r) => [r.recordsScanned, r.recordsInScope])).toEqual([
      [300, 300],
      [300, 300],
    ]);
    // A new run counts again: counts are never carried from one run to the next.
    await runScan(place.ws, { openSource: counting(calls), asOf: '2025-01-01' });
    expect(calls.queryOne).toBe(2);
  });

  it('counts and settles each pass apart, so one rule settles while the next already hands groups over', async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const runId = new RunStore(place.ws.db).start('test', '2025-01-01', 'now');
    const writes = new BackgroundWrites(place.ws.db.name);
    const ctx = (ruleId: string) => ({ ruleId, connection: 'pay', table: 'payments', severity: 'high', runId });
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ recordKey: `[${from + i}]`, snapshot: '{}', justification: 'j' }));
    try {
      const first = writes.pass('sqlite');
      const second = writes.pass('sqlite');
      expect(first.started).toBe(false);
      await first.write(rows(1, 30), ctx('big-amount'), 'now');
      await second.write(rows(1, 20), ctx('self-approved'), 'now');
      await first.write(rows(31, 5), ctx('big-amount'), 'now');
      expect(first.started && second.started).toBe(true);
      await expect(first.settle()).resolves.toBe(35);
      await second.write(rows(21, 2), ctx('self-approved'), 'now');
      await expect(second.settle()).resolves.toBe(22);
      // Settled is settled: nothing is counted twice.
      await expect(first.settle()).resolves.toBe(0);
      expect(place.ws.db.prepare('SELECT rule_id, count(*) FROM violations GROUP BY rule_id ORDER BY rule_id').raw(true).all()).toEqual([
        ['big-amount', 35],
        ['self-approved', 22],
      ]);
    } finally {
      await writes.close();
    }
  });

  it('fails a rule whose count fails after its read, with every violation it committed in its figures', async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const failingCount = async (config: ConnectionConfig): Promise<Source> => {
      const source = await openSource(config, {});
      source.queryOne = async () => {
        throw new AppError('SOURCE_ERROR', 'The count was refused.');
      };
      return source;
    };
    const result = await runScan(place.ws, { openSource: failingCount, asOf: '2025-01-01', writeGroup: 7, batchSize: 10, ruleIds: ['big-amount'] });
    expect(result.rules[0]).toMatchObject({ id: 'big-amount', status: 'failed', violationsNew: 100 });
    expect(result.rules[0]!.error?.message).toMatch(/count was refused/);
    expect(place.ws.db.prepare(`SELECT count(*) FROM violations WHERE rule_id = 'big-amount'`).pluck(true).get()).toBe(100);
  });

  it('reports a write that fails on the second connection, and keeps the writes before it', async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const runId = new RunStore(place.ws.db).start('test', '2025-01-01', 'now');
    const writes = new BackgroundWrites(place.ws.db.name);
    const ctx = { ruleId: 'big-amount', connection: 'pay', table: 'payments', severity: 'high', runId };
    try {
      await writes.write([{ recordKey: '[1]', snapshot: '{}', justification: 'one' }], ctx, 'now');
      // NOT NULL: the row cannot be written.
      await writes.write([{ recordKey: null as unknown as string, snapshot: '{}', justification: 'two' }], ctx, 'now');
      await writes.write([{ recordKey: '[3]', snapshot: '{}', justification: 'three' }], ctx, 'now');
      await expect(writes.settle()).rejects.toThrow(/NOT NULL/);
      // The groups are independent transactions: the first and the last are committed.
      expect(place.ws.db.prepare('SELECT record_key FROM violations ORDER BY record_key').pluck(true).all()).toEqual(['[1]', '[3]']);
      // Settling again after a failure starts afresh.
      await writes.write([{ recordKey: '[4]', snapshot: '{}', justification: 'four' }], ctx, 'now');
      await expect(writes.settle()).resolves.toBe(1);
    } finally {
      await writes.close();
    }
  });

  it('writes the texts of a server source on the reading thread and of an in-process engine on the worker, the same either way', async () => {
    expect(['postgres', 'mysql', 'mongodb', 'sqlite', 'files'].filter((e) => textsOnReader(e as never))).toEqual(['postgres', 'mysql', 'mongodb']);
    const place = await workspaceWithRules();
    places.push(place);
    const runId = new RunStore(place.ws.db).start('test', '2025-01-01', 'now');
    const { rule, values, keys, spec } = await bigAmountRows(place);
    const writes = new BackgroundWrites(place.ws.db.name);
    const learnt = vi.spyOn(writes, 'addMapper');
    const ctx = (table: string) => ({ ruleId: rule.id, connection: 'pay', table, severity: rule.severity, runId });
    try {
      const server = writes.pass('postgres');
      await server.writeRows(values, keys, spec, ctx('as-server'), 'now');
      await expect(server.settle()).resolves.toBe(100);
      expect(learnt).not.toHaveBeenCalled();
      const local = writes.pass('sqlite');
      await local.writeRows(values, keys, spec, ctx('in-process'), 'now');
      await expect(local.settle()).resolves.toBe(100);
      expect(learnt).toHaveBeenCalledTimes(1);
    } finally {
      await writes.close();
    }
    const texts = (table: string) =>
      place.ws.db.prepare('SELECT record_key, snapshot, justification FROM violations WHERE target_table = ? ORDER BY id').all(table);
    expect(texts('as-server')).toHaveLength(100);
    expect(texts('as-server')).toEqual(texts('in-process'));
    expect((texts('in-process')[0] as { justification: string }).justification).toMatch(/amount 903 is over 500/);
  });

  it("commits a pass's last rows on this thread while the worker starts, and hands them over once it is ready or the pass has handed rows over", async () => {
    const place = await workspaceWithRules();
    places.push(place);
    const runId = new RunStore(place.ws.db).start('test', '2025-01-01', 'now');
    const { rule, values, keys, spec } = await bigAmountRows(place);
    const ctx = (table: string) => ({ ruleId: rule.id, connection: 'pay', table, severity: rule.severity, runId });
    const inPlace = (table: string) => place.ws.db.prepare('SELECT count(*) FROM violations WHERE target_table = ?').pluck(true).get(table);
    const mainWriter = new ViolationWriter(place.ws.db);
    const here = vi.spyOn(mainWriter, 'writeTexts');
    const writes = new BackgroundWrites(place.ws.db.name, mainWriter);
    try {
      // Started, not ready: the message that says so cannot arrive before this thread yields.
      writes.prewarm();
      const small = writes.pass('sqlite');
      await small.writeLastRows(values.slice(0, 10), keys.slice(0, 10), spec, ctx('small'), 'now');
      expect(here).toHaveBeenCalledTimes(1);
      // Committed already, and counted by the pass as a handed-over group is.
      expect(inPlace('small')).toBe(10);
      await expect(small.settle()).resolves.toBe(10);

      // A failure here surfaces where a worker's would: at settle.
      here.mockImplementationOnce(() => {
        throw new Error('disk full');
      });
      const failing = writes.pass('sqlite');
      await failing.writeLastRows(values.slice(0, 5), keys.slice(0, 5), spec, ctx('failing'), 'now');
      await expect(failing.settle()).rejects.toThrow('disk full');

      // A pass that handed rows over sends its last ones after them, on the worker.
      const large = writes.pass('sqlite');
      await large.writeRows(values.slice(10, 50), keys.slice(10, 50), spec, ctx('large'), 'now');
      await large.writeLastRows(values.slice(50), keys.slice(50), spec, ctx('large'), 'now');
      expect(here).toHaveBeenCalledTimes(2);
      await expect(large.settle()).resolves.toBe(90);

      // Once the worker is ready, every group goes to it.
      await vi.waitFor(() => expect(writes.writerHere()).toBeNull());
      const late = writes.pass('sqlite');
      await late.writeLastRows(values.slice(0, 10), keys.slice(0, 10), spec, ctx('late'), 'now');
      expect(here).toHaveBeenCalledTimes(2);
      await expect(late.settle()).resolves.toBe(10);
    } finally {
      await writes.close();
    }
    expect([inPlace('small'), inPlace('failing'), inPlace('large'), inPlace('late')]).toEqual([10, 0, 90, 10]);
  });
});
