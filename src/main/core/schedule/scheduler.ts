import { userInfo } from 'node:os';
import { AppError, serializeError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { Workspace } from '../workspace/workspace.js';
import { outcomeError, wholeError } from './job-error.js';
import type { Job, JobRun, JobTrigger, ScanMode } from './job-types.js';
import { nextRun } from './next-run.js';
import { thisOwner } from './process-alive.js';
import { recoverInterrupted } from './recover-interrupted.js';
import type { JobOutcome, RunJob } from './run-job.js';
import { scanRunJob } from './scan-run-job.js';
import { selectJobRules } from './select-rules.js';
import type { TimerHandle, Timers } from './timers.js';
import { systemTimers } from './timers.js';
import { acquireSchedulerLock } from './workspace-lock.js';
import type { WorkspaceLock } from './workspace-lock.js';

/** What the scheduler reports as it goes, e.g. one line per execution in `monitor`. */
export type SchedulerEvent =
  | { type: 'execution.started'; job: Job; jobRun: JobRun }
  | { type: 'execution.finished'; job: Job; jobRun: JobRun };

export interface SchedulerOptions {
  ws: Workspace;
  /** Real timers by default; tests hand in manual ones so nothing waits. */
  timers?: Timers;
  /** Defaults to the timers' time. */
  clock?: () => Date;
  /** How an execution runs; by default a scan run in this process (which needs `openSource`). */
  runJob?: RunJob;
  openSource?: (config: ConnectionConfig) => Promise<Source>;
  logger?: Logger;
  /** Shown to a second scheduler that is refused, e.g. `monitor:alice`. */
  holder?: string;
  /** Take the workspace lock on start (default true). Without it, start() neither schedules nor recovers. */
  lock?: boolean;
  heartbeatMs?: number;
  /** How long stop() lets a running execution finish before cancelling it (default 30 s). */
  graceMs?: number;
  /** Jobs added by another process are noticed within this time (default 60 s). */
  pollMs?: number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface Scheduler {
  /** Takes the lock (refusing with WORKSPACE_LOCKED), marks what a crash left running as interrupted, and schedules. */
  start(): void;
  /** Stops scheduling; lets running executions (run-now ones too) finish within the grace period, then cancels them; releases the lock. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /**
   * Runs a job now whatever its schedule. When an execution of the same job is already running
   * (here or in another process) this one is not started: it is recorded `skipped` with a note
   * naming the running one, and returned at once.
   */
  runNow(name: string): Promise<JobRun>;
  /** The next time any enabled job is due (a scheduled run or a retry), ISO; null when none. */
  nextRunAt(): string | null;
  /** Re-reads the jobs and re-arms the timer, after a job was added or removed in this process. */
  refresh(): void;
  /** Settles when every execution started so far has ended. */
  idle(): Promise<void>;
  readonly started: boolean;
}

const DEFAULT_GRACE_MS = 30_000;
const DEFAULT_POLL_MS = 60_000;

interface InFlight {
  promise: Promise<JobRun>;
  controller: AbortController;
}

interface Plan {
  trigger: JobTrigger;
  attempt: number;
  scheduledFor: string | null;
  /** Rules a retry is limited to; null means the job's whole selection. */
  only: string[] | null;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function due(at: string | null, now: number): boolean {
  return at !== null && Date.parse(at) <= now;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { ws } = options;
  const timers = options.timers ?? systemTimers();
  const clock = options.clock ?? ((): Date => new Date(timers.now()));
  const log = options.logger ?? createLogger('scheduler');
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const owner = thisOwner();
  const runJob: RunJob =
    options.runJob ??
    (options.openSource
      ? scanRunJob({ ws, openSource: options.openSource })
      : async () => {
          throw new AppError('INTERNAL', 'The scheduler was created without a way to open sources.');
        });

  const inFlight = new Map<number, InFlight>();
  let lock: WorkspaceLock | null = null;
  let timer: TimerHandle | null = null;
  let started = false;
  let stopping = false;

  const iso = (): string => clock().toISOString();

  function modeFor(job: Job, now: Date): ScanMode {
    if (!job.incremental) return 'full';
    return job.nextFullAt === null || Date.parse(job.nextFullAt) <= now.getTime() ? 'full' : 'incremental';
  }

  function execute(job: Job, plan: Plan): { jobRun: JobRun; done: Promise<JobRun> } {
    const now = clock();
    const mode = modeFor(job, now);
    const claim = ws.jobs.claim(job.id, {
      trigger: plan.trigger,
      attempt: plan.attempt,
      mode,
      scheduledFor: plan.scheduledFor,
      at: now.toISOString(),
      owner,
    });
    if (!claim.claimed) {
      log.info('execution skipped: the job is still running', { job: job.name, running: claim.runningId });
      ws.audit.append({ actor: 'scheduler', action: 'job.skipped', entityType: 'job', entityId: job.id, details: { name: job.name, jobRunId: claim.run.id, trigger: plan.trigger, note: claim.run.note } });
      options.onEvent?.({ type: 'execution.finished', job, jobRun: claim.run });
      return { jobRun: claim.run, done: Promise.resolve(claim.run) };
    }
    const jobRunId = claim.run.id;
    const controller = new AbortController();
    const done = (async (): Promise<JobRun> => {
      try {
        return await perform(job, plan, mode, claim.run, controller.signal);
      } finally {
        inFlight.delete(jobRunId);
        if (started && !stopping) arm();
      }
    })();
    inFlight.set(jobRunId, { promise: done, controller });
    return { jobRun: claim.run, done };
  }

  async function perform(job: Job, plan: Plan, mode: ScanMode, jobRun: JobRun, signal: AbortSignal): Promise<JobRun> {
    const selected = selectJobRules(ws, job.rules);
    const ruleIds = (plan.only ? selected.rules.filter((r) => plan.only!.includes(r.id)) : selected.rules).map((r) => r.id);
    const notes: string[] = [];
    if (selected.skipped.length) notes.push(`Not scanned: ${selected.skipped.map((s) => `${s.id} (${s.why})`).join(', ')}.`);
    ws.audit.append({
      actor: 'scheduler',
      action: 'job.started',
      entityType: 'job',
      entityId: job.id,
      details: { name: job.name, jobRunId: jobRun.id, trigger: plan.trigger, attempt: plan.attempt, mode, rules: ruleIds },
    });
    options.onEvent?.({ type: 'execution.started', job, jobRun });

    if (ruleIds.length === 0) {
      notes.unshift('No active rule matches this job’s selection; nothing was scanned.');
      const finished = ws.jobs.finish(jobRun.id, { status: 'skipped', at: iso(), note: notes.join(' ') });
      return ended(job, finished, null);
    }

    let outcome: JobOutcome;
    try {
      outcome = await runJob({
        job,
        jobRunId: jobRun.id,
        trigger: plan.trigger,
        attempt: plan.attempt,
        mode,
        ruleIds,
        signal,
        onScanRun: (runId) => ws.jobs.linkScanRun(jobRun.id, runId),
      });
    } catch (error) {
      const serialized = serializeError(error);
      log.warn('execution failed', { job: job.name, error: serialized.message });
      outcome = { runId: null, status: serialized.code === 'CANCELLED' ? 'cancelled' : 'failed', recordsScanned: 0, violationsNew: 0, failures: [], error: serialized };
    }

    if (outcome.note) notes.push(outcome.note);
    const at = clock();
    const error = outcome.status === 'completed' ? null : (outcomeError(outcome, at.toISOString()) ?? (outcome.status === 'cancelled' ? wholeError({ code: 'CANCELLED', message: 'Cancelled: the scheduler stopped.' }, at.toISOString()) : null));
    const current = ws.jobs.getById(job.id);
    if (current) {
      if (outcome.status === 'failed' && plan.attempt < job.maxAttempts) {
        const delay = job.backoffMs * 2 ** (plan.attempt - 1);
        const retryAt = new Date(at.getTime() + delay).toISOString();
        // Only the failed rules are retried; the others' results are already committed.
        const retryRules = outcome.failures.length ? outcome.failures.map((f) => f.ruleId) : null;
        ws.jobs.setTimes(job.id, { retryAt, retryAttempt: plan.attempt + 1, retryRules });
        notes.push(`Attempt ${plan.attempt} of ${job.maxAttempts} failed; retrying ${retryRules ? retryRules.join(', ') : 'the job'} at ${retryAt}.`);
      } else {
        if (outcome.status === 'failed') notes.push(`Attempt ${plan.attempt} of ${job.maxAttempts} failed; no more retries until the next scheduled run.`);
        if (outcome.status === 'cancelled' && plan.trigger === 'retry') {
          // A retry cut short by a shutdown is still owed: it runs again at the next start.
          ws.jobs.setTimes(job.id, { retryAt: at.toISOString(), retryAttempt: plan.attempt, retryRules: plan.only });
        } else {
          ws.jobs.setTimes(job.id, { retryAt: null, retryAttempt: null, retryRules: null });
        }
      }
      // A full scan that failed stays due, so the next execution (its retry or the next run) is full again.
      if (mode === 'full' && job.incremental && outcome.status === 'completed' && job.fullSchedule) {
        ws.jobs.setTimes(job.id, { nextFullAt: nextRun(job.fullSchedule, at)?.toISOString() ?? null });
      }
    }
    const finished = ws.jobs.finish(jobRun.id, {
      status: outcome.status,
      at: at.toISOString(),
      runId: outcome.runId,
      recordsScanned: outcome.recordsScanned,
      violationsNew: outcome.violationsNew,
      error,
      note: notes.length ? notes.join(' ') : null,
    });
    return ended(job, finished, outcome.runId);
  }

  function ended(job: Job, jobRun: JobRun, runId: number | null): JobRun {
    ws.audit.append({
      actor: 'scheduler',
      action: `job.${jobRun.status}`,
      entityType: 'job',
      entityId: job.id,
      details: { name: job.name, jobRunId: jobRun.id, runId, trigger: jobRun.trigger, attempt: jobRun.attempt, recordsScanned: jobRun.recordsScanned, violationsNew: jobRun.violationsNew, error: jobRun.error, note: jobRun.note },
    });
    options.onEvent?.({ type: 'execution.finished', job, jobRun });
    return jobRun;
  }

  /** An execution a crash cut short runs again at once, as a retry of the same attempt, instead of waiting for its next time. */
  function resumeInterrupted(jobRunIds: number[]): void {
    const at = iso();
    for (const id of jobRunIds) {
      const run = ws.jobs.getRun(id);
      const job = run ? ws.jobs.getById(run.jobId) : null;
      if (!run || !job || !job.enabled || job.retryAt !== null) continue;
      ws.jobs.setTimes(job.id, { retryAt: at, retryAttempt: run.attempt, retryRules: null });
      log.info('resuming an interrupted execution', { job: job.name, jobRun: id });
    }
  }

  /** Starts every job that is due, moves its schedule on, and re-arms the timer for the next one. */
  function tick(): void {
    timer = null;
    if (!started || stopping) return;
    try {
      const now = clock();
      for (const job of ws.jobs.list()) {
        if (!job.enabled) continue;
        const scheduleDue = due(job.nextRunAt, now.getTime());
        const retryDue = due(job.retryAt, now.getTime());
        if (!scheduleDue && !retryDue) continue;
        let plan: Plan;
        if (scheduleDue) {
          // Missed occurrences (the process was down) collapse into this one execution.
          ws.jobs.setTimes(job.id, { nextRunAt: nextRun(job.schedule, now)?.toISOString() ?? null });
          plan = { trigger: 'schedule', attempt: 1, scheduledFor: job.nextRunAt, only: null };
          // A full scheduled run supersedes a pending retry of part of it.
          if (job.retryAt !== null) ws.jobs.setTimes(job.id, { retryAt: null, retryAttempt: null, retryRules: null });
        } else {
          ws.jobs.setTimes(job.id, { retryAt: null });
          plan = { trigger: 'retry', attempt: job.retryAttempt ?? 2, scheduledFor: job.retryAt, only: job.retryRules };
        }
        try {
          execute(job, plan).done.catch((error: unknown) => log.error('execution crashed', { job: job.name, error: serializeError(error).message }));
        } catch (error) {
          // One job that cannot even start (a damaged row, a busy file) does not stop the others.
          log.error('could not start an execution', { job: job.name, error: serializeError(error).message });
        }
      }
    } catch (error) {
      log.error('scheduling pass failed; trying again', { error: serializeError(error).message });
    }
    arm();
  }

  function arm(): void {
    if (timer) timers.clearTimeout(timer);
    timer = null;
    if (!started || stopping) return;
    const next = earliest();
    const now = timers.now();
    const wait = next === null ? pollMs : Math.min(pollMs, Math.max(0, Date.parse(next) - now));
    timer = timers.setTimeout(tick, wait);
  }

  function earliest(): string | null {
    let best: string | null = null;
    for (const job of ws.jobs.list()) {
      if (!job.enabled) continue;
      for (const at of [job.nextRunAt, job.retryAt]) {
        if (at !== null && (best === null || Date.parse(at) < Date.parse(best))) best = at;
      }
    }
    return best;
  }

  const scheduler: Scheduler = {
    get started() {
      return started;
    },
    start() {
      if (started) return;
      if (options.lock !== false) {
        lock = acquireSchedulerLock(ws, {
          holder: options.holder ?? `scheduler:${safeUser()}`,
          heartbeatMs: options.heartbeatMs,
          timers,
          onLost: (by) => {
            log.error('another process took the scheduler over; stopping here', { by });
            void scheduler.stop({ graceMs: 0 });
          },
        });
        const recovered = recoverInterrupted(ws, iso());
        resumeInterrupted(recovered.jobRuns);
        ws.audit.append({
          actor: 'scheduler',
          action: 'scheduler.started',
          entityType: 'workspace',
          entityId: null,
          details: { holder: options.holder ?? null, pid: owner.pid, host: owner.host, tookOverFrom: lock.recovered, interrupted: recovered },
        });
      }
      started = true;
      stopping = false;
      tick();
    },
    async stop(stopOptions = {}) {
      // Not started: still cancels a run-now in progress.
      if (!started && inFlight.size === 0) return;
      stopping = true;
      if (timer) timers.clearTimeout(timer);
      timer = null;
      const running = [...inFlight.values()];
      if (running.length) {
        const grace = stopOptions.graceMs ?? graceMs;
        let graceTimer: TimerHandle | null = null;
        const allDone = Promise.allSettled(running.map((r) => r.promise)).then(() => 'done' as const);
        const expired = new Promise<'expired'>((resolve) => {
          graceTimer = timers.setTimeout(() => resolve('expired'), grace);
        });
        const first = await Promise.race([allDone, expired]);
        if (graceTimer) timers.clearTimeout(graceTimer);
        if (first === 'expired') {
          log.warn('cancelling running executions after the grace period', { count: running.length, graceMs: grace });
          for (const r of running) r.controller.abort();
          await allDone;
        }
      }
      started = false;
      if (lock) {
        ws.audit.append({ actor: 'scheduler', action: 'scheduler.stopped', entityType: 'workspace', entityId: null, details: { pid: owner.pid, host: owner.host } });
        lock.release();
        lock = null;
      }
    },
    async runNow(name) {
      const job = ws.jobs.get(name);
      if (!job) throw new AppError('NOT_FOUND', `There is no job "${name}". See the jobs with: job list`);
      return execute(job, { trigger: 'manual', attempt: 1, scheduledFor: null, only: null }).done;
    },
    nextRunAt: () => earliest(),
    refresh() {
      if (started && !stopping) tick();
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight.values()].map((r) => r.promise));
    },
  };
  return scheduler;
}
