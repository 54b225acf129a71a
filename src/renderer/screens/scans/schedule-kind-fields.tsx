import type { ScheduleFormErrors, ScheduleFormState } from './schedule-form.js';
import { SCHEDULE_KINDS, WEEKDAYS, type ScheduleKind } from './schedule-form.js';
import { fieldAria, FormField } from './form-field.js';

type Edit = <K extends keyof ScheduleFormState>(key: K, value: ScheduleFormState[K]) => void;

/** When the job runs: the kind, then only the inputs that kind needs. Times are UTC. */
export function ScheduleKindFields({ form, errors, edit }: { form: ScheduleFormState; errors: ScheduleFormErrors; edit: Edit }) {
  const timeField = (
    <FormField id="job-time" label="Time (UTC, 24-hour)" error={errors.time} hint="UTC, so daylight saving never skips or repeats a run.">
      <input id="job-time" data-testid="job-time" value={form.time} placeholder="02:30" onChange={(e) => edit('time', e.target.value)} {...fieldAria('job-time', errors.time)} />
    </FormField>
  );
  return (
    <div className="form-row">
      <FormField id="job-schedule-kind" label="Runs">
        <select id="job-schedule-kind" data-testid="job-schedule-kind" value={form.scheduleKind} onChange={(e) => edit('scheduleKind', e.target.value as ScheduleKind)}>
          {SCHEDULE_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </FormField>
      {form.scheduleKind === 'every' && (
        <FormField id="job-minutes" label="Every how many minutes" error={errors.minutes} hint="Runs at multiples of this interval since midnight UTC.">
          <input id="job-minutes" data-testid="job-minutes" inputMode="numeric" value={form.minutes} onChange={(e) => edit('minutes', e.target.value)} {...fieldAria('job-minutes', errors.minutes)} />
        </FormField>
      )}
      {form.scheduleKind === 'hourly' && (
        <FormField id="job-minute" label="Minute past each hour" error={errors.minute} hint="0 to 59.">
          <input id="job-minute" data-testid="job-minute" inputMode="numeric" value={form.minute} onChange={(e) => edit('minute', e.target.value)} {...fieldAria('job-minute', errors.minute)} />
        </FormField>
      )}
      {form.scheduleKind === 'weekly' && (
        <FormField id="job-weekday" label="Day (UTC)" error={errors.weekday}>
          <select id="job-weekday" data-testid="job-weekday" value={form.weekday} onChange={(e) => edit('weekday', e.target.value)} {...fieldAria('job-weekday', errors.weekday)}>
            {WEEKDAYS.map((day, i) => (
              <option key={day} value={String(i)}>
                {day}
              </option>
            ))}
          </select>
        </FormField>
      )}
      {form.scheduleKind === 'monthly' && (
        <FormField id="job-month-day" label="Day of the month (UTC)" error={errors.monthDay} hint="1 to 31; past a month’s end means its last day.">
          <input id="job-month-day" data-testid="job-month-day" inputMode="numeric" value={form.monthDay} onChange={(e) => edit('monthDay', e.target.value)} {...fieldAria('job-month-day', errors.monthDay)} />
        </FormField>
      )}
      {(form.scheduleKind === 'daily' || form.scheduleKind === 'weekly' || form.scheduleKind === 'monthly') && timeField}
      {form.scheduleKind === 'cron' && (
        <FormField id="job-cron" label="Cron expression (UTC)" error={errors.cron} hint="minute hour day-of-month month day-of-week, e.g. */15 8-18 * * 1-5">
          <input id="job-cron" data-testid="job-cron" className="mono" value={form.cron} placeholder="*/15 8-18 * * 1-5" onChange={(e) => edit('cron', e.target.value)} {...fieldAria('job-cron', errors.cron)} />
        </FormField>
      )}
    </div>
  );
}
