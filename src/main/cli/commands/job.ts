import { AppError } from '../../../shared/errors.js';
import { describeSchedule, describeSelection } from '../../core/schedule/describe-schedule.js';
import type { Job, JobRun } from '../../core/schedule/job-types.js';
import { parseRuleSelection, parseWeekday } from '../../core/schedule/parse-words.js';
import type { Schedule } from '../../core/schedule/schedule.js';
import { createScheduler } from '../../core/schedule/scheduler.js';
import { expectOnly, flag, intFlag, type ParsedArgs } from '../args.js';
import type { CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { table } from '../output.js';

const SCHEDULE_FLAGS = ['every', 'hourly', 'daily', 'weekly', 'monthly', 'cron'] as const;
const ADD_USAGE =
  'Usage: job add NAME [--every N | --hourly [MIN] | --daily HH:MM | --weekly DAY HH:MM | --monthly D HH:MM | --cron EXPR] ' +
  '[--rules all|policy:ID|tag:T|ID,ID] [--incremental] [--full-daily HH:MM] [--attempts N] [--backoff-seconds N]';

function wholeNumber(text: string | undefined, what: string, min: number, max: number): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new AppError('INVALID_INPUT', `${what} must be a whole number from ${min} to ${max}, not "${text ?? ''}".`);
  }
  return n;
}

/** The schedule flags; `--weekly` and `--monthly` take their time as the next word, `--hourly` an optional minute. */
function scheduleFrom(args: ParsedArgs): Schedule | undefined {
  const given = SCHEDULE_FLAGS.filter((name) => args.flags.has(name) || args.switches.has(name));
  if (given.length > 1) throw new AppError('INVALID_INPUT', `Give one schedule, not ${given.map((g) => `--${g}`).join(' and ')}.`);
  const extra = args.positional.slice(2);
  const time = (): string => {
    if (extra.length !== 1) throw new AppError('INVALID_INPUT', `--${given[0]} needs a time after it, e.g. --weekly mon 09:00 or --monthly 1 06:30 (UTC).`);
    return extra[0]!;
  };
  if (given.length === 0 || (given[0] !== 'hourly' && given[0] !== 'weekly' && given[0] !== 'monthly')) {
    if (extra.length) throw new AppError('INVALID_INPUT', `Unexpected "${extra.join(' ')}". ${ADD_USAGE}`);
  }
  switch (given[0]) {
    case undefined:
      return undefined;
    case 'every':
      return { kind: 'every', minutes: wholeNumber(flag(args, 'every'), '--every (minutes)', 1, 10_080) };
    case 'hourly': {
      const minute = flag(args, 'hourly') ?? extra[0];
      if (extra.length > 1) throw new AppError('INVALID_INPUT', `Unexpected "${extra.slice(1).join(' ')}". ${ADD_USAGE}`);
      return { kind: 'hourly', minute: minute === undefined ? 0 : wholeNumber(minute, '--hourly (the minute)', 0, 59) };
    }
    case 'daily':
      return { kind: 'daily', at: flag(args, 'daily')! };
    case 'weekly':
      return { kind: 'weekly', day: parseWeekday(flag(args, 'weekly')!), at: time() };
    case 'monthly':
      return { kind: 'monthly', day: wholeNumber(flag(args, 'monthly'), '--monthly (the day of the month)', 1, 31), at: time() };
    case 'cron':
      return { kind: 'cron', expression: flag(args, 'cron')! };
    default: {
      const unhandled: never = given[0];
      throw new Error(`unknown schedule flag ${String(unhandled)}`);
    }
  }
}

function jobView(job: Job, last: JobRun | null) {
  return {
    name: job.name,
    id: job.id,
    schedule: job.schedule,
    scheduleText: describeSchedule(job.schedule),
    rules: job.rules,
    rulesText: describeSelection(job.rules),
    incremental: job.incremental,
    fullSchedule: job.fullSchedule,
    maxAttempts: job.maxAttempts,
    backoffMs: job.backoffMs,
    enabled: job.enabled,
    nextRunAt: job.nextRunAt,
    nextFullAt: job.nextFullAt,
    retryAt: job.retryAt,
    lastRun: last ? { id: last.id, status: last.status, trigger: last.trigger, startedAt: last.startedAt, finishedAt: last.finishedAt } : null,
  };
}

export function runLine(run: JobRun): string {
  const figures = run.status === 'skipped' ? '' : ` ${run.recordsScanned} records, ${run.violationsNew} new violations.`;
  const error = run.error ? ` Error: ${run.error.message}` : '';
  const note = run.note ? ` ${run.note}` : '';
  return `Execution #${run.id} (${run.trigger}, attempt ${run.attempt}, ${run.mode}) ${run.status}${run.runId !== null ? ` as scan run ${run.runId}` : ''}.${figures}${error}${note}`;
}

function mustGet(ctx: CommandContext, usage: string): Job {
  const name = ctx.args.positional[1];
  if (!name) throw new AppError('INVALID_INPUT', usage);
  const job = ctx.workspace().jobs.get(name);
  if (!job) throw new AppError('NOT_FOUND', `There is no job "${name}". See the jobs with: job list`);
  return job;
}

function add(ctx: CommandContext): number {
  expectOnly(ctx.args, [...SCHEDULE_FLAGS, 'rules', 'incremental', 'full-daily', 'attempts', 'backoff-seconds']);
  const name = ctx.args.positional[1];
  if (!name) throw new AppError('INVALID_INPUT', ADD_USAGE);
  const rulesText = flag(ctx.args, 'rules');
  const fullDaily = flag(ctx.args, 'full-daily');
  const backoff = flag(ctx.args, 'backoff-seconds');
  const ws = ctx.workspace();
  const job = ws.jobs.add(
    {
      name,
      schedule: scheduleFrom(ctx.args),
      rules: rulesText === undefined ? undefined : parseRuleSelection(rulesText),
      incremental: ctx.args.switches.has('incremental'),
      fullSchedule: fullDaily === undefined ? undefined : { kind: 'daily', at: fullDaily },
      maxAttempts: intFlag(ctx.args, 'attempts', 3),
      backoffMs: backoff === undefined ? undefined : wholeNumber(backoff, '--backoff-seconds', 0, 86_400) * 1000,
    },
    ctx.actor,
  );
  if (job.rules.kind === 'rules') {
    const unknown = job.rules.ids.filter((id) => !ws.rules.get(id));
    if (unknown.length) ctx.out.note(`Warning: no rule named ${unknown.join(', ')} yet; the job skips it until it exists and is active.`);
  }
  ctx.out.result({ job: jobView(job, null) }, () => `Added job ${job.name}: ${describeSchedule(job.schedule)}, ${describeSelection(job.rules)}${job.incremental ? `, incremental (full scan ${describeSchedule(job.fullSchedule!)})` : ''}. Next run: ${job.nextRunAt ?? 'never'}. It runs while "monitor" (or the app) is running.`);
  return 0;
}

function list(ctx: CommandContext): number {
  expectOnly(ctx.args, []);
  const ws = ctx.workspace();
  const jobs = ws.jobs.list().map((job) => jobView(job, ws.jobs.history(job.id, 1)[0] ?? null));
  ctx.out.result({ jobs }, () =>
    jobs.length === 0
      ? 'No jobs yet. Add one: job add NAME [--every N | --daily HH:MM | …]'
      : table(
          ['name', 'schedule', 'rules', 'incremental', 'next run', 'last'],
          jobs.map((j) => [j.name, j.scheduleText, j.rulesText, j.incremental ? 'yes' : 'no', j.retryAt && (!j.nextRunAt || j.retryAt < j.nextRunAt) ? `${j.retryAt} (retry)` : j.nextRunAt, j.lastRun ? `${j.lastRun.status} ${j.lastRun.startedAt}` : '']),
          60,
        ),
  );
  return 0;
}

function remove(ctx: CommandContext): number {
  expectOnly(ctx.args, []);
  const job = mustGet(ctx, 'Usage: job remove NAME');
  ctx.workspace().jobs.remove(job.name, ctx.actor);
  ctx.out.result({ removed: job.name }, () => `Removed job ${job.name} and its history (the audit trail keeps the record).`);
  return 0;
}

async function runNow(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, []);
  const job = mustGet(ctx, 'Usage: job run-now NAME');
  const scheduler = createScheduler({ ws: ctx.workspace(), openSource: ctx.openSource, lock: false });
  const run = await withInterrupt(ctx.out, async (signal) => {
    signal.addEventListener('abort', () => void scheduler.stop({ graceMs: 0 }));
    return scheduler.runNow(job.name);
  });
  ctx.out.result({ jobRun: run }, () => runLine(run));
  switch (run.status) {
    case 'completed':
    case 'skipped':
      return 0;
    case 'failed':
      return 3;
    case 'running':
    case 'interrupted':
    case 'cancelled':
      return 1;
    default: {
      const unhandled: never = run.status;
      throw new Error(`unknown status ${String(unhandled)}`);
    }
  }
}

function history(ctx: CommandContext): number {
  expectOnly(ctx.args, ['limit']);
  const job = mustGet(ctx, 'Usage: job history NAME [--limit N]');
  const runs = ctx.workspace().jobs.history(job.id, intFlag(ctx.args, 'limit', 20));
  ctx.out.result({ job: job.name, runs }, () =>
    runs.length === 0
      ? `Job ${job.name} has not run yet. Next run: ${job.nextRunAt ?? 'never'}.`
      : table(
          ['#', 'trigger', 'try', 'mode', 'status', 'started', 'finished', 'records', 'new', 'scan', 'error / note'],
          runs.map((r) => [r.id, r.trigger, r.attempt, r.mode, r.status, r.startedAt, r.finishedAt, r.recordsScanned, r.violationsNew, r.runId, [r.error ? `${r.error.type}: ${r.error.ruleId ? `${r.error.ruleId}: ` : ''}${r.error.message}` : '', r.note ?? ''].filter(Boolean).join(' ')]),
          80,
        ),
  );
  return 0;
}

export async function jobCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  switch (verb) {
    case 'add':
      return add(ctx);
    case 'list':
      return list(ctx);
    case 'remove':
      return remove(ctx);
    case 'run-now':
      return runNow(ctx);
    case 'history':
      return history(ctx);
    default:
      throw new AppError('INVALID_INPUT', `Usage: job add|list|remove|run-now|history … (got "${verb ?? ''}")`);
  }
}
