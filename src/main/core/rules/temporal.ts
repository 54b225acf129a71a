/**
 * Dates and timestamps as the rule language compares them: canonical ISO text that orders
 * correctly as plain text. The evaluator and the SQLite functions share this code, so a value
 * stored as text means the same date on both; PostgreSQL's own date/timestamp types agree with it.
 *
 * - date: `YYYY-MM-DD`
 * - timestamp: `YYYY-MM-DD HH:MM:SS` plus `.f` (1–6 digits, trailing zeros removed) when the
 *   fraction is not zero. Without trailing zeros, fractions order correctly as text too.
 *
 * Input may use `T` or a space, omit seconds, carry a fraction of any length (cut to
 * microseconds) and end with `Z` or `±HH[:MM]` (converted to UTC, as SQLite does). Anything
 * else, including impossible calendar dates, is not a date: NULL.
 */
import type { CellValue } from '../../../shared/schema.js';

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction digits, at most 6, trailing zeros removed. */
  fraction: string;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DASH = 45;
const ZERO = 48;

/** The value of the ASCII digits of `text` from `start` to `end`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Whether `text` is already a canonical date, as dates are stored nearly always. Checked digit
 * by digit: the scanner writes a justification for every violation, and the pattern, the parts
 * object and the formatting back took most of the time of a rule on dates.
 */
function isCanonicalDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function applyOffset(parts: Parts, zone: string): Parts | null {
  if (zone.toUpperCase() === 'Z') return parts;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  let minutes = parts.hour * 60 + parts.minute - offset;
  let days = dayNumber(parts.year, parts.month, parts.day);
  days += Math.floor(minutes / 1440);
  minutes = ((minutes % 1440) + 1440) % 1440;
  const civil = civilFromDays(days);
  if (civil.year < 0 || civil.year > 9999) return null;
  return { ...parts, ...civil, hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

function parse(value: CellValue): Parts | null {
  if (typeof value !== 'string') return null;
  const m = PATTERN.exec(value.trim());
  if (!m) return null;
  const parts: Parts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: m[4] === undefined ? 0 : Number(m[4]),
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    fraction: (m[7] ?? '').slice(0, 6).replace(/0+$/, ''),
  };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1) return null;
  if (parts.day > daysInMonth(parts.year, parts.month)) return null;
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return null;
  return m[8] === undefined ? parts : applyOffset(parts, m[8]);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function formatDate(p: Parts): string {
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** The canonical date of a date or timestamp text; NULL for anything else. */
export function canonicalDate(value: CellValue): string | null {
  if (typeof value === 'string' && isCanonicalDate(value)) return value;
  const parts = parse(value);
  return parts ? formatDate(parts) : null;
}

/** The canonical timestamp of a date (at midnight) or timestamp text; NULL for anything else. */
export function canonicalTimestamp(value: CellValue): string | null {
  const p = parse(value);
  if (!p) return null;
  const time = `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
  return `${formatDate(p)} ${time}${p.fraction ? `.${p.fraction}` : ''}`;
}

/** A canonical date promoted to the timestamp at the start of that day. */
export function dateToTimestamp(date: string): string {
  return `${date} 00:00:00`;
}

/** Whole days from canonical date `a` to canonical date `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayOf(b) - dayOf(a);
}

function dayOf(date: string): number {
  return dayNumber(digitsAt(date, 0, 4), digitsAt(date, 5, 7), digitsAt(date, 8, 10));
}
