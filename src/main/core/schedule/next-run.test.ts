import { describe, expect, it } from 'vitest';
import { nextRun, parseCron } from './next-run.js';
import type { Schedule } from './schedule.js';
import { scheduleSchema } from './schedule.js';

const at = (iso: string): Date => new Date(iso);
const next = (schedule: Schedule, after: string): string | undefined => nextRun(schedule, at(after))?.toISOString();

describe('the next run of a schedule (UTC)', () => {
  it('every N minutes: aligned to multiples of N, strictly after the given time', () => {
    expect(next({ kind: 'every', minutes: 5 }, '2024-03-10T10:03:17Z')).toBe('2024-03-10T10:05:00.000Z');
    expect(next({ kind: 'every', minutes: 5 }, '2024-03-10T10:05:00Z')).toBe('2024-03-10T10:10:00.000Z');
    expect(next({ kind: 'every', minutes: 60 }, '2024-12-31T23:59:59Z')).toBe('2025-01-01T00:00:00.000Z');
  });

  it('hourly at a minute: this hour when still ahead, else the next', () => {
    expect(next({ kind: 'hourly', minute: 15 }, '2024-03-10T10:14:59Z')).toBe('2024-03-10T10:15:00.000Z');
    expect(next({ kind: 'hourly', minute: 15 }, '2024-03-10T10:15:00Z')).toBe('2024-03-10T11:15:00.000Z');
    expect(next({ kind: 'hourly', minute: 0 }, '2024-03-10T23:30:00Z')).toBe('2024-03-11T00:00:00.000Z');
  });

  it('daily at a time, across a month and a year end', () => {
    expect(next({ kind: 'daily', at: '02:30' }, '2024-03-10T01:00:00Z')).toBe('2024-03-10T02:30:00.000Z');
    expect(next({ kind: 'daily', at: '02:30' }, '2024-03-10T02:30:00Z')).toBe('2024-03-11T02:30:00.000Z');
    expect(next({ kind: 'daily', at: '00:00' }, '2024-12-31T12:00:00Z')).toBe('2025-01-01T00:00:00.000Z');
  });

  it('does not move with daylight saving: 31 March 2024 (a European DST switch) is a 24-hour day in UTC', () => {
    expect(next({ kind: 'daily', at: '02:30' }, '2024-03-30T02:30:00Z')).toBe('2024-03-31T02:30:00.000Z');
    expect(next({ kind: 'daily', at: '02:30' }, '2024-03-31T02:30:00Z')).toBe('2024-04-01T02:30:00.000Z');
  });

  it('weekly on a day (0 = Sunday)', () => {
    // 2024-03-10 is a Sunday.
    expect(next({ kind: 'weekly', day: 1, at: '09:00' }, '2024-03-10T12:00:00Z')).toBe('2024-03-11T09:00:00.000Z');
    expect(next({ kind: 'weekly', day: 0, at: '09:00' }, '2024-03-10T08:00:00Z')).toBe('2024-03-10T09:00:00.000Z');
    expect(next({ kind: 'weekly', day: 0, at: '09:00' }, '2024-03-10T09:00:00Z')).toBe('2024-03-17T09:00:00.000Z');
    expect(next({ kind: 'weekly', day: 6, at: '23:59' }, '2024-12-29T00:00:00Z')).toBe('2025-01-04T23:59:00.000Z');
  });

  it('monthly: a day past the month end runs on its last day, then back on the day itself', () => {
    const day31: Schedule = { kind: 'monthly', day: 31, at: '06:00' };
    expect(next(day31, '2024-01-31T06:00:00Z')).toBe('2024-02-29T06:00:00.000Z'); // leap year
    expect(next(day31, '2024-02-29T06:00:00Z')).toBe('2024-03-31T06:00:00.000Z');
    expect(next(day31, '2024-04-01T00:00:00Z')).toBe('2024-04-30T06:00:00.000Z');
    expect(next({ kind: 'monthly', day: 29, at: '06:00' }, '2023-02-01T00:00:00Z')).toBe('2023-02-28T06:00:00.000Z');
    expect(next({ kind: 'monthly', day: 1, at: '00:00' }, '2024-12-01T00:00:00Z')).toBe('2025-01-01T00:00:00.000Z');
    expect(next({ kind: 'monthly', day: 15, at: '12:00' }, '2024-05-15T11:59:00Z')).toBe('2024-05-15T12:00:00.000Z');
  });

  it('cron expressions through croner, in UTC, without starting a timer', () => {
    expect(next({ kind: 'cron', expression: '*/15 8-18 * * 1-5' }, '2024-03-08T18:50:00Z')).toBe('2024-03-11T08:00:00.000Z'); // Friday evening → Monday
    expect(next({ kind: 'cron', expression: '0 2 * * *' }, '2024-03-10T02:00:00Z')).toBe('2024-03-11T02:00:00.000Z');
    expect(next({ kind: 'cron', expression: '0 0 29 2 *' }, '2024-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(nextRun({ kind: 'cron', expression: '0 0 30 2 *' }, at('2024-01-01T00:00:00Z'))).toBeNull();
  });

  it('refuses a malformed cron expression with an example of a good one', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/not a valid cron expression.*minute.*e\.g\./s);
    expect(() => parseCron('every day')).toThrow(/not a valid cron expression/);
  });

  it('validates schedules', () => {
    expect(scheduleSchema.safeParse({ kind: 'daily', at: '24:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'daily', at: '7:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'every', minutes: 0 }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'monthly', day: 32, at: '01:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'weekly', day: 7, at: '01:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'hourly', minute: 59 }).success).toBe(true);
  });
});
