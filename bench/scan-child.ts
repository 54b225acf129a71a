/**
 * Runs our full scan twice (first scan, then an unchanged re-scan) in a process of its own, so its
 * peak memory is measured without the benchmark's data generation in the way.
 * The benchmark runs it bundled (bundle-child.ts); `tsx bench/scan-child.ts ENGINE SOURCE WORKSPACE`
 * works too. Prints one JSON line.
 */
import { createWorkspace } from '../src/main/core/workspace/open-workspace.js';
import { parseRuleFile } from '../src/main/core/rules/rule-file.js';
import { importRules } from '../src/main/core/rules/import-rules.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import { runScan } from '../src/main/core/scan/run-scan.js';
import { writersExited } from '../src/main/core/scan/background-writes.js';
import type { ConnectionConfig } from '../src/main/core/sources/connection-config.js';
import { BENCH_RULES_YAML } from './bench-data.js';

const [engine, source, workspacePath] = process.argv.slice(2);
const config: ConnectionConfig = engine === 'sqlite' ? { engine: 'sqlite', path: source! } : { engine: 'postgres', url: source! };
const ws = createWorkspace(workspacePath!);
ws.connections.add('bench', config, 'bench');
await importRules(ws, parseRuleFile(BENCH_RULES_YAML), { activate: true, actor: 'bench', openSource: (c) => openSource(c) });
const rssBefore = process.memoryUsage().rss;
const first = await runScan(ws, { openSource: (c) => openSource(c), asOf: '2025-01-01' });
// The first scan's WAL is checkpointed by its writer after the run is recorded (not in its
// duration): timed apart here, and over before the re-scan starts, as it would be in use.
const returned = performance.now();
await writersExited();
const checkpointMs = Math.round(performance.now() - returned);
const rescan = await runScan(ws, { openSource: (c) => openSource(c), asOf: '2025-01-01' });
const peak = process.resourceUsage().maxRSS * 1024;
ws.close();
process.stdout.write(
  `${JSON.stringify({
    firstScanMs: first.run.durationMs,
    checkpointMs,
    rescanMs: rescan.run.durationMs,
    violations: first.run.violationsOpen,
    rescanNew: rescan.run.violationsNew,
    status: [first.run.status, rescan.run.status],
    peakRssGrowthMb: Math.round((peak - rssBefore) / 1048576),
  })}\n`,
);
