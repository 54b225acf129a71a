// The run figures are part of the contract every window reads; the core uses the same types.
export type { RunStatus, RuleRunStatus, ScanProgress, RuleRunResult, RunSummary } from '../../../shared/api/scans.js';
import type { RuleRunResult, RunSummary } from '../../../shared/api/scans.js';

export interface ScanResult {
  run: RunSummary;
  rules: RuleRunResult[];
  /** Incremental runs: the selected rules left out because they have no watermark column. */
  skippedRuleIds?: string[];
}
