// The "add a schedule" form as plain data: its fields as typed, and the check that turns them into
// a job the core accepts (or says, per field, what to fix). The core checks again and has the last word.
import type { JobInputView } from '../../../shared/api/jobs.js';
import { ruleSelectionSchema, scheduleSchema, type RuleSelection, type Schedule } from '../../../shared/schedule.js';

export type ScheduleKind = Schedule['kind'];
export type SelectionKind = RuleSelection['kind'];

export const SCHEDULE_KINDS: readonly { kind: ScheduleKind; label: string }[] = [
  { kind: 'every', label: 'Every N minutes' },
  { kind: 'hourly', label: 'Hourly at minute' },
  { kind: 'daily', label: 'Daily at a time' },
  { kind: 'weekly', label: 'Weekly on a day' },
  { kind: 'monthly', label: 'Monthly on a day' },
  { kind: 'cron', label: 'Cron expression' },
];

export const SELECTION_KINDS: readonly { kind: SelectionKind; label: string }[] = [
  { kind: 'all-active', label: 'All active rules' },
  { kind: 'policy', label: 'Rules of a policy' },
  { kind: 'tag', label: 'Rules with a tag' },
  { kind: 'rules', label: 'Chosen rules' },
];

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Every field as the user typed it: numbers stay strings until checked, so a half-typed value is never lost. */
export interface ScheduleFormState {
  name: string;
  scheduleKind: ScheduleKind;
  minutes: string;
  minute: string;
  /** HH:MM, UTC. */
  time: string;
  weekday: string;
  monthDay: string;
  cron: string;
  selectionKind: SelectionKind;
  policyId: string;
  tag: string;
  ruleIds: string[];
  incremental: boolean;
  maxAttempts: string;
}

export type ScheduleFormField = 'name' | 'minutes' | 'minute' | 'time' | 'weekday' | 'monthDay' | 'cron' | 'policyId' | 'tag' | 'ruleIds' | 'maxAttempts';

export type ScheduleFormErrors = Partial<Record<ScheduleFormField, string>>;

export type ScheduleFormResult = { ok: true; job: JobInputView } | { ok: false; errors: ScheduleFormErrors };

export function emptyScheduleForm(): ScheduleFormState {
  return {
    name: '',
    scheduleKind: 'every',
    minutes: '5',
    minute: '0',
    time: '02:00',
    weekday: '1',
    monthDay: '1',
    cron: '',
    selectionKind: 'all-active',
    policyId: '',
    tag: '',
    ruleIds: [],
    incremental: false,
    maxAttempts: '3',
  };
}

// The same rule the core applies to job names.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A whole number within bounds, or null: "5.5", "5e1", " " and "" are not. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

function checkTime(time: string, errors: ScheduleFormErrors): string {
  const t = time.trim();
  if (!TIME_PATTERN.test(t)) errors.time = 'Write a UTC time like 02:30 (24-hour clock).';
  return t;
}

function buildSchedule(form: ScheduleFormState, errors: ScheduleFormErrors): Schedule | null {
  switch (form.scheduleKind) {
    case 'every': {
      const minutes = wholeNumber(form.minutes, 1, 10_080);
      if (minutes === null) errors.minutes = 'Write a whole number of minutes from 1 to 10080 (one week).';
      return minutes === null ? null : { kind: 'every', minutes };
    }
    case 'hourly': {
      const minute = wholeNumber(form.minute, 0, 59);
      if (minute === null) errors.minute = 'Write the minute past each hour, from 0 to 59.';
      return minute === null ? null : { kind: 'hourly', minute };
    }
    case 'daily': {
      const at = checkTime(form.time, errors);
      return errors.time ? null : { kind: 'daily', at };
    }
    case 'weekly': {
      const at = checkTime(form.time, errors);
      const day = wholeNumber(form.weekday, 0, 6);
      if (day === null) errors.weekday = 'Choose a day of the week.';
      return errors.time || day === null ? null : { kind: 'weekly', day, at };
    }
    case 'monthly': {
      const at = checkTime(form.time, errors);
      const day = wholeNumber(form.monthDay, 1, 31);
      if (day === null) errors.monthDay = 'Write a day of the month from 1 to 31 (past a month’s end means its last day).';
      return errors.time || day === null ? null : { kind: 'monthly', day, at };
    }
    case 'cron': {
      const expression = form.cron.trim().replace(/\s+/g, ' ');
      const fields = expression === '' ? 0 : expression.split(' ').length;
      if (fields === 0) errors.cron = 'Write a cron expression, e.g. "*/15 8-18 * * 1-5" (UTC).';
      else if (fields < 5 || fields > 6) errors.cron = `A cron expression has five fields (minute hour day-of-month month day-of-week), this one has ${fields}.`;
      else if (expression.length > 200) errors.cron = 'A cron expression is at most 200 characters.';
      return errors.cron ? null : { kind: 'cron', expression };
    }
    default: {
      const unhandled: never = form.scheduleKind;
      throw new Error(`Unknown schedule kind ${String(unhandled)}`);
    }
  }
}

function buildSelection(form: ScheduleFormState, errors: ScheduleFormErrors): RuleSelection | null {
  switch (form.selectionKind) {
    case 'all-active':
      return { kind: 'all-active' };
    case 'policy':
      if (!form.policyId) errors.policyId = 'Choose the policy whose active rules the job scans.';
      return form.policyId ? { kind: 'policy', policyId: form.policyId } : null;
    case 'tag': {
      const tag = form.tag.trim();
      if (!tag) errors.tag = 'Write the tag, e.g. expenses.';
      return tag ? { kind: 'tag', tag } : null;
    }
    case 'rules':
      if (form.ruleIds.length === 0) errors.ruleIds = 'Choose at least one rule.';
      return form.ruleIds.length > 0 ? { kind: 'rules', ids: [...form.ruleIds] } : null;
    default: {
      const unhandled: never = form.selectionKind;
      throw new Error(`Unknown rule selection ${String(unhandled)}`);
    }
  }
}

/** Checks every field at once, so the user sees all that is wrong in one go. */
export function validateScheduleForm(form: ScheduleFormState, existingNames: readonly string[] = []): ScheduleFormResult {
  const errors: ScheduleFormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the job a name, e.g. nightly-expenses.';
  else if (!NAME_PATTERN.test(name)) errors.name = 'Use letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit.';
  else if (existingNames.includes(name)) errors.name = `A job named "${name}" already exists; choose another name.`;

  const schedule = buildSchedule(form, errors);
  const rules = buildSelection(form, errors);
  const maxAttempts = wholeNumber(form.maxAttempts, 1, 20);
  if (maxAttempts === null) errors.maxAttempts = 'Write how many attempts a failing run gets, from 1 to 20 (1 means no retry).';

  if (Object.keys(errors).length > 0 || !schedule || !rules || maxAttempts === null) return { ok: false, errors };
  // The shared schemas are what the core checks with: a disagreement here is a bug in this module.
  scheduleSchema.parse(schedule);
  ruleSelectionSchema.parse(rules);
  return { ok: true, job: { name, schedule, rules, incremental: form.incremental, maxAttempts } };
}
