import type { SerializedError } from '../../../shared/errors.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted' | 'cancelled';
export type RuleRunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface ScanProgress {
  runId: number;
  ruleIndex: number;
  ruleCount: number;
  ruleId: string;
  phase: 'counting' | 'streaming' | 'resolving' | 'done';
  rowsStreamed: number;
  elapsedMs: number;
}

export interface RuleRunResult {
  id: string;
  status: RuleRunStatus;
  recordsScanned: number;
  recordsInScope: number;
  violationsFound: number;
  violationsOpen: number;
  violationsNew: number;
  resolved: number;
  durationMs: number;
  error: SerializedError | null;
}

export interface RunSummary {
  id: number;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  asOf: string;
  recordsScanned: number;
  violationsNew: number;
  violationsOpen: number;
  violationsResolved: number;
  durationMs: number | null;
  error: string | null;
}

export interface ScanResult {
  run: RunSummary;
  rules: RuleRunResult[];
}
