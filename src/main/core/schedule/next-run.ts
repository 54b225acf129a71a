import { Cron } from 'croner';
import { AppError } from '../../../shared/errors.js';
import type { Schedule } from './schedule.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function timeParts(at: string): [number, number] {
  const [h, m] = at.split(':').map(Number);
  return [h!, m!];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function monthly(day: number, at: string, after: Date): Date {
  const [h, m] = timeParts(at);
  let year = after.getUTCFullYear();
  let month = after.getUTCMonth();
  for (;;) {
    const candidate = new Date(Date.UTC(year, month, Math.min(day, daysInMonth(year, month)), h, m));
    if (candidate.getTime() > after.getTime()) return candidate;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}

/** Parses a cron expression without starting anything: croner's own timers are never used. */
export function parseCron(expression: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone: 'UTC' });
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new AppError(
      'INVALID_INPUT',
      `"${expression}" is not a valid cron expression (${why}). Write five fields, minute hour day-of-month month day-of-week, e.g. "*/15 8-18 * * 1-5" (UTC).`,
      { expression },
    );
  }
}

/**
 * The first time strictly after `after` at which the schedule fires, in UTC; null when a cron
 * expression never fires again. `every` is aligned to multiples of its interval since the epoch, so
 * "every 5 minutes" runs at :00, :05, … whenever the job was added.
 */
export function nextRun(schedule: Schedule, after: Date): Date | null {
  const t = after.getTime();
  switch (schedule.kind) {
    case 'every': {
      const step = schedule.minutes * MINUTE;
      return new Date(Math.floor(t / step) * step + step);
    }
    case 'hourly': {
      const candidate = Math.floor(t / HOUR) * HOUR + schedule.minute * MINUTE;
      return new Date(candidate > t ? candidate : candidate + HOUR);
    }
    case 'daily': {
      const [h, m] = timeParts(schedule.at);
      const candidate = Math.floor(t / DAY) * DAY + h * HOUR + m * MINUTE;
      return new Date(candidate > t ? candidate : candidate + DAY);
    }
    case 'weekly': {
      const [h, m] = timeParts(schedule.at);
      const midnight = Math.floor(t / DAY) * DAY;
      const ahead = (schedule.day - after.getUTCDay() + 7) % 7;
      const candidate = midnight + ahead * DAY + h * HOUR + m * MINUTE;
      return new Date(candidate > t ? candidate : candidate + 7 * DAY);
    }
    case 'monthly':
      return monthly(schedule.day, schedule.at, after);
    case 'cron':
      return parseCron(schedule.expression).nextRun(after);
    default: {
      const unhandled: never = schedule;
      throw new Error(`unknown schedule ${JSON.stringify(unhandled)}`);
    }
  }
}
