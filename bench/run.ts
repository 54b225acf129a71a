/**
 * `npm run bench [-- --rows N] [--json]`: measures our scan against the engine-only limit and a
 * naive implementation, on SQLite and PostgreSQL, all in the same run. The last line of output is
 * one JSON object; the ratios are what the targets are stated in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleFile } from '../src/main/core/rules/rule-file.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import { startPostgres, postgresAvailable } from '../test-support/postgres.js';
import { evaluateExtractor, formatExtractorScore } from '../src/main/core/policies/corpus/evaluate.js';
import { measurePdfExtraction, PDF_BENCH_TARGET_MS } from './pdf-bench.js';
import { measureEventLoopDelay } from './event-loop-bench.js';
import { measureDashboard } from './dashboard-bench.js';
import { measureFiles } from './files-bench.js';
import { bundleScanChild } from './bundle-child.js';
import { BENCH_RULES_YAML, createPostgresBenchTable, createSqliteBenchTable } from './bench-data.js';
import { compiledSelectMs, naiveScan, postgresLimit, postgresPages, sqliteLimit, sqlitePages, type LimitFigures } from './baselines.js';
import type { ConnectionConfig } from '../src/main/core/sources/connection-config.js';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
const json = args.includes('--json');
const skipNaive = args.includes('--no-naive');
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
  ratios: { firstScanVsLimit: number; rescanVsSelect: number; rescanVsCompiledSelect: number; naiveVsFirstScan: number | null };
}

const child = await bundleScanChild();
const round = (n: number): number => Math.round(n * 100) / 100;

function ours(engine: string, source: string, workspace: string): { firstScanMs: number; checkpointMs: number; rescanMs: number; peakRssGrowthMb: number; violations: number; status: string[] } {
  const out = execFileSync(process.execPath, [child, engine, source, workspace], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function measure(engine: 'sqlite' | 'postgres', source: string, dir: string): Promise<EngineFigures> {
  const limit = engine === 'sqlite' ? sqliteLimit(source) : await postgresLimit(source);
  log(`${engine}: limit ${limit.limitMs} ms (select ${limit.selectMs} + insert ${limit.insertMs}), ${limit.violatingRows} violating rows`);
  const scan = ours(engine, source, join(dir, `${engine}.psw`));
  if (scan.status.some((s) => s !== 'completed')) throw new Error(`${engine} scan did not complete: ${scan.status.join(', ')}`);
  log(`${engine}: first scan ${scan.firstScanMs} ms (then its checkpoint, after the run: ${scan.checkpointMs} ms), re-scan ${scan.rescanMs} ms, peak RSS growth ${scan.peakRssGrowthMb} MB`);
  const config: ConnectionConfig = engine === 'sqlite' ? { engine: 'sqlite', path: source } : { engine: 'postgres', url: source };
  const src = await openSource(config);
  const schema = await src.schema();
  await src.close();
  const rules = parseRuleFile(BENCH_RULES_YAML).map((r) => ({ ...r, target: { ...r.target, key: ['id'] } }));
  const compiledMs = await compiledSelectMs(engine, source, rules, schema);
  log(`${engine}: our compiled queries alone ${compiledMs} ms`);
  let naiveMs: number | null = null;
  if (!skipNaive) {
    if (engine === 'sqlite') {
      const pages = sqlitePages(source);
      naiveMs = (await naiveScan(pages.fetch, rules, schema, '2025-01-01')).naiveMs;
      pages.close();
    } else {
      const pages = await postgresPages(source);
      naiveMs = (await naiveScan(pages.fetch, rules, schema, '2025-01-01')).naiveMs;
      await pages.close();
    }
    log(`${engine}: naive ${naiveMs} ms`);
  }
  return {
    ...limit,
    compiledSelectMs: compiledMs,
    firstScanMs: scan.firstScanMs,
    checkpointMs: scan.checkpointMs,
    rescanMs: scan.rescanMs,
    naiveMs,
    peakRssMb: scan.peakRssGrowthMb,
    violations: scan.violations,
    ratios: {
      firstScanVsLimit: round(scan.firstScanMs / limit.limitMs),
      rescanVsSelect: round(scan.rescanMs / limit.selectMs),
      rescanVsCompiledSelect: round(scan.rescanMs / compiledMs),
      naiveVsFirstScan: naiveMs === null ? null : round(naiveMs / scan.firstScanMs),
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
  result.sqlite = await measure('sqlite', sqlitePath, dir);
  result.files = await measureFiles(sqlitePath, dir, log);

  if (postgresAvailable()) {
    const server = await startPostgres({ name: 'bench' });
    try {
      await createPostgresBenchTable(server.url, rows);
      result.postgres = await measure('postgres', server.url, dir);
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
