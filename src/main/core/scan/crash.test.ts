/**
 * Kills scans with SIGKILL at random moments and checks that what survives is exactly what a clean
 * run finds: nothing lost, nothing duplicated, no violation counted as new twice across runs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_RULES, appendCrashRows, createCrashSource } from '../../../../test-support/crash-data.js';
import { tempDir } from '../workspace/test-workspace.js';
import { createWorkspace, openWorkspace } from '../workspace/open-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import { runScan } from './run-scan.js';

const ROWS = 200_000;
/** Rows the source gains after each killed run, so an incremental pass always has work left. */
const GROWTH = 4_000;
const BATCH = 2_000;
const SEED = 20_240_601;
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = join(root, 'test-support/crash-child.ts');

/** mulberry32: the same kill moments on every run of the suite. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = 'full' | 'incremental';

/**
 * Runs a scan in a child process (node itself, with the tsx loader, so the kill reaches the process
 * that scans); with `killAfterMs`, SIGKILLs it that long after its run started.
 */
function scanInChild(workspace: string, mode: Mode, killAfterMs: number | null): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, workspace, mode, String(BATCH)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      if (killAfterMs !== null && !before.includes('started') && out.includes('started')) {
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve({ killed: true });
      if (code !== 0) return reject(new Error(`crash child exited ${code}: ${err}`));
      const last = JSON.parse(out.trim().split('\n').pop()!) as { status: string };
      if (last.status !== 'completed') return reject(new Error(`crash child run ended ${last.status}: ${err}`));
      resolve({ killed: false });
    });
  });
}

const violationSet = (ws: Workspace): string[] =>
  (ws.db.prepare('SELECT rule_id, record_key, status FROM violations ORDER BY rule_id, record_key').raw(true).all() as string[][]).map((r) => r.join(' '));

describe('scans killed with SIGKILL', () => {
  let dir: string;
  let cleanup: () => void;
  let cleanMs = 0;
  const open = (c: ConnectionConfig) => openSource(c, {});
  const prepare = async (name: string, source: string): Promise<string> => {
    const path = join(dir, name);
    const ws = createWorkspace(path);
    ws.connections.add('src', { engine: 'sqlite', path: source }, 'test');
    await importRules(ws, parseRuleFile(CRASH_RULES), { activate: true, actor: 'test', openSource: open });
    ws.close();
    return path;
  };
  /** The violations of an uninterrupted full scan of `source`, in this process. */
  const cleanRun = async (name: string, source: string): Promise<string[]> => {
    const ws = openWorkspace(await prepare(name, source));
    try {
      const started = performance.now();
      const clean = await runScan(ws, { openSource: open, batchSize: BATCH, asOf: '2025-01-01' });
      cleanMs = Math.max(cleanMs, performance.now() - started);
      expect(clean.run.status).toBe('completed');
      return violationSet(ws);
    } finally {
      ws.close();
    }
  };

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    const probe = join(dir, 'probe.sqlite');
    createCrashSource(probe, ROWS);
    await cleanRun('probe.psw', probe);
  });
  afterAll(() => cleanup?.());

  /**
   * Kills `kills` runs of the modes `pick` chooses (the source growing after each when `grow`),
   * runs `finish` to completion, and compares with a clean full scan of the final data.
   */
  const crashAndRecover = async (name: string, kills: number, pick: (r: () => number) => Mode, finish: Mode, grow: boolean, seed: number) => {
    const source = join(dir, `${name}.sqlite`);
    createCrashSource(source, ROWS);
    const path = await prepare(`${name}.psw`, source);
    const next = random(seed);
    let killed = 0;
    let finished = 0;
    let rows = ROWS;
    while (killed < kills) {
      const mode = pick(next);
      // cleanMs is the whole first pass: the kill lands anywhere from its first query to past its end.
      const outcome = await scanInChild(path, mode, Math.floor(next() * cleanMs * 0.6));
      if (outcome.killed) killed++;
      else finished++;
      if (grow) {
        appendCrashRows(source, rows + 1, GROWTH);
        rows += GROWTH;
      }
    }
    await scanInChild(path, finish, null);
    const reference = await cleanRun(`${name}-clean.psw`, source);
    const ws = openWorkspace(path);
    try {
      const actual = violationSet(ws);
      const expected = new Set(reference);
      const got = new Set(actual);
      const missing = reference.filter((v) => !got.has(v));
      const extra = actual.filter((v) => !expected.has(v));
      const counted = ws.db.prepare('SELECT sum(violations_new) FROM runs').pluck(true).get() as number;
      const statuses = Object.fromEntries(ws.db.prepare('SELECT status, count(*) FROM runs GROUP BY status').raw(true).all() as [string, number][]);
      process.stdout.write(
        `crash test (${name}): ${killed} kills, ${finished} runs finished before their kill, ${reference.length} violations compared ` +
          `over ${rows} rows, ${missing.length + extra.length} differences, ${counted} counted as new across runs, runs ${JSON.stringify(statuses)}\n`,
      );
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
      // Every violation counted as new exactly once over all runs, interrupted ones included.
      expect(counted).toBe(reference.length);
      expect(statuses.running).toBeUndefined();
      // The last run marked the runs killed before it; at least most kills landed mid-run.
      expect(statuses.interrupted ?? 0).toBeGreaterThanOrEqual(Math.floor(kills / 2));
    } finally {
      ws.close();
    }
  };

  it('resumes incremental scans of a growing source from the committed watermark', async () => {
    await crashAndRecover('incremental', 12, () => 'incremental', 'incremental', true, SEED);
  }, 120_000);

  it('rescans after full scans are killed (some incremental ones too) and ends with the clean run\'s violations', async () => {
    await crashAndRecover('full', 10, (r) => (r() < 0.7 ? 'full' : 'incremental'), 'full', false, SEED + 1);
  }, 120_000);
});
