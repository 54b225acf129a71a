/**
 * `npm run bench [-- --rows N] [--rounds N] [--json]`: measures our scan against the engine-only
 * limit and a naive implementation, on SQLite and PostgreSQL, all in the same run, in rounds (3 by
 * default; see `measure`). The last line of output is one JSON object; the ratios are what the
 * targets are stated in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, postgresAvailable } from '../test-support/postgres.js';
import { evaluateExtractor, formatExtractorScore } from '../src/main/core/policies/corpus/evaluate.js';
import { measurePdfExtraction, PDF_BENCH_TARGET_MS } from './pdf-bench.js';
import { measureEventLoopDelay } from './event-loop-bench.js';
import { measureDashboard } from './dashboard-bench.js';
import { measureFiles } from './files-bench.js';
import { bundleChildren } from './bundle-child.js';
import { createPostgresBenchTable, createSqliteBenchTable } from './bench-data.js';
import type { LimitFigures } from './baselines.js';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
const json = args.includes('--json');
const skipNaive = args.includes('--no-naive');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number, 1 or more.');
const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface EngineFigures extends LimitFigures {
  compiledSelectMs: number;
  firstScanMs: number;
  /** The first scan's WAL checkpoint, done by its writer after the run is recorded (not in firstScanMs). */
  checkpointMs: number;
  rescanMs: number;
  naiveMs: number | null;
  peakRssMb: number;
  violations: number;
  rounds: number;
  /** Each round's figures, in the order measured. */
  samples: { limitMs: number[]; selectMs: number[]; firstScanMs: number[]; rescanMs: number[]; naiveMs: number[] | null };
  ratios: { firstScanVsLimit: number; rescanVsSelect: number; rescanVsCompiledSelect: number; naiveVsFirstScan: number | null };
}

const children = await bundleChildren();
const round = (n: number): number => Math.round(n * 100) / 100;

function lastLine<T>(out: string): T {
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

function ours(engine: string, source: string, workspace: string): { firstScanMs: number; checkpointMs: number; rescanMs: number; peakRssGrowthMb: number; violations: number; status: string[] } {
  return lastLine(execFileSync(process.execPath, [children.scan, engine, source, workspace], { encoding: 'utf8' }));
}

function baseline<T>(kind: 'limit' | 'compiled' | 'naive', engine: string, source: string): T {
  return lastLine(execFileSync(process.execPath, [children.baseline, kind, engine, source], { encoding: 'utf8' }));
}

interface RoundFigures {
  limit: LimitFigures;
  scan: ReturnType<typeof ours>;
  compiledMs: number;
  naiveMs: number | null;
}

/** One round: the limit, our scan, our compiled queries alone and the naive scan, each in a fresh process. */
function measureRound(engine: 'sqlite' | 'postgres', source: string, workspace: string): RoundFigures {
  const limit = baseline<LimitFigures>('limit', engine, source);
  log(`${engine}: limit ${limit.limitMs} ms (select ${limit.selectMs} + insert ${limit.insertMs}), ${limit.violatingRows} violating rows`);
  const scan = ours(engine, source, workspace);
  if (scan.status.some((s) => s !== 'completed')) throw new Error(`${engine} scan did not complete: ${scan.status.join(', ')}`);
  log(`${engine}: first scan ${scan.firstScanMs} ms (then its checkpoint, after the run: ${scan.checkpointMs} ms), re-scan ${scan.rescanMs} ms, peak RSS growth ${scan.peakRssGrowthMb} MB`);
  const compiledMs = baseline<{ compiledSelectMs: number }>('compiled', engine, source).compiledSelectMs;
  log(`${engine}: our compiled queries alone ${compiledMs} ms`);
  let naiveMs: number | null = null;
  if (!skipNaive) {
    naiveMs = baseline<{ naiveMs: number }>('naive', engine, source).naiveMs;
    log(`${engine}: naive ${naiveMs} ms`);
  }
  return { limit, scan, compiledMs, naiveMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * `rounds` rounds, one after the other. A shared machine's speed drifts by a third from one minute
 * to the next, so one measurement of each can land in different minutes: each figure is the median
 * over the rounds, and each ratio the median of the rounds' own ratios (their parts measured
 * seconds apart). Memory is the largest growth seen.
 */
function measure(engine: 'sqlite' | 'postgres', source: string, dir: string): EngineFigures {
  const runs: RoundFigures[] = [];
  for (let i = 0; i < rounds; i++) {
    if (rounds > 1) log(`${engine}: round ${i + 1} of ${rounds}`);
    runs.push(measureRound(engine, source, join(dir, `${engine}-${i + 1}.psw`)));
  }
  const found = new Set(runs.map((r) => r.scan.violations));
  if (found.size !== 1) throw new Error(`${engine}: the rounds found different numbers of violations: ${[...found].join(', ')}`);
  const of = (pick: (r: RoundFigures) => number): number => Math.round(median(runs.map(pick)));
  const ratio = (pick: (r: RoundFigures) => number): number => round(median(runs.map(pick)));
  const naive = runs.every((r) => r.naiveMs !== null) ? runs.map((r) => r.naiveMs!) : null;
  return {
    selectMs: of((r) => r.limit.selectMs),
    insertMs: of((r) => r.limit.insertMs),
    limitMs: of((r) => r.limit.limitMs),
    violatingRows: runs[0]!.limit.violatingRows,
    compiledSelectMs: of((r) => r.compiledMs),
    firstScanMs: of((r) => r.scan.firstScanMs),
    checkpointMs: of((r) => r.scan.checkpointMs),
    rescanMs: of((r) => r.scan.rescanMs),
    naiveMs: naive === null ? null : Math.round(median(naive)),
    peakRssMb: Math.max(...runs.map((r) => r.scan.peakRssGrowthMb)),
    violations: runs[0]!.scan.violations,
    rounds,
    samples: {
      limitMs: runs.map((r) => r.limit.limitMs),
      selectMs: runs.map((r) => r.limit.selectMs),
      firstScanMs: runs.map((r) => r.scan.firstScanMs),
      rescanMs: runs.map((r) => r.scan.rescanMs),
      naiveMs: naive,
    },
    ratios: {
      firstScanVsLimit: ratio((r) => r.scan.firstScanMs / r.limit.limitMs),
      rescanVsSelect: ratio((r) => r.scan.rescanMs / r.limit.selectMs),
      rescanVsCompiledSelect: ratio((r) => r.scan.rescanMs / r.compiledMs),
      naiveVsFirstScan: naive === null ? null : ratio((r) => r.naiveMs! / r.scan.firstScanMs),
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'policysentinel-bench-'));
const result: Record<string, unknown> = { rows };
{
  const score = evaluateExtractor();
  for (const line of formatExtractorScore(score)) log(line);
  result.extractor = { precision: score.precision, recall: score.recall };
  const pdf = await measurePdfExtraction();
  log(`pdf: ${pdf.pages} pages extracted in ${pdf.ms} ms (target under ${PDF_BENCH_TARGET_MS} ms)`);
  result.pdf = { pages: pdf.pages, ms: pdf.ms };
  result.eventLoop = await measureEventLoopDelay(rows, log);
  const violationsArg = args.indexOf('--violations');
  result.dashboard = await measureDashboard(violationsArg >= 0 ? Number(args[violationsArg + 1]) : 1_000_000, log);
}
try {
  log(`Generating ${rows.toLocaleString('en-US')} rows in ${dir} …`);
  const sqlitePath = join(dir, 'bench.sqlite');
  createSqliteBenchTable(sqlitePath, rows);
  result.sqlite = measure('sqlite', sqlitePath, dir);
  result.files = await measureFiles(sqlitePath, dir, log);

  if (postgresAvailable()) {
    const server = await startPostgres({ name: 'bench' });
    try {
      await createPostgresBenchTable(server.url, rows);
      result.postgres = measure('postgres', server.url, dir);
    } finally {
      await server.stop();
    }
  } else {
    log('postgres: skipped (no PostgreSQL server binaries; apt-get install -y postgresql)');
    result.postgres = null;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!json) log(JSON.stringify(result, null, 2));
process.stdout.write(`${JSON.stringify(result)}\n`);
