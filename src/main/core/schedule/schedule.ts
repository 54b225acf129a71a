export { ruleSelectionSchema, scheduleSchema } from '../../../shared/schedule.js';
export type { RuleSelection, Schedule } from '../../../shared/schedule.js';
import type { Schedule } from '../../../shared/schedule.js';

export const DEFAULT_SCHEDULE: Schedule = { kind: 'every', minutes: 5 };
/** The full re-scan of an incremental job, when none is given. */
export const DEFAULT_FULL_SCHEDULE: Schedule = { kind: 'daily', at: '02:00' };
