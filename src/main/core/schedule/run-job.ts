import type { SerializedError } from '../../../shared/errors.js';
import type { Job, JobTrigger, ScanMode } from './job-types.js';

/** One execution the scheduler hands to whatever runs scans. */
export interface JobExecution {
  job: Job;
  jobRunId: number;
  trigger: JobTrigger;
  attempt: number;
  mode: ScanMode;
  /** The active rules to scan: the job's selection, or on a retry only the rules that failed. Never empty. */
  ruleIds: string[];
  /** Aborted when the scheduler stops and the grace period is over. */
  signal: AbortSignal;
  /** Call as soon as the scan run exists, so a crash leaves the execution linked to it. */
  onScanRun(runId: number): void;
}

export interface RuleFailure {
  ruleId: string;
  connection?: string;
  error: SerializedError;
}

export interface JobOutcome {
  runId: number | null;
  status: 'completed' | 'failed' | 'cancelled';
  recordsScanned: number;
  violationsNew: number;
  /** The rules that failed; a failed outcome without any means the whole execution failed. */
  failures: RuleFailure[];
  /** Why the whole execution failed, when it was not one rule. */
  error?: SerializedError;
  /** Anything the history should say about this execution. */
  note?: string;
}

/** Runs one execution; throwing counts as a failure of the whole execution. */
export type RunJob = (execution: JobExecution) => Promise<JobOutcome>;
