import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShopDatabase, SHOP_RULES } from '../../../../test-support/cli-harness.js';
import { AppError, serializeError } from '../../../shared/errors.js';
import { importRules } from '../rules/import-rules.js';
import { parseRuleFile } from '../rules/rule-file.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import { openSource } from '../sources/open-source.js';
import type { Source } from '../sources/source.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import type { JobInput } from './job-types.js';
import { manualTimers } from './manual-timers.js';
import type { ManualTimers } from './manual-timers.js';
import { INTERRUPTED_MESSAGE } from './recover-interrupted.js';
import type { JobExecution, JobOutcome, RunJob } from './run-job.js';
import { createScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import { acquireSchedulerLock } from './workspace-lock.js';

const open = (config: ConnectionConfig): Promise<Source> => openSource(config, {});
const START = Date.UTC(2024, 2, 1, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number): string => new Date(ms).toISOString();

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const ok = (execution: JobExecution): JobOutcome => ({ runId: null, status: 'completed', recordsScanned: execution.ruleIds.length * 10, violationsNew: 1, failures: [] });

interface Call {
  at: number;
  execution: JobExecution;
}

describe('the scheduler, on an injected clock', () => {
  let ws: Workspace;
  let dir: string;
  let dispose: () => void;
  let timers: ManualTimers;
  let calls: Call[];
  let scheduler: Scheduler | null;

  beforeEach(async () => {
    const made = tempWorkspace();
    ws = made.ws;
    dir = made.dir;
    dispose = made.dispose;
    const shop = join(dir, 'shop.sqlite');
    createShopDatabase(shop);
    ws.connections.add('shop', { engine: 'sqlite', path: shop }, 'test');
    await importRules(ws, parseRuleFile(SHOP_RULES), { activate: true, actor: 'test', openSource: open });
    timers = manualTimers(START);
    calls = [];
    scheduler = null;
  });
  afterEach(async () => {
    await scheduler?.stop({ graceMs: 0 });
    dispose();
  });

  const addJob = (input: JobInput) => ws.jobs.add(input, 'test', new Date(timers.now()));
  const make = (runJob: RunJob, extra: { graceMs?: number } = {}): Scheduler => {
    scheduler = createScheduler({
      ws,
      timers,
      holder: 'test',
      graceMs: extra.graceMs,
      runJob: (execution) => {
        calls.push({ at: timers.now(), execution });
        return runJob(execution);
      },
    });
    return scheduler;
  };

  it('runs a due job once at its time, then at its next time', async () => {
    const job = addJob({ name: 'five', schedule: { kind: 'every', minutes: 5 } });
    expect(job.nextRunAt).toBe(iso(START + 5 * MINUTE));
    const s = make(async (e) => ok(e));
    s.start();
    expect(s.nextRunAt()).toBe(iso(START + 5 * MINUTE));
    await timers.advance(5 * MINUTE - SECOND);
    expect(calls).toHaveLength(0);
    await timers.advance(SECOND);
    expect(calls.map((c) => c.at)).toEqual([START + 5 * MINUTE]);
    expect(calls[0]!.execution).toMatchObject({ trigger: 'schedule', attempt: 1, mode: 'full', ruleIds: ['late-shipments', 'list-price', 'split-purchases'] });
    expect(s.nextRunAt()).toBe(iso(START + 10 * MINUTE));
    await timers.advance(5 * MINUTE);
    expect(calls.map((c) => c.at)).toEqual([START + 5 * MINUTE, START + 10 * MINUTE]);
    const history = ws.jobs.history(job.id);
    expect(history.map((h) => [h.trigger, h.status, h.scheduledFor, h.recordsScanned])).toEqual([
      ['schedule', 'completed', iso(START + 10 * MINUTE), 30],
      ['schedule', 'completed', iso(START + 5 * MINUTE), 30],
    ]);
    const actions = ws.audit.list({ entityType: 'job' }).filter((e) => e.actor === 'scheduler').map((e) => e.action);
    expect(actions).toEqual(['job.started', 'job.completed', 'job.started', 'job.completed']);
  });

  it('collapses occurrences missed while stopped into one execution', async () => {
    addJob({ name: 'five', schedule: { kind: 'every', minutes: 5 } });
    timers = manualTimers(START + 62 * MINUTE);
    const s = make(async (e) => ok(e));
    s.start();
    await timers.settle();
    expect(calls).toHaveLength(1);
    expect(s.nextRunAt()).toBe(iso(START + 65 * MINUTE));
  });

  it('never overlaps two executions of one job: run-now and the next occurrence are recorded as skipped', async () => {
    const job = addJob({ name: 'slow', schedule: { kind: 'every', minutes: 5 } });
    const gate = deferred<void>();
    const s = make(async (e) => {
      await gate.promise;
      return ok(e);
    });
    s.start();
    await timers.advance(5 * MINUTE);
    expect(calls).toHaveLength(1);
    const running = ws.jobs.history(job.id)[0]!;
    expect(running.status).toBe('running');

    const manual = await s.runNow('slow');
    expect(manual).toMatchObject({ trigger: 'manual', status: 'skipped' });
    expect(manual.note).toContain(`execution #${running.id}`);
    await timers.advance(5 * MINUTE);
    expect(calls).toHaveLength(1);

    gate.resolve();
    await s.idle();
    expect(ws.jobs.history(job.id).map((h) => [h.trigger, h.status])).toEqual([
      ['schedule', 'skipped'],
      ['manual', 'skipped'],
      ['schedule', 'completed'],
    ]);
    // Once it ended, run-now runs.
    expect((await s.runNow('slow')).status).toBe('completed');
    expect(calls.map((c) => c.execution.trigger)).toEqual(['schedule', 'manual']);
  });

  it('retries the failed rules with exponential backoff, then gives up after the last attempt', async () => {
    const job = addJob({ name: 'flaky', schedule: { kind: 'every', minutes: 60 }, maxAttempts: 3, backoffMs: 30 * SECOND });
    const down = new AppError('SOURCE_UNREACHABLE', 'Cannot reach shop: connection refused.', { connection: 'shop' });
    const s = make(async (e) => ({
      runId: null,
      status: 'failed',
      recordsScanned: 5,
      violationsNew: 0,
      failures: [{ ruleId: 'list-price', connection: 'shop', error: serializeError(down) }],
    }));
    s.start();
    await timers.advance(60 * MINUTE);
    expect(calls).toHaveLength(1);
    expect(s.nextRunAt()).toBe(iso(START + 60 * MINUTE + 30 * SECOND));
    await timers.advance(30 * SECOND);
    await timers.advance(60 * SECOND);
    await timers.advance(10 * MINUTE);
    expect(calls.map((c) => [c.at - START, c.execution.trigger, c.execution.attempt, c.execution.ruleIds])).toEqual([
      [60 * MINUTE, 'schedule', 1, ['late-shipments', 'list-price', 'split-purchases']],
      [60 * MINUTE + 30 * SECOND, 'retry', 2, ['list-price']],
      [60 * MINUTE + 90 * SECOND, 'retry', 3, ['list-price']],
    ]);
    const history = ws.jobs.history(job.id);
    expect(history.map((h) => [h.trigger, h.attempt, h.status])).toEqual([
      ['retry', 3, 'failed'],
      ['retry', 2, 'failed'],
      ['schedule', 1, 'failed'],
    ]);
    expect(history[2]!.error).toEqual({ type: 'source', code: 'SOURCE_UNREACHABLE', message: 'Cannot reach shop: connection refused.', ruleId: 'list-price', connection: 'shop', at: iso(START + 60 * MINUTE) });
    expect(history[2]!.note).toContain(`retrying list-price at ${iso(START + 60 * MINUTE + 30 * SECOND)}`);
    expect(history[0]!.note).toContain('no more retries');
    expect(ws.jobs.get('flaky')).toMatchObject({ retryAt: null, retryAttempt: null });
    expect(s.nextRunAt()).toBe(iso(START + 120 * MINUTE));
  });

  it('keeps running the other jobs when one fails outright', async () => {
    addJob({ name: 'broken', schedule: { kind: 'every', minutes: 5 }, rules: { kind: 'rules', ids: ['list-price'] }, maxAttempts: 1 });
    const healthy = addJob({ name: 'healthy', schedule: { kind: 'every', minutes: 5 }, rules: { kind: 'rules', ids: ['late-shipments'] } });
    const s = make(async (e) => {
      if (e.job.name === 'broken') throw new AppError('SOURCE_ERROR', 'relation "order_lines" vanished', { connection: 'erp' });
      return ok(e);
    });
    s.start();
    await timers.advance(10 * MINUTE);
    expect(calls.filter((c) => c.execution.job.name === 'healthy')).toHaveLength(2);
    expect(ws.jobs.history(healthy.id).map((h) => h.status)).toEqual(['completed', 'completed']);
    const broken = ws.jobs.history(ws.jobs.get('broken')!.id);
    expect(broken.map((h) => h.status)).toEqual(['failed', 'failed']);
    expect(broken[0]!.error).toMatchObject({ type: 'source', code: 'SOURCE_ERROR', connection: 'erp', message: 'relation "order_lines" vanished' });
  });

  it('records a skipped execution when no active rule matches', async () => {
    const job = addJob({ name: 'tagged', rules: { kind: 'tag', tag: 'nothing-has-it' } });
    const s = make(async (e) => ok(e));
    const run = await s.runNow('tagged');
    expect(run.status).toBe('skipped');
    expect(run.note).toMatch(/No active rule matches/);
    expect(calls).toHaveLength(0);
    expect(ws.jobs.history(job.id)).toHaveLength(1);
  });

  it('alternates incremental runs with a full scan on the full schedule, and repeats a failed full scan', async () => {
    addJob({ name: 'inc', schedule: { kind: 'every', minutes: 5 }, incremental: true, fullSchedule: { kind: 'daily', at: '10:07' }, maxAttempts: 1 });
    let failFull = true;
    const s = make(async (e) => (e.mode === 'full' && failFull ? { runId: null, status: 'failed', recordsScanned: 0, violationsNew: 0, failures: [], error: { code: 'SOURCE_UNREACHABLE', message: 'down' } } : ok(e)));
    s.start();
    await timers.advance(5 * MINUTE); // 10:05 incremental
    await timers.advance(5 * MINUTE); // 10:10 full (due 10:07), fails
    failFull = false;
    await timers.advance(5 * MINUTE); // 10:15 full again, succeeds
    await timers.advance(5 * MINUTE); // 10:20 incremental
    expect(calls.map((c) => c.execution.mode)).toEqual(['incremental', 'full', 'full', 'incremental']);
    expect(ws.jobs.get('inc')!.nextFullAt).toBe('2024-03-02T10:07:00.000Z');
  });

  it('on start, marks what a killed process left running as interrupted and resumes the job at once', async () => {
    const job = addJob({ name: 'five', schedule: { kind: 'every', minutes: 5 } });
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const runId = Number(ws.db.prepare(`INSERT INTO runs (status, trigger, as_of, started_at) VALUES ('running', 'schedule', '2024-03-01', ?)`).run(iso(START - MINUTE)).lastInsertRowid);
    const jobRunId = Number(
      ws.db
        .prepare(`INSERT INTO job_runs (job_id, trigger, attempt, run_id, status, started_at, owner_pid, owner_host) VALUES (?, 'schedule', 1, ?, 'running', ?, ?, ?)`)
        .run(job.id, runId, iso(START - MINUTE), dead, hostname()).lastInsertRowid,
    );

    // Without the lock nothing is touched.
    const other = openWorkspace(ws.path);
    const held = acquireSchedulerLock(other, { holder: 'someone-else', timers: manualTimers(START), releaseOnExit: false });
    const refused = make(async (e) => ok(e));
    expect(() => refused.start()).toThrow(expect.objectContaining({ code: 'WORKSPACE_LOCKED' }));
    expect(ws.jobs.getRun(jobRunId)!.status).toBe('running');
    held.release();
    other.close();

    const s = make(async (e) => ok(e));
    s.start();
    await s.idle();
    const interrupted = ws.jobs.getRun(jobRunId)!;
    expect(interrupted).toMatchObject({ status: 'interrupted', runId, finishedAt: iso(START) });
    expect(interrupted.error).toMatchObject({ type: 'interrupted', message: INTERRUPTED_MESSAGE });
    expect(ws.runs.get(runId)).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/^Interrupted: the process stopped/) });
    expect(calls.map((c) => [c.at, c.execution.trigger])).toEqual([[START, 'retry']]);
    expect(ws.audit.list({ action: 'runs.interrupted' })).toHaveLength(1);
  });

  it('stop() lets a running execution finish within the grace period', async () => {
    addJob({ name: 'five', schedule: { kind: 'every', minutes: 5 } });
    const gate = deferred<void>();
    const s = make(async (e) => {
      await gate.promise;
      return ok(e);
    });
    s.start();
    await timers.advance(5 * MINUTE);
    const stopped = s.stop({ graceMs: 10 * SECOND });
    await timers.advance(2 * SECOND);
    gate.resolve();
    await stopped;
    expect(calls[0]!.execution.signal.aborted).toBe(false);
    expect(ws.jobs.history(ws.jobs.get('five')!.id)[0]!.status).toBe('completed');
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM workspace_lock').get()).toEqual({ n: 0 });
  });

  it('stop() cancels a running execution after the grace period, and releases the lock', async () => {
    addJob({ name: 'five', schedule: { kind: 'every', minutes: 5 } });
    const s = make(
      (e) =>
        new Promise<JobOutcome>((resolve) => {
          e.signal.addEventListener('abort', () => resolve({ runId: null, status: 'cancelled', recordsScanned: 3, violationsNew: 0, failures: [] }));
        }),
    );
    s.start();
    await timers.advance(5 * MINUTE);
    let done = false;
    const stopped = s.stop({ graceMs: 10 * SECOND }).then(() => (done = true));
    await timers.advance(9 * SECOND);
    expect(done).toBe(false);
    await timers.advance(1 * SECOND);
    await stopped;
    const [run] = ws.jobs.history(ws.jobs.get('five')!.id);
    expect(run).toMatchObject({ status: 'cancelled', recordsScanned: 3 });
    expect(run!.error).toMatchObject({ code: 'CANCELLED' });
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM workspace_lock').get()).toEqual({ n: 0 });
    expect(s.started).toBe(false);
  });

  it('runs a real scan by default, linked to its scan run and audited as the scheduler', async () => {
    const job = addJob({ name: 'shop-all' });
    scheduler = createScheduler({ ws, timers, openSource: open, lock: false });
    const run = await scheduler.runNow('shop-all');
    expect(run).toMatchObject({ status: 'completed', trigger: 'manual', violationsNew: 4, error: null });
    expect(run.runId).not.toBeNull();
    expect(ws.runs.get(run.runId!)).toMatchObject({ status: 'completed', violationsNew: 4 });
    expect(ws.db.prepare('SELECT trigger FROM runs WHERE id = ?').get(run.runId)).toEqual({ trigger: 'manual' });
    const scanAudit = ws.audit.list({ entityType: 'run', entityId: String(run.runId) });
    expect(scanAudit.map((e) => e.actor)).toEqual(['scheduler', 'scheduler']);
    expect(ws.jobs.history(job.id)).toHaveLength(1);
  });
});

describe('the scheduler when a job is removed while it runs', () => {
  it('finishes the execution without failing and keeps scheduling', async () => {
    const { ws, dispose } = tempWorkspace();
    try {
      const timers = manualTimers(START);
      ws.jobs.add({ name: 'gone', rules: { kind: 'all-active' } }, 'test', new Date(START));
      ws.db.prepare(`INSERT INTO rules (id, title, severity, status, origin, version, connection, target_table, definition, created_at, updated_at) VALUES ('r', 't', 'low', 'active', 'manual', 1, 'c', 't', ?, 'x', 'x')`).run(
        JSON.stringify({ id: 'r', title: 't', severity: 'low', target: { connection: 'c', table: 't', key: ['id'] }, violation: { kind: 'literal', value: true }, status: 'active', origin: 'manual', version: 1 }),
      );
      const gate = deferred<void>();
      const s = createScheduler({ ws, timers, lock: false, runJob: async (e) => (await gate.promise, ok(e)) });
      const pending = s.runNow('gone');
      await timers.settle();
      ws.jobs.remove('gone', 'test');
      gate.resolve();
      await expect(pending).resolves.toMatchObject({ status: 'completed' });
      expect(ws.db.prepare('SELECT COUNT(*) AS n FROM job_runs').get()).toEqual({ n: 0 });
    } finally {
      dispose();
    }
  });
});
