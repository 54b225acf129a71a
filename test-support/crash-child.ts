/**
 * One scan in a process of its own, for the crash test to kill: marks what an earlier killed
 * process left running as interrupted, prints `started` once the run exists, then scans.
 * Usage: tsx test-support/crash-child.ts WORKSPACE full|incremental BATCH_SIZE
 */
import { openWorkspace } from '../src/main/core/workspace/open-workspace.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import { runScan } from '../src/main/core/scan/run-scan.js';
import { markInterruptedRuns } from '../src/main/core/scan/mark-interrupted.js';

const [path, mode, batch] = process.argv.slice(2);
const ws = openWorkspace(path!);
markInterruptedRuns(ws);
const result = await runScan(ws, {
  openSource: (config) => openSource(config, {}),
  incremental: mode === 'incremental',
  batchSize: Number(batch),
  asOf: '2025-01-01',
  onRunStarted: () => process.stdout.write('started\n'),
});
ws.close();
process.stdout.write(`${JSON.stringify({ status: result.run.status, id: result.run.id })}\n`);
