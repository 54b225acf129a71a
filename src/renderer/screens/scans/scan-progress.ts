import type { ApiEvent } from '../../../shared/api.js';
import type { RunSummary, ScanProgress } from '../../../shared/api/scans.js';

/** What the window knows about the scan in progress (or the one that just ended). */
export interface ActiveScan {
  runId: number;
  ruleCount: number;
  progress: ScanProgress | null;
  /** Set once the scan ended. */
  finished: RunSummary | null;
  cancelling: boolean;
  /** How many progress events this run has had: the window shows it, so a test can tell progress was drawn. */
  updates: number;
}

const PHASE_SHARE: Record<ScanProgress['phase'], number> = { counting: 0.05, streaming: 0.5, resolving: 0.9, done: 1 };

/** Folds one core event into the active-scan state; events of other runs or kinds leave it unchanged. */
export function reduceScanEvent(state: ActiveScan | null, event: ApiEvent): ActiveScan | null {
  switch (event.type) {
    case 'scan.started':
      return { runId: event.runId, ruleCount: event.ruleCount, progress: null, finished: null, cancelling: false, updates: 0 };
    case 'scan.progress':
      if (state && state.runId !== event.progress.runId) return state;
      // A rule finishes while the next one reads: its late "done" must not move the bar back.
      if (state?.progress && state.progress.runId === event.progress.runId && event.progress.ruleIndex < state.progress.ruleIndex) return state;
      return {
        runId: event.progress.runId,
        ruleCount: event.progress.ruleCount,
        progress: event.progress,
        finished: null,
        cancelling: state?.cancelling ?? false,
        updates: (state?.updates ?? 0) + 1,
      };
    case 'scan.finished':
      if (state && state.runId !== event.run.id) return state;
      return { runId: event.run.id, ruleCount: state?.ruleCount ?? 0, progress: state?.progress ?? null, finished: event.run, cancelling: false, updates: state?.updates ?? 0 };
    default:
      return state;
  }
}

/** 0…1: whole rules done, plus a share of the current rule by its phase. `ruleIndex` counts from 0. */
export function scanFraction(scan: ActiveScan): number {
  if (scan.finished) return 1;
  const p = scan.progress;
  if (!p || p.ruleCount === 0) return 0;
  const done = Math.max(0, p.ruleIndex) + PHASE_SHARE[p.phase];
  return Math.min(1, done / p.ruleCount);
}

/** "Rule 3 of 8 · expense-receipt · streaming · 12,000 rows" */
export function describeProgress(scan: ActiveScan): string {
  const p = scan.progress;
  if (scan.finished) return `Run ${scan.finished.id} ${scan.finished.status}`;
  if (!p) return `Run ${scan.runId}: starting ${scan.ruleCount} rule${scan.ruleCount === 1 ? '' : 's'}…`;
  return `Rule ${p.ruleIndex + 1} of ${p.ruleCount} · ${p.ruleId} · ${p.phase} · ${p.rowsStreamed.toLocaleString('en-US')} rows`;
}
