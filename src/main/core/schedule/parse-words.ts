import { AppError } from '../../../shared/errors.js';
import type { RuleSelection } from './schedule.js';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A weekday as 0 (Sunday) to 6, from a number or an English name ("mon", "Monday"). */
export function parseWeekday(text: string): number {
  const lower = text.trim().toLowerCase();
  if (/^[0-6]$/.test(lower)) return Number(lower);
  const index = lower.length >= 3 ? DAY_NAMES.indexOf(lower.slice(0, 3)) : -1;
  if (index !== -1 && FULL_NAMES[index]!.startsWith(lower)) return index;
  throw new AppError('INVALID_INPUT', `"${text}" is not a day of the week: write 0 (Sunday) to 6, or a name like mon or monday.`);
}

/** `all`, `policy:ID`, `tag:T`, or a comma-separated list of rule ids. */
export function parseRuleSelection(text: string): RuleSelection {
  const value = text.trim();
  if (value === '') throw new AppError('INVALID_INPUT', 'Say which rules: all, policy:ID, tag:TAG, or rule ids separated by commas.');
  if (value === 'all' || value === 'all-active') return { kind: 'all-active' };
  if (value.startsWith('policy:')) {
    const policyId = value.slice('policy:'.length).trim();
    if (!policyId) throw new AppError('INVALID_INPUT', 'Write the policy id after "policy:", e.g. policy:3f2a…; see them with: policy list');
    return { kind: 'policy', policyId };
  }
  if (value.startsWith('tag:')) {
    const tag = value.slice('tag:'.length).trim();
    if (!tag) throw new AppError('INVALID_INPUT', 'Write the tag after "tag:", e.g. tag:expenses.');
    return { kind: 'tag', tag };
  }
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new AppError('INVALID_INPUT', `"${text}" names no rules.`);
  return { kind: 'rules', ids: [...new Set(ids)] };
}
