// How a job and its executions read in the lists: plain functions so the wording is tested.
import type { JobRunView, JobView } from '../../../shared/api/jobs.js';

const TRIGGERS: Record<JobRunView['trigger'], string> = { schedule: 'on schedule', manual: 'run now', retry: 'retry' };

/** "retry (attempt 2)", "on schedule", "run now". */
export function describeTrigger(run: Pick<JobRunView, 'trigger' | 'attempt'>): string {
  const base = TRIGGERS[run.trigger];
  return run.attempt > 1 ? `${base} (attempt ${run.attempt})` : base;
}

/** "incremental (full scan daily at 03:00 UTC)" or "full scan". */
export function describeMode(job: Pick<JobView, 'incremental' | 'fullScheduleText'>): string {
  if (!job.incremental) return 'full scan';
  return job.fullScheduleText ? `incremental, full scan ${job.fullScheduleText}` : 'incremental';
}

/** "3 attempts" / "no retry". */
export function describeAttempts(maxAttempts: number): string {
  return maxAttempts <= 1 ? 'no retry' : `up to ${maxAttempts} attempts`;
}

/** The error of an execution as one line for the list: where, then what. */
export function describeRunError(error: NonNullable<JobRunView['error']>): string {
  const where = [error.ruleId && `rule ${error.ruleId}`, error.connection && `connection ${error.connection}`].filter(Boolean).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

/** True while an execution of the job is under way, so "Run now" would only be refused. */
export function isJobRunning(job: Pick<JobView, 'lastRun'>): boolean {
  return job.lastRun?.status === 'running';
}
