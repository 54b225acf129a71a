import type { JobRunView, JobsApi, JobView } from '../../../shared/api/jobs.js';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import { describeSchedule, describeSelection } from '../schedule/describe-schedule.js';
import type { Job, JobRun } from '../schedule/job-types.js';
import { createScheduler, type SchedulerOptions } from '../schedule/scheduler.js';
import { workerRunJob } from '../schedule/scan-run-job.js';
import type { ApiContext } from './api-context.js';

const log = createLogger('jobs-api');

function runView(run: JobRun): JobRunView {
  return {
    id: run.id,
    trigger: run.trigger,
    attempt: run.attempt,
    mode: run.mode,
    runId: run.runId,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    recordsScanned: run.recordsScanned,
    violationsNew: run.violationsNew,
    error: run.error ? { type: run.error.type, code: run.error.code, message: run.error.message, ruleId: run.error.ruleId, connection: run.error.connection, at: run.error.at } : null,
    note: run.note,
  };
}

function jobView(job: Job, lastRun: JobRun | undefined): JobView {
  return {
    name: job.name,
    schedule: job.schedule,
    scheduleText: describeSchedule(job.schedule),
    rules: job.rules,
    rulesText: describeSelection(job.rules),
    incremental: job.incremental,
    fullScheduleText: job.fullSchedule ? describeSchedule(job.fullSchedule) : null,
    maxAttempts: job.maxAttempts,
    enabled: job.enabled,
    nextRunAt: job.retryAt && (!job.nextRunAt || job.retryAt < job.nextRunAt) ? job.retryAt : job.nextRunAt,
    lastRun: lastRun ? runView(lastRun) : null,
  };
}

export interface JobsApiOptions {
  /** How "run now" executes; defaults to a scan in a worker thread. Tests run in-process. */
  runJob?: SchedulerOptions['runJob'];
}

/**
 * Monitoring jobs from a window. "Run now" goes through a scheduler of its own without the lock:
 * the no-overlap check is a database transaction, so it holds against the scheduler of this or
 * any other process.
 */
export function createJobsApi(ctx: ApiContext, options: JobsApiOptions = {}): JobsApi & { dispose(): Promise<void> } {
  const { ws } = ctx;
  const running = new Set<Promise<unknown>>();
  const mustGet = (name: string): Job => {
    const job = ws.jobs.get(name);
    if (!job) throw new AppError('NOT_FOUND', `There is no job named "${name}".`);
    return job;
  };
  const changed = () => {
    ctx.scheduler?.refresh();
    ctx.emit({ type: 'data.changed', what: 'runs' });
  };

  return {
    async listJobs() {
      const jobs = ws.jobs.list().map((job) => jobView(job, ws.jobs.history(job.id, 1)[0]));
      return { jobs, schedulerHeldElsewhere: ctx.scheduler?.heldElsewhere() ?? null };
    },
    async addJob({ job }) {
      const added = ws.jobs.add(
        { name: job.name, schedule: job.schedule, rules: job.rules, incremental: job.incremental ?? false, maxAttempts: job.maxAttempts },
        ctx.actor,
        new Date(ws.now()),
      );
      changed();
      return jobView(added, undefined);
    },
    async removeJob({ name }) {
      mustGet(name);
      ws.jobs.remove(name, ctx.actor);
      changed();
    },
    async runJobNow({ name }) {
      const job = mustGet(name);
      const scheduler = createScheduler({ ws, openSource: ctx.openSource, lock: false, runJob: options.runJob ?? workerRunJob({ ws, env: ctx.env }) });
      const done = scheduler
        .runNow(job.name)
        .catch((error: unknown) => log.warn('a manual job run failed', { job: job.name, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          running.delete(done);
          ctx.emit({ type: 'data.changed', what: 'runs' });
          ctx.emit({ type: 'data.changed', what: 'violations' });
        });
      running.add(done);
      ctx.emit({ type: 'data.changed', what: 'runs' });
    },
    async jobHistory({ name, limit }) {
      const job = mustGet(name);
      return ws.jobs.history(job.id, Math.min(Math.max(limit ?? 50, 1), 500)).map(runView);
    },
    async dispose() {
      await Promise.allSettled([...running]);
    },
  };
}
