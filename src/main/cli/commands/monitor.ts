import { userInfo } from 'node:os';
import { AppError } from '../../../shared/errors.js';
import { describeSchedule } from '../../core/schedule/describe-schedule.js';
import { workerRunJob } from '../../core/schedule/scan-run-job.js';
import { createScheduler } from '../../core/schedule/scheduler.js';
import type { SchedulerEvent } from '../../core/schedule/scheduler.js';
import { expectOnly, flag } from '../args.js';
import type { CommandContext } from '../context.js';
import { runLine } from './job.js';

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the scheduler in the foreground until SIGINT or SIGTERM: one line per execution on stdout
 * (with --json, one JSON object per line). On a signal it lets the current scan finish for the
 * grace period, cancels it after that, and releases the workspace lock.
 */
export async function monitorCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['grace-seconds']);
  const graceText = flag(ctx.args, 'grace-seconds');
  const graceMs = graceText === undefined ? 30_000 : Number(graceText) * 1000;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new AppError('INVALID_INPUT', `--grace-seconds must be a number of seconds, not "${graceText}".`);
  const ws = ctx.workspace();
  // One line per execution as it happens, so a log collector or `tail` sees it at once.
  const write = (line: string): void => void process.stdout.write(`${line}\n`);

  let finish: (reason: string) => void = () => {};
  const ended = new Promise<string>((resolve) => (finish = resolve));
  const onEvent = (event: SchedulerEvent): void => {
    if (event.type !== 'execution.finished') return;
    const { job, jobRun } = event;
    if (ctx.out.json) write(JSON.stringify({ job: job.name, jobRun }));
    else write(`${jobRun.finishedAt ?? jobRun.startedAt} ${job.name}: ${runLine(jobRun)}`);
  };
  const scheduler = createScheduler({
    ws,
    // Scans on a worker thread: signals and the lock heartbeat are handled while millions of rows stream.
    runJob: workerRunJob({ ws, env: ctx.env }),
    holder: `monitor:${safeUser()}`,
    graceMs,
    onEvent,
  });
  scheduler.start();
  const jobs = ws.jobs.list().filter((j) => j.enabled);
  ctx.out.note(
    jobs.length === 0
      ? 'Monitoring, but there are no jobs yet: add one with "job add NAME" (it is picked up within a minute). Ctrl-C stops.'
      : `Monitoring ${jobs.length} job${jobs.length === 1 ? '' : 's'} (${jobs.map((j) => `${j.name}: ${describeSchedule(j.schedule)}`).join('; ')}). Next run: ${scheduler.nextRunAt() ?? 'none'}. Ctrl-C stops.`,
  );
  const onSignal = (signal: NodeJS.Signals): void => finish(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The lock lost to another process ends the scheduler; notice it and exit too.
  const watch = setInterval(() => {
    if (!scheduler.started) finish('lock lost');
  }, 1000);
  try {
    const reason = await ended;
    ctx.out.note(`Stopping (${reason}): ${graceMs > 0 ? `letting a running scan finish for up to ${graceMs / 1000} s, then cancelling it` : 'cancelling a running scan'}…`);
    await scheduler.stop();
    ctx.out.note('Stopped; the workspace lock is released.');
    return reason === 'lock lost' ? 1 : 0;
  } finally {
    clearInterval(watch);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await scheduler.stop({ graceMs: 0 });
  }
}
