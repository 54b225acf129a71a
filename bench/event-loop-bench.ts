/**
 * How responsive the calling thread stays during a scan: event-loop delay in the main thread
 * (perf_hooks.monitorEventLoopDelay) while an N-row SQLite scan runs in a worker thread, and the
 * same scan run on the main thread for comparison. Target: p99 under 50 ms with the worker.
 * Standalone: `tsx bench/event-loop-bench.ts [--rows N]`; also run by bench/run.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createWorkspace } from '../src/main/core/workspace/open-workspace.js';
import { parseRuleFile } from '../src/main/core/rules/rule-file.js';
import { importRules } from '../src/main/core/rules/import-rules.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import { runScan } from '../src/main/core/scan/run-scan.js';
import { runScanInWorker } from '../src/main/core/scan/run-scan-in-worker.js';
import { BENCH_RULES_YAML, createSqliteBenchTable } from './bench-data.js';

export const EVENT_LOOP_P99_TARGET_MS = 50;

export interface DelayFigures {
  scanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  violations: number;
}

export interface EventLoopFigures {
  rows: number;
  worker: DelayFigures;
  inThread: DelayFigures;
}

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

async function measure(scan: () => Promise<number>): Promise<DelayFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  const violations = await scan();
  const scanMs = Math.round(performance.now() - started);
  histogram.disable();
  return { scanMs, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), violations };
}

export async function measureEventLoopDelay(rows: number, log: (line: string) => void = () => undefined): Promise<EventLoopFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'policysentinel-eventloop-'));
  try {
    const source = join(dir, 'bench.sqlite');
    createSqliteBenchTable(source, rows);
    const workspace = async (name: string) => {
      const ws = createWorkspace(join(dir, name));
      ws.connections.add('bench', { engine: 'sqlite', path: source }, 'bench');
      await importRules(ws, parseRuleFile(BENCH_RULES_YAML), { activate: true, actor: 'bench', openSource: (c) => openSource(c) });
      return ws;
    };
    const inWorker = await workspace('worker.psw');
    const worker = await measure(async () => {
      const result = await runScanInWorker({ workspacePath: inWorker.path, asOf: '2025-01-01' });
      return result.run.violationsOpen;
    });
    inWorker.close();
    log(`event loop during a ${rows}-row scan in a worker: p50 ${worker.p50Ms} ms, p99 ${worker.p99Ms} ms, max ${worker.maxMs} ms (scan ${worker.scanMs} ms; target p99 < ${EVENT_LOOP_P99_TARGET_MS} ms)`);
    const local = await workspace('local.psw');
    const inThread = await measure(async () => (await runScan(local, { openSource: (c) => openSource(c), asOf: '2025-01-01' })).run.violationsOpen);
    local.close();
    log(`event loop during the same scan on the main thread: p50 ${inThread.p50Ms} ms, p99 ${inThread.p99Ms} ms, max ${inThread.maxMs} ms (scan ${inThread.scanMs} ms)`);
    return { rows, worker, inThread };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rows');
  const rows = at >= 0 ? Number(args[at + 1]) : 1_000_000;
  const figures = await measureEventLoopDelay(rows, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
