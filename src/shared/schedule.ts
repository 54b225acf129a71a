// How monitoring jobs are scheduled and which rules they scan: shared by the core, the command
// line and the app's schedule form.
import { z } from 'zod';

/** "HH:MM" on a 24-hour clock. Every schedule time is UTC, so no daylight-saving jump can skip or repeat a run. */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 02:30 (24-hour, UTC)');

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('every'), minutes: z.number().int().min(1).max(10_080) }).strict(),
  z.object({ kind: z.literal('hourly'), minute: z.number().int().min(0).max(59) }).strict(),
  z.object({ kind: z.literal('daily'), at: timeOfDay }).strict(),
  z.object({ kind: z.literal('weekly'), day: z.number().int().min(0).max(6), at: timeOfDay }).strict(),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31), at: timeOfDay }).strict(),
  z.object({ kind: z.literal('cron'), expression: z.string().trim().min(1).max(200) }).strict(),
]);

/**
 * When a job runs. `weekly.day` is 0 (Sunday) to 6; `monthly.day` past a month's end means that
 * month's last day (day 31 runs on 30 April and 29 February).
 */
export type Schedule = z.infer<typeof scheduleSchema>;


export const ruleSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all-active') }).strict(),
  z.object({ kind: z.literal('policy'), policyId: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('tag'), tag: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('rules'), ids: z.array(z.string().min(1)).min(1) }).strict(),
]);

/** Which rules a job scans; resolved at each execution, so a newly activated rule is picked up. */
export type RuleSelection = z.infer<typeof ruleSelectionSchema>;
