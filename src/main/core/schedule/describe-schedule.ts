import type { RuleSelection, Schedule } from './schedule.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A schedule in words, for lists and history. */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'every':
      return schedule.minutes === 1 ? 'every minute' : `every ${schedule.minutes} minutes`;
    case 'hourly':
      return `hourly at :${String(schedule.minute).padStart(2, '0')}`;
    case 'daily':
      return `daily at ${schedule.at} UTC`;
    case 'weekly':
      return `${DAYS[schedule.day]}s at ${schedule.at} UTC`;
    case 'monthly':
      return `monthly on day ${schedule.day} at ${schedule.at} UTC`;
    case 'cron':
      return `cron "${schedule.expression}" (UTC)`;
    default: {
      const unhandled: never = schedule;
      return String(unhandled);
    }
  }
}

export function describeSelection(selection: RuleSelection): string {
  switch (selection.kind) {
    case 'all-active':
      return 'all active rules';
    case 'policy':
      return `active rules of policy ${selection.policyId}`;
    case 'tag':
      return `active rules tagged ${selection.tag}`;
    case 'rules':
      return selection.ids.join(', ');
    default: {
      const unhandled: never = selection;
      return String(unhandled);
    }
  }
}
