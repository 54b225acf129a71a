import { describe, expect, it } from 'vitest';
import { emptyScheduleForm, validateScheduleForm, type ScheduleFormState } from './schedule-form.js';

const form = (over: Partial<ScheduleFormState>): ScheduleFormState => ({ ...emptyScheduleForm(), name: 'nightly', ...over });

describe('schedule form', () => {
  it('defaults to every 5 minutes over all active rules, full scans, 3 attempts', () => {
    const result = validateScheduleForm(form({}));
    expect(result).toEqual({ ok: true, job: { name: 'nightly', schedule: { kind: 'every', minutes: 5 }, rules: { kind: 'all-active' }, incremental: false, maxAttempts: 3 } });
  });

  it('builds each kind of schedule', () => {
    const schedule = (over: Partial<ScheduleFormState>) => {
      const r = validateScheduleForm(form(over));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.job.schedule;
    };
    expect(schedule({ scheduleKind: 'hourly', minute: '15' })).toEqual({ kind: 'hourly', minute: 15 });
    expect(schedule({ scheduleKind: 'daily', time: ' 23:59 ' })).toEqual({ kind: 'daily', at: '23:59' });
    expect(schedule({ scheduleKind: 'weekly', weekday: '0', time: '06:30' })).toEqual({ kind: 'weekly', day: 0, at: '06:30' });
    expect(schedule({ scheduleKind: 'monthly', monthDay: '31', time: '00:00' })).toEqual({ kind: 'monthly', day: 31, at: '00:00' });
    expect(schedule({ scheduleKind: 'cron', cron: '  */15   8-18 * * 1-5 ' })).toEqual({ kind: 'cron', expression: '*/15 8-18 * * 1-5' });
  });

  it('refuses numbers out of range or not whole, per field', () => {
    const errors = (over: Partial<ScheduleFormState>) => {
      const r = validateScheduleForm(form(over));
      return r.ok ? {} : r.errors;
    };
    expect(errors({ minutes: '0' }).minutes).toMatch(/1 to 10080/);
    expect(errors({ minutes: '2.5' }).minutes).toBeDefined();
    expect(errors({ minutes: '10081' }).minutes).toBeDefined();
    expect(errors({ scheduleKind: 'hourly', minute: '60' }).minute).toMatch(/0 to 59/);
    expect(errors({ scheduleKind: 'daily', time: '24:00' }).time).toMatch(/UTC/);
    expect(errors({ scheduleKind: 'daily', time: '7:00' }).time).toBeDefined();
    expect(errors({ scheduleKind: 'monthly', monthDay: '32' }).monthDay).toBeDefined();
    expect(errors({ scheduleKind: 'cron', cron: '* * *' }).cron).toMatch(/this one has 3/);
    expect(errors({ scheduleKind: 'cron', cron: '   ' }).cron).toMatch(/Write a cron/);
    expect(errors({ maxAttempts: '21' }).maxAttempts).toMatch(/1 to 20/);
    // A field of another schedule kind is not checked: a stale minute does not block a daily job.
    expect(errors({ scheduleKind: 'daily', minute: 'x' })).toEqual({});
  });

  it('checks the name like the core does, and against existing jobs', () => {
    const nameError = (name: string, existing: string[] = []) => {
      const r = validateScheduleForm(form({ name }), existing);
      return r.ok ? undefined : r.errors.name;
    };
    expect(nameError('')).toMatch(/Give the job a name/);
    expect(nameError('-lead')).toMatch(/starting with a letter/);
    expect(nameError('has space')).toBeDefined();
    expect(nameError('a'.repeat(65))).toBeDefined();
    expect(nameError('a'.repeat(64))).toBeUndefined();
    expect(nameError('nightly.v2_x-1')).toBeUndefined();
    expect(nameError('nightly', ['nightly'])).toMatch(/already exists/);
  });

  it('requires what each rule selection needs', () => {
    const r1 = validateScheduleForm(form({ selectionKind: 'policy' }));
    expect(r1.ok ? null : r1.errors.policyId).toMatch(/Choose the policy/);
    const r2 = validateScheduleForm(form({ selectionKind: 'tag', tag: '  ' }));
    expect(r2.ok ? null : r2.errors.tag).toBeDefined();
    const r3 = validateScheduleForm(form({ selectionKind: 'rules' }));
    expect(r3.ok ? null : r3.errors.ruleIds).toMatch(/at least one/);
    const ok = validateScheduleForm(form({ selectionKind: 'rules', ruleIds: ['a', 'b'], incremental: true, maxAttempts: '1' }));
    expect(ok.ok && ok.job).toMatchObject({ rules: { kind: 'rules', ids: ['a', 'b'] }, incremental: true, maxAttempts: 1 });
    const tag = validateScheduleForm(form({ selectionKind: 'tag', tag: ' expenses ' }));
    expect(tag.ok && tag.job.rules).toEqual({ kind: 'tag', tag: 'expenses' });
  });

  it('reports every problem at once', () => {
    const r = validateScheduleForm(form({ name: '', minutes: 'x', maxAttempts: '0', selectionKind: 'policy' }));
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['maxAttempts', 'minutes', 'name', 'policyId']);
  });
});
