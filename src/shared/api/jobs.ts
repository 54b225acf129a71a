import type { ErrorCode } from '../errors.js';
import type { RuleSelection, Schedule } from '../schedule.js';

export interface JobRunView {
  id: number;
  trigger: 'schedule' | 'manual' | 'retry';
  attempt: number;
  mode: 'full' | 'incremental';
  runId: number | null;
  status: 'running' | 'completed' | 'failed' | 'interrupted' | 'skipped' | 'cancelled';
  startedAt: string;
  finishedAt: string | null;
  recordsScanned: number;
  violationsNew: number;
  error: { type: string; code: ErrorCode; message: string; ruleId?: string; connection?: string; at: string } | null;
  note: string | null;
}

export interface JobView {
  name: string;
  schedule: Schedule;
  /** The schedule in words, e.g. "every 5 minutes". */
  scheduleText: string;
  rules: RuleSelection;
  rulesText: string;
  incremental: boolean;
  fullScheduleText: string | null;
  maxAttempts: number;
  enabled: boolean;
  nextRunAt: string | null;
  lastRun: JobRunView | null;
}

export interface JobInputView {
  name: string;
  schedule: Schedule;
  rules: RuleSelection;
  incremental?: boolean;
  maxAttempts?: number;
}

export interface JobsApi {
  listJobs(args: Record<string, never>): Promise<{ jobs: JobView[]; schedulerHeldElsewhere: string | null }>;
  addJob(args: { job: JobInputView }): Promise<JobView>;
  removeJob(args: { name: string }): Promise<void>;
  /** Starts the job now whatever its schedule and returns at once; the run shows in the history. Never overlaps a running execution of the same job. */
  runJobNow(args: { name: string }): Promise<void>;
  jobHistory(args: { name: string; limit?: number }): Promise<JobRunView[]>;
}
