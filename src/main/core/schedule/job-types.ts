import type { ErrorCode } from '../../../shared/errors.js';
import type { RuleSelection, Schedule } from './schedule.js';

/** A persisted monitoring job. Times are ISO-8601 UTC. */
export interface Job {
  id: string;
  name: string;
  schedule: Schedule;
  rules: RuleSelection;
  incremental: boolean;
  /** When an incremental job re-checks everything (and resolves what was fixed); null when not incremental. */
  fullSchedule: Schedule | null;
  maxAttempts: number;
  backoffMs: number;
  enabled: boolean;
  nextRunAt: string | null;
  nextFullAt: string | null;
  /** A failed execution waiting for its retry: when, which attempt, and the rules that failed. */
  retryAt: string | null;
  retryAttempt: number | null;
  retryRules: string[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobInput {
  name: string;
  schedule?: Schedule;
  rules?: RuleSelection;
  incremental?: boolean;
  fullSchedule?: Schedule | null;
  maxAttempts?: number;
  backoffMs?: number;
  enabled?: boolean;
}

export const JOB_TRIGGERS = ['schedule', 'manual', 'retry'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export const JOB_RUN_STATUSES = ['running', 'completed', 'failed', 'interrupted', 'skipped', 'cancelled'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export type ScanMode = 'full' | 'incremental';

/** Why an execution failed, in full: what kind of failure, the error, and where. */
export interface JobRunError {
  /** `source`: a database could not be reached or answered with an error; `rule`: a rule failed; `interrupted`: the process stopped; `internal`: anything else. */
  type: 'source' | 'rule' | 'interrupted' | 'cancelled' | 'internal';
  code: ErrorCode;
  message: string;
  ruleId?: string;
  connection?: string;
  at: string;
  /** Every failed rule when more than one failed. */
  failures?: Array<{ ruleId: string; connection?: string; code: ErrorCode; message: string }>;
}

/** One execution of a job, as the history shows it. */
export interface JobRun {
  id: number;
  jobId: string;
  trigger: JobTrigger;
  attempt: number;
  mode: ScanMode;
  /** The scan run, once it started. */
  runId: number | null;
  status: JobRunStatus;
  scheduledFor: string | null;
  startedAt: string;
  finishedAt: string | null;
  recordsScanned: number;
  violationsNew: number;
  error: JobRunError | null;
  note: string | null;
}
