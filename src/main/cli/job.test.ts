import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createShopDatabase, SHOP_RULES, tempDir } from '../../../test-support/cli-harness.js';

interface JobJson {
  name: string;
  schedule: Record<string, unknown>;
  rules: Record<string, unknown>;
  incremental: boolean;
  fullSchedule: Record<string, unknown> | null;
  maxAttempts: number;
  backoffMs: number;
  nextRunAt: string | null;
  lastRun: { status: string; trigger: string } | null;
}

interface JobRunJson {
  id: number;
  trigger: string;
  status: string;
  runId: number | null;
  recordsScanned: number;
  violationsNew: number;
  error: unknown;
}

describe('job and monitor commands', () => {
  const tmp = tempDir('job');
  const ws = join(tmp.dir, 'audit.psw');
  const w = ['--workspace', ws];

  beforeAll(async () => {
    const shop = join(tmp.dir, 'shop.sqlite');
    createShopDatabase(shop);
    const rules = join(tmp.dir, 'rules.yaml');
    writeFileSync(rules, SHOP_RULES);
    expect((await cli(['init', ws])).code).toBe(0);
    expect((await cli(['connection', 'add', 'shop', '--sqlite', shop, ...w])).code).toBe(0);
    expect((await cli(['rules', 'import', rules, '--activate', ...w])).code).toBe(0);
  });
  afterAll(() => tmp.remove());

  const add = async (args: string[]) => {
    const result = await cli(['job', 'add', ...args, ...w, '--json']);
    return { ...result, job: result.code === 0 ? result.json<{ job: JobJson }>().job : null };
  };

  it('adds jobs with every kind of schedule and rule selection', async () => {
    const before = Date.now();
    const nightly = await add(['nightly', '--daily', '02:30', '--rules', 'late-shipments,list-price']);
    expect(nightly.code).toBe(0);
    expect(nightly.job).toMatchObject({ schedule: { kind: 'daily', at: '02:30' }, rules: { kind: 'rules', ids: ['late-shipments', 'list-price'] }, incremental: false, maxAttempts: 3, backoffMs: 30_000 });
    const next = Date.parse(nightly.job!.nextRunAt!);
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(new Date(next).toISOString().slice(11, 16)).toBe('02:30');

    expect((await add(['weekly', '--weekly', 'mon', '09:00'])).job).toMatchObject({ schedule: { kind: 'weekly', day: 1, at: '09:00' }, rules: { kind: 'all-active' } });
    expect((await add(['monthly', '--monthly', '31', '06:00', '--rules', 'tag:finance'])).job).toMatchObject({ schedule: { kind: 'monthly', day: 31, at: '06:00' }, rules: { kind: 'tag', tag: 'finance' } });
    expect((await add(['quarter-past', '--hourly', '15'])).job?.schedule).toEqual({ kind: 'hourly', minute: 15 });
    expect((await add(['on-the-hour', '--hourly', '--rules', 'all'])).job?.schedule).toEqual({ kind: 'hourly', minute: 0 });
    expect((await add(['workdays', '--cron', '*/15 8-18 * * 1-5'])).job?.schedule).toEqual({ kind: 'cron', expression: '*/15 8-18 * * 1-5' });
    expect((await add(['by-policy', '--rules', 'policy:abc'])).job).toMatchObject({ schedule: { kind: 'every', minutes: 5 }, rules: { kind: 'policy', policyId: 'abc' } });
    expect((await add(['inc', '--every', '10', '--incremental', '--full-daily', '03:00', '--attempts', '5', '--backoff-seconds', '10'])).job).toMatchObject({
      schedule: { kind: 'every', minutes: 10 },
      incremental: true,
      fullSchedule: { kind: 'daily', at: '03:00' },
      maxAttempts: 5,
      backoffMs: 10_000,
    });
  });

  it('refuses bad schedules and duplicate names with a message saying what to write', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['bad1', '--daily', '25:00'], 2, /time like 02:30/],
      [['bad2', '--cron', '61 * * * *'], 2, /not a valid cron expression/],
      [['bad3', '--every', '5', '--daily', '01:00'], 2, /one schedule/],
      [['bad4', '--weekly', 'someday', '09:00'], 2, /day of the week/],
      [['bad5', '--monthly', '1'], 2, /needs a time/],
      [['bad6', '--full-daily', '03:00'], 2, /--incremental/],
      [['nightly'], 1, /already exists/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(['job', 'add', ...args, ...w, '--json']);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.json<{ error: { message: string } }>().error.message, args.join(' ')).toMatch(message);
    }
    const names = (await cli(['job', 'list', ...w, '--json'])).json<{ jobs: JobJson[] }>().jobs.map((j) => j.name);
    expect(names.some((n) => n.startsWith('bad'))).toBe(false);
  });

  it('runs a job now, shows it in the history and the list, and audits it', async () => {
    const run = await cli(['job', 'run-now', 'nightly', ...w, '--json']);
    expect(run.code).toBe(0);
    const jobRun = run.json<{ jobRun: JobRunJson }>().jobRun;
    expect(jobRun).toMatchObject({ trigger: 'manual', status: 'completed', recordsScanned: 8, violationsNew: 3, error: null });
    expect(jobRun.runId).not.toBeNull();

    const history = (await cli(['job', 'history', 'nightly', ...w, '--json'])).json<{ runs: JobRunJson[] }>().runs;
    expect(history).toEqual([expect.objectContaining({ id: jobRun.id, status: 'completed', runId: jobRun.runId })]);
    const text = await cli(['job', 'history', 'nightly', ...w]);
    expect(text.stdout).toMatch(/manual\s+1\s+full\s+completed/);

    const listed = (await cli(['job', 'list', ...w, '--json'])).json<{ jobs: JobJson[] }>().jobs.find((j) => j.name === 'nightly');
    expect(listed?.lastRun).toMatchObject({ status: 'completed', trigger: 'manual' });

    const audit = (await cli(['audit', 'list', '--limit', '500', ...w, '--json'])).json<{ entries: Array<{ actor: string; action: string }> }>().entries;
    expect(audit.filter((e) => e.action === 'job.added').length).toBe(8);
    expect(audit.filter((e) => e.actor === 'scheduler').map((e) => e.action)).toEqual(['job.started', 'scan.started', 'scan.completed', 'job.completed']);
    expect((await cli(['audit', 'verify', ...w])).code).toBe(0);
  });

  it('removes a job, and says so when it does not exist', async () => {
    expect((await cli(['job', 'remove', 'weekly', ...w])).code).toBe(0);
    const names = (await cli(['job', 'list', ...w, '--json'])).json<{ jobs: JobJson[] }>().jobs.map((j) => j.name);
    expect(names).not.toContain('weekly');
    const again = await cli(['job', 'remove', 'weekly', ...w, '--json']);
    expect(again.code).toBe(1);
    expect(again.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('job list') });
  });

  it('monitor runs due jobs in the foreground, holds the lock, and exits cleanly on SIGTERM', async () => {
    // Only the incremental job, due now: the others are pushed far out.
    const db = new Database(ws);
    db.prepare(`UPDATE jobs SET next_run_at = CASE name WHEN 'inc' THEN '2000-01-01T00:00:00.000Z' ELSE '2999-01-01T00:00:00.000Z' END, next_full_at = NULL`).run();
    db.close();

    const main = resolve(import.meta.dirname, 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'monitor', '--workspace', ws, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const first = await lines.next();
      const line = JSON.parse(String(first.value)) as { job: string; jobRun: JobRunJson & { mode: string } };
      expect(line.job).toBe('inc');
      expect(line.jobRun).toMatchObject({ trigger: 'schedule', status: 'completed', mode: 'full', violationsNew: 1 });

      const second = await cli(['monitor', ...w, '--json']);
      expect(second.code).toBe(1);
      expect(second.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'WORKSPACE_LOCKED', message: expect.stringContaining(`pid ${child.pid}`) });

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toContain('Stopped; the workspace lock is released.');
    const check = new Database(ws, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) AS n FROM workspace_lock').get()).toEqual({ n: 0 });
    check.close();
    const history = (await cli(['job', 'history', 'inc', ...w, '--json'])).json<{ runs: JobRunJson[] }>().runs;
    expect(history.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'completed']]);
  });
});
