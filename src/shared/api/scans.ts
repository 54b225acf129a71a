import type { SerializedError } from '../errors.js';

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
  /**
   * A rule that reads several places (its target and its mappings): the figures of each, in the
   * rule's order; the rule's own figures are their sums. Absent for a rule with one place.
   */
  mappings?: MappingRunResult[];
}

/** One place of a multi-mapping rule in a run. */
export interface MappingRunResult {
  /** 0: the rule's target; 1..: its further mappings, in order. */
  mapping: number;
  connection: string;
  /** The table, or `query` for a custom query. */
  table: string;
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

/** One rule's figures in a run, with the title the rule has now (or null if it is gone). */
export interface RunRuleView extends RuleRunResult {
  ruleVersion: number;
  title: string | null;
}

export interface RunDetail {
  run: RunSummary;
  rules: RunRuleView[];
}

export interface ScansApi {
  /** Starts a run of the given rules (all active ones when omitted) and returns at once; progress arrives as events. */
  startScan(args: { ruleIds?: string[] }): Promise<{ runId: number }>;
  /** Asks a running scan to stop; it ends `cancelled` after the current batch. */
  cancelScan(args: { runId: number }): Promise<void>;
  /** The scan in progress, with its last progress, so a reloaded window can pick it up. */
  activeScan(args: Record<string, never>): Promise<{ runId: number; progress: ScanProgress | null } | null>;
  /** Newest first. */
  listRuns(args: { limit?: number; offset?: number }): Promise<{ runs: RunSummary[]; total: number }>;
  getRun(args: { id: number }): Promise<RunDetail>;
}
