import { createLogger } from '../logger.js';
import { markInterruptedRuns } from '../scan/mark-interrupted.js';
import type { Workspace } from '../workspace/workspace.js';
import type { JobRunError } from './job-types.js';
import { ownerGone } from './process-alive.js';

const log = createLogger('recover');

export const INTERRUPTED_MESSAGE = 'The process running this scan stopped before it finished (it crashed, was killed or the machine shut down).';

export interface RecoveredRuns {
  jobRuns: number[];
  scanRuns: number[];
}

/**
 * Marks what a stopped process left `running` as `interrupted`: job executions whose process is
 * gone, and the scan runs left running. Call it only while holding the scheduler lock. A scan
 * started by another live process outside any job (a CLI `scan`) would be marked too; its own end
 * writes its final status over the mark.
 */
export function recoverInterrupted(ws: Workspace, at: string): RecoveredRuns {
  return ws.db.transaction((): RecoveredRuns => {
    const jobRuns: number[] = [];
    const liveScanRuns = new Set<number>();
    for (const run of ws.db.prepare(`SELECT id, run_id, owner_pid, owner_host FROM job_runs WHERE status = 'running'`).all() as Array<{ id: number; run_id: number | null; owner_pid: number | null; owner_host: string | null }>) {
      if (!ownerGone(run.owner_pid, run.owner_host)) {
        if (run.run_id !== null) liveScanRuns.add(run.run_id);
        continue;
      }
      const error: JobRunError = { type: 'interrupted', code: 'INTERNAL', message: INTERRUPTED_MESSAGE, at };
      ws.jobs.finish(run.id, { status: 'interrupted', at, runId: run.run_id, error, note: `Process ${run.owner_pid} on ${run.owner_host} is gone.` });
      jobRuns.push(run.id);
    }
    // Scan runs: marked with the figures of what they committed. Not while a live execution elsewhere
    // still runs one (a run-now in another process): the next start, with nothing live, marks them.
    const scanRuns = liveScanRuns.size === 0 ? markInterruptedRuns(ws, at) : [];
    if (jobRuns.length || scanRuns.length) {
      log.warn('marked interrupted work', { jobRuns, scanRuns });
      ws.audit.append({ actor: 'scheduler', action: 'runs.interrupted', entityType: 'run', entityId: null, details: { jobRuns, scanRuns, reason: INTERRUPTED_MESSAGE } });
    }
    return { jobRuns, scanRuns };
  })();
}
