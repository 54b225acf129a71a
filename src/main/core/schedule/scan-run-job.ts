import { serializeError } from '../../../shared/errors.js';
import { runScan } from '../scan/run-scan.js';
import { runScanInWorker } from '../scan/run-scan-in-worker.js';
import type { ScanResult } from '../scan/scan-types.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { Workspace } from '../workspace/workspace.js';
import type { JobOutcome, RunJob } from './run-job.js';

export interface ScanRunJobOptions {
  ws: Workspace;
  openSource: (config: ConnectionConfig) => Promise<Source>;
  batchSize?: number;
}

export interface WorkerRunJobOptions {
  ws: Workspace;
  /** Where sources read their passwords (`passwordEnv`). */
  env?: NodeJS.ProcessEnv;
  batchSize?: number;
}

/** A scan's result as a job outcome: the failed rules with their connection, for the history and the retry. */
export function scanOutcome(ws: Workspace, result: ScanResult): JobOutcome {
  const skipped = result.skippedRuleIds ?? [];
  return {
    runId: result.run.id,
    status: result.run.status === 'cancelled' ? 'cancelled' : result.run.status === 'completed' ? 'completed' : 'failed',
    recordsScanned: result.run.recordsScanned,
    violationsNew: result.run.violationsNew,
    failures: result.rules
      .filter((r) => r.status === 'failed')
      .map((r) => ({ ruleId: r.id, connection: r.mappings?.find((m) => m.status === 'failed')?.connection ?? ws.rules.get(r.id)?.target.connection, error: r.error ?? serializeError(new Error('the rule failed')) })),
    ...(skipped.length ? { note: `Left out of this incremental run (no watermark column; the full scans cover them): ${skipped.join(', ')}.` } : {}),
  };
}

/** Executes a job as a scan run in this thread, recorded as actor `scheduler`. */
export function scanRunJob(options: ScanRunJobOptions): RunJob {
  return async (execution) => {
    let linked = false;
    const result = await runScan(options.ws, {
      ruleIds: execution.ruleIds,
      trigger: execution.trigger,
      actor: 'scheduler',
      incremental: execution.mode === 'incremental',
      signal: execution.signal,
      batchSize: options.batchSize,
      openSource: options.openSource,
      onProgress: (progress) => {
        if (linked) return;
        linked = true;
        execution.onScanRun(progress.runId);
      },
    });
    return scanOutcome(options.ws, result);
  };
}

/** Executes a job as a scan run on a worker thread, so the thread running the scheduler (the app's main process) stays responsive. */
export function workerRunJob(options: WorkerRunJobOptions): RunJob {
  return async (execution) => {
    const result = await runScanInWorker({
      workspacePath: options.ws.path,
      ruleIds: execution.ruleIds,
      trigger: execution.trigger,
      actor: 'scheduler',
      incremental: execution.mode === 'incremental',
      batchSize: options.batchSize,
      signal: execution.signal,
      env: options.env,
      onRunStarted: (runId) => execution.onScanRun(runId),
    });
    return scanOutcome(options.ws, result);
  };
}
