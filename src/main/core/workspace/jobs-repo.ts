import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Job, JobInput, JobRun, JobRunError, JobRunStatus, JobTrigger, ScanMode } from '../schedule/job-types.js';
import { nextRun } from '../schedule/next-run.js';
import { ownerGone } from '../schedule/process-alive.js';
import { DEFAULT_FULL_SCHEDULE, DEFAULT_SCHEDULE, ruleSelectionSchema, scheduleSchema } from '../schedule/schedule.js';
import type { Schedule } from '../schedule/schedule.js';
import type { Clock } from './clock.js';
import { isUniqueViolation } from './sqlite-errors.js';

/** What the scheduler moves forward after each execution. */
export interface JobTimes {
  nextRunAt?: string | null;
  nextFullAt?: string | null;
  retryAt?: string | null;
  retryAttempt?: number | null;
  retryRules?: string[] | null;
}

export interface ClaimRequest {
  trigger: JobTrigger;
  attempt: number;
  mode: ScanMode;
  scheduledFor: string | null;
  at: string;
  owner: { pid: number; host: string };
}

/** Either this caller now owns a `running` execution, or one was already running and a `skipped` row says so. */
export type ClaimResult = { claimed: true; run: JobRun } | { claimed: false; run: JobRun; runningId: number };

export interface JobRunFinish {
  status: Exclude<JobRunStatus, 'running'>;
  at: string;
  runId?: number | null;
  recordsScanned?: number;
  violationsNew?: number;
  error?: JobRunError | null;
  note?: string | null;
}

export interface JobsRepo {
  /** Validates and stores a job; its first run is the schedule's next time after `now`. */
  add(input: JobInput, actor: string, now?: Date): Job;
  get(name: string): Job | null;
  getById(id: string): Job | null;
  /** By name. */
  list(): Job[];
  /** Removes the job and its history (the audit trail and the scan runs stay). */
  remove(name: string, actor: string): void;
  setTimes(id: string, times: JobTimes): void;
  /**
   * Starts an execution unless another one of the same job is running in a live process, in one
   * IMMEDIATE transaction so two processes cannot both start it. A `running` row whose process is
   * gone is marked `interrupted` on the way.
   */
  claim(jobId: string, request: ClaimRequest): ClaimResult;
  /** Links the execution to its scan run as soon as the run exists, so a crash leaves the link behind. */
  linkScanRun(jobRunId: number, runId: number): void;
  /** Records the end of an execution; when the job was removed meanwhile, returns the outcome without storing it. */
  finish(jobRunId: number, result: JobRunFinish): JobRun;
  getRun(jobRunId: number): JobRun | null;
  /** Newest first. */
  history(jobId: string, limit?: number): JobRun[];
  /** Executions marked running, oldest first. */
  running(): JobRun[];
}

interface JobRow {
  id: string;
  name: string;
  schedule: string;
  rules: string;
  incremental: number;
  full_schedule: string | null;
  max_attempts: number;
  backoff_ms: number;
  enabled: number;
  next_run_at: string | null;
  next_full_at: string | null;
  retry_at: string | null;
  retry_attempt: number | null;
  retry_rules: string | null;
  created_at: string;
  updated_at: string;
}

interface JobRunRow {
  id: number;
  job_id: string;
  trigger: JobTrigger;
  attempt: number;
  mode: ScanMode;
  run_id: number | null;
  status: JobRunStatus;
  scheduled_for: string | null;
  started_at: string;
  finished_at: string | null;
  records_scanned: number;
  violations_new: number;
  error: string | null;
  note: string | null;
  owner_pid: number | null;
  owner_host: string | null;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function damaged(name: string, what: string): AppError {
  return new AppError('WORKSPACE_INVALID', `The stored ${what} of job "${name}" is damaged; remove the job and add it again.`, { job: name });
}

function toJob(row: JobRow): Job {
  const parse = <T>(text: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, what: string): T => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw damaged(row.name, what);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw damaged(row.name, what);
    return parsed.data as T;
  };
  return {
    id: row.id,
    name: row.name,
    schedule: parse(row.schedule, scheduleSchema, 'schedule'),
    rules: parse(row.rules, ruleSelectionSchema, 'rule selection'),
    incremental: row.incremental === 1,
    fullSchedule: row.full_schedule === null ? null : parse(row.full_schedule, scheduleSchema, 'full-scan schedule'),
    maxAttempts: row.max_attempts,
    backoffMs: row.backoff_ms,
    enabled: row.enabled === 1,
    nextRunAt: row.next_run_at,
    nextFullAt: row.next_full_at,
    retryAt: row.retry_at,
    retryAttempt: row.retry_attempt,
    retryRules: row.retry_rules === null ? null : (JSON.parse(row.retry_rules) as string[]),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRun(row: JobRunRow): JobRun {
  let error: JobRunError | null = null;
  if (row.error !== null) {
    try {
      error = JSON.parse(row.error) as JobRunError;
    } catch {
      error = { type: 'internal', code: 'INTERNAL', message: row.error, at: row.finished_at ?? row.started_at };
    }
  }
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    attempt: row.attempt,
    mode: row.mode,
    runId: row.run_id,
    status: row.status,
    scheduledFor: row.scheduled_for,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recordsScanned: row.records_scanned,
    violationsNew: row.violations_new,
    error,
    note: row.note,
  };
}

function invalid(what: string, issue: { path: PropertyKey[]; message: string } | undefined): AppError {
  const field = issue?.path.map(String).join('.') ?? '';
  return new AppError('INVALID_INPUT', `Invalid ${what}: ${field ? `${field} ` : ''}${issue?.message ?? 'is not valid'}.`, { field });
}

function checkSchedule(value: unknown, what: string): Schedule {
  const parsed = scheduleSchema.safeParse(value);
  if (!parsed.success) throw invalid(what, parsed.error.issues[0]);
  // A cron expression must also parse and fire at least once more.
  if (parsed.data.kind === 'cron' && nextRun(parsed.data, new Date()) === null) {
    throw new AppError('INVALID_INPUT', `The cron expression "${parsed.data.expression}" never fires again; check the day and month fields.`);
  }
  return parsed.data;
}

export function createJobsRepo(db: Database.Database, audit: AuditLog, clock: Clock): JobsRepo {
  const byName = db.prepare('SELECT * FROM jobs WHERE name = ?');
  const byId = db.prepare('SELECT * FROM jobs WHERE id = ?');
  const all = db.prepare('SELECT * FROM jobs ORDER BY name');
  const insert = db.prepare(
    `INSERT INTO jobs (id, name, schedule, rules, incremental, full_schedule, max_attempts, backoff_ms, enabled, next_run_at, next_full_at, created_at, updated_at)
     VALUES (@id, @name, @schedule, @rules, @incremental, @full_schedule, @max_attempts, @backoff_ms, @enabled, @next_run_at, @next_full_at, @at, @at)`,
  );
  const deleteJob = db.prepare('DELETE FROM jobs WHERE id = ?');
  const runById = db.prepare('SELECT * FROM job_runs WHERE id = ?');
  const runningOf = db.prepare(`SELECT * FROM job_runs WHERE job_id = ? AND status = 'running' ORDER BY id`);
  const allRunning = db.prepare(`SELECT * FROM job_runs WHERE status = 'running' ORDER BY id`);
  const insertRun = db.prepare(
    `INSERT INTO job_runs (job_id, trigger, attempt, mode, status, scheduled_for, started_at, finished_at, note, owner_pid, owner_host)
     VALUES (@job_id, @trigger, @attempt, @mode, @status, @scheduled_for, @at, @finished_at, @note, @pid, @host)`,
  );
  const interrupt = db.prepare(`UPDATE job_runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND status = 'running'`);
  const link = db.prepare('UPDATE job_runs SET run_id = ? WHERE id = ?');
  const finishRun = db.prepare(
    `UPDATE job_runs SET status = @status, finished_at = @at, run_id = COALESCE(@run_id, run_id), records_scanned = @records_scanned,
       violations_new = @violations_new, error = @error, note = COALESCE(@note, note) WHERE id = @id`,
  );
  const historyOf = db.prepare('SELECT * FROM job_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?');

  const mustGetById = (id: string): Job => {
    const row = byId.get(id) as JobRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no job with id ${id}. See the jobs with: job list`);
    return toJob(row);
  };

  const claim = db.transaction((jobId: string, request: ClaimRequest): ClaimResult => {
    for (const row of runningOf.all(jobId) as JobRunRow[]) {
      if (ownerGone(row.owner_pid, row.owner_host)) {
        const error: JobRunError = { type: 'interrupted', code: 'INTERNAL', message: `The process running this execution (pid ${row.owner_pid}) stopped before it finished.`, at: request.at };
        interrupt.run(request.at, JSON.stringify(error), row.id);
        continue;
      }
      const note = `Skipped: execution #${row.id} of this job (started ${row.started_at} by pid ${row.owner_pid} on ${row.owner_host}) was still running.`;
      const info = insertRun.run({
        job_id: jobId,
        trigger: request.trigger,
        attempt: request.attempt,
        mode: request.mode,
        status: 'skipped',
        scheduled_for: request.scheduledFor,
        at: request.at,
        finished_at: request.at,
        note,
        pid: request.owner.pid,
        host: request.owner.host,
      });
      return { claimed: false, run: toRun(runById.get(Number(info.lastInsertRowid)) as JobRunRow), runningId: row.id };
    }
    const info = insertRun.run({
      job_id: jobId,
      trigger: request.trigger,
      attempt: request.attempt,
      mode: request.mode,
      status: 'running',
      scheduled_for: request.scheduledFor,
      at: request.at,
      finished_at: null,
      note: null,
      pid: request.owner.pid,
      host: request.owner.host,
    });
    return { claimed: true, run: toRun(runById.get(Number(info.lastInsertRowid)) as JobRunRow) };
  });

  return {
    add(input, actor, now = new Date(clock())) {
      if (!NAME_PATTERN.test(input.name)) {
        throw new AppError('INVALID_INPUT', `"${input.name}" cannot name a job: use letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit.`);
      }
      const schedule = checkSchedule(input.schedule ?? DEFAULT_SCHEDULE, 'schedule');
      const selection = ruleSelectionSchema.safeParse(input.rules ?? { kind: 'all-active' });
      if (!selection.success) throw invalid('rule selection', selection.error.issues[0]);
      const incremental = input.incremental ?? false;
      const fullSchedule = incremental ? checkSchedule(input.fullSchedule ?? DEFAULT_FULL_SCHEDULE, 'full-scan schedule') : null;
      if (!incremental && input.fullSchedule) {
        throw new AppError('INVALID_INPUT', 'A full-scan schedule only applies to an incremental job: add --incremental, or leave out the full-scan schedule.');
      }
      const maxAttempts = input.maxAttempts ?? 3;
      const backoffMs = input.backoffMs ?? 30_000;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
        throw new AppError('INVALID_INPUT', `Attempts must be a whole number from 1 to 20, not ${maxAttempts}.`);
      }
      if (!Number.isInteger(backoffMs) || backoffMs < 0 || backoffMs > 86_400_000) {
        throw new AppError('INVALID_INPUT', `The retry backoff must be from 0 to 86400 seconds, not ${backoffMs / 1000}.`);
      }
      const id = randomUUID();
      const at = clock();
      const nextRunAt = nextRun(schedule, now)?.toISOString() ?? null;
      const nextFullAt = fullSchedule ? (nextRun(fullSchedule, now)?.toISOString() ?? null) : null;
      db.transaction(() => {
        try {
          insert.run({
            id,
            name: input.name,
            schedule: JSON.stringify(schedule),
            rules: JSON.stringify(selection.data),
            incremental: incremental ? 1 : 0,
            full_schedule: fullSchedule ? JSON.stringify(fullSchedule) : null,
            max_attempts: maxAttempts,
            backoff_ms: backoffMs,
            enabled: input.enabled === false ? 0 : 1,
            next_run_at: nextRunAt,
            next_full_at: nextFullAt,
            at,
          });
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError('ALREADY_EXISTS', `A job named "${input.name}" already exists; remove it first (job remove ${input.name}) or choose another name.`);
          }
          throw error;
        }
        audit.append({
          actor,
          action: 'job.added',
          entityType: 'job',
          entityId: id,
          details: { name: input.name, schedule, rules: selection.data, incremental, fullSchedule, maxAttempts, backoffMs },
        });
      })();
      return mustGetById(id);
    },
    get(name) {
      const row = byName.get(name) as JobRow | undefined;
      return row ? toJob(row) : null;
    },
    getById(id) {
      const row = byId.get(id) as JobRow | undefined;
      return row ? toJob(row) : null;
    },
    list: () => (all.all() as JobRow[]).map(toJob),
    remove(name, actor) {
      const row = byName.get(name) as JobRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', `There is no job "${name}". See the jobs with: job list`);
      db.transaction(() => {
        deleteJob.run(row.id);
        audit.append({ actor, action: 'job.removed', entityType: 'job', entityId: row.id, details: { name } });
      })();
    },
    setTimes(id, times) {
      const columns: Array<[keyof JobTimes, string]> = [
        ['nextRunAt', 'next_run_at'],
        ['nextFullAt', 'next_full_at'],
        ['retryAt', 'retry_at'],
        ['retryAttempt', 'retry_attempt'],
        ['retryRules', 'retry_rules'],
      ];
      const set = columns.filter(([key]) => times[key] !== undefined);
      if (set.length === 0) return;
      const values = set.map(([key]) => {
        const value = times[key];
        return Array.isArray(value) ? JSON.stringify(value) : (value ?? null);
      });
      // Column names come from the fixed list above, never from the caller.
      db.prepare(`UPDATE jobs SET ${set.map(([, column]) => `${column} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...values, clock(), id);
    },
    claim: (jobId, request) => {
      mustGetById(jobId);
      return claim.immediate(jobId, request);
    },
    linkScanRun(jobRunId, runId) {
      link.run(runId, jobRunId);
    },
    finish(jobRunId, result) {
      finishRun.run({
        id: jobRunId,
        status: result.status,
        at: result.at,
        run_id: result.runId ?? null,
        records_scanned: result.recordsScanned ?? 0,
        violations_new: result.violationsNew ?? 0,
        error: result.error ? JSON.stringify(result.error) : null,
        note: result.note ?? null,
      });
      const row = runById.get(jobRunId) as JobRunRow | undefined;
      if (row) return toRun(row);
      // The job was removed while it ran (its history with it): report the outcome all the same.
      return {
        id: jobRunId, jobId: '', trigger: 'manual', attempt: 1, mode: 'full', runId: result.runId ?? null, status: result.status,
        scheduledFor: null, startedAt: result.at, finishedAt: result.at, recordsScanned: result.recordsScanned ?? 0,
        violationsNew: result.violationsNew ?? 0, error: result.error ?? null, note: result.note ?? null,
      };
    },
    getRun(jobRunId) {
      const row = runById.get(jobRunId) as JobRunRow | undefined;
      return row ? toRun(row) : null;
    },
    history: (jobId, limit = 20) => (historyOf.all(jobId, Math.max(1, Math.floor(limit))) as JobRunRow[]).map(toRun),
    running: () => (allRunning.all() as JobRunRow[]).map(toRun),
  };
}
