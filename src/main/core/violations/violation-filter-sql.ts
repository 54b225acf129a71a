import { AppError } from '../../../shared/errors.js';
import { SEVERITIES } from '../../../shared/rule.js';
import type { ViolationFilter, ViolationStatus } from '../../../shared/api/violations.js';

export const VIOLATION_STATUSES: readonly ViolationStatus[] = ['open', 'confirmed', 'dismissed', 'resolved'];

/** A WHERE clause over `violations` (aliased `v`) and its named, bound parameters. */
export interface FilterSql {
  /** Empty, or `WHERE …`. */
  where: string;
  params: Record<string, string>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { field });
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(field, `The filter's ${field} must be text.`);
  return value;
}

/** The next calendar day (UTC) of a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Timestamps are stored as ISO text in UTC (`…Z`), so a bound is normalised to the same form to compare as text. */
function timeBound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  if (DAY.test(value)) {
    if (Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalid(field, `The filter's "${field}" is not a real day: ${value}.`);
    return field === 'from' ? value : nextDay(value);
  }
  if (ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) {
    const iso = new Date(value).toISOString();
    return field === 'from' ? iso : nextDay(iso.slice(0, 10));
  }
  throw invalid(field, `The filter's "${field}" must be a day (YYYY-MM-DD) or an ISO time, not "${value}".`);
}

/** Refuses values the UI could not have meant; the rest are bound, never pasted into SQL. */
export function filterSql(filter: ViolationFilter | undefined): FilterSql {
  const f = filter ?? {};
  if (typeof f !== 'object') throw invalid('filter', 'The violation filter must be an object.');
  const parts: string[] = [];
  const params: Record<string, string> = {};
  const equals = (column: string, name: string, value: string | undefined): void => {
    if (value === undefined) return;
    parts.push(`${column} = @${name}`);
    params[name] = value;
  };
  const severity = optionalText(f.severity, 'severity');
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    throw invalid('severity', `Unknown severity "${severity}": use one of ${SEVERITIES.join(', ')}.`);
  }
  const status = optionalText(f.status, 'status');
  if (status !== undefined && !(VIOLATION_STATUSES as readonly string[]).includes(status)) {
    throw invalid('status', `Unknown status "${status}": use one of ${VIOLATION_STATUSES.join(', ')}.`);
  }
  equals('v.rule_id', 'ruleId', optionalText(f.ruleId, 'ruleId'));
  equals('v.severity', 'severity', severity);
  equals('v.status', 'status', status);
  equals('v.connection', 'connection', optionalText(f.connection, 'connection'));
  equals('v.target_table', 'table', optionalText(f.table, 'table'));
  const from = timeBound(optionalText(f.from, 'from'), 'from');
  const to = timeBound(optionalText(f.to, 'to'), 'to');
  if (from !== undefined) {
    parts.push('v.first_seen_at >= @from');
    params.from = from;
  }
  if (to !== undefined) {
    parts.push('v.first_seen_at < @to');
    params.to = to;
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The filter as plain data, for audit details: only the fields that were set. */
export function filterForAudit(filter: ViolationFilter | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}
