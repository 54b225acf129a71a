import type Database from 'better-sqlite3';
import { regexMatches } from '../regex-pattern.js';
import { roundHalfAway } from '../round-half-away.js';
import { canonicalDate, canonicalTimestamp } from '../temporal.js';
import { SQLITE_FN } from './sqlite-dialect.js';

type SqlValue = number | bigint | string | Buffer | null;

const asCell = (value: SqlValue): string | number | null =>
  typeof value === 'string' || typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;

/**
 * Registers the functions the SQLite compiler relies on. They run the evaluator's own code, so
 * dates, rounding and regular expressions behave identically in both; all are deterministic
 * (usable in indexes and constant-folded by SQLite).
 */
export function registerSqliteFunctions(db: Database.Database): void {
  const options = { deterministic: true, varargs: false };
  db.function(SQLITE_FN.date, options, (value: SqlValue) => canonicalDate(asCell(value)));
  db.function(SQLITE_FN.timestamp, options, (value: SqlValue) => canonicalTimestamp(asCell(value)));
  db.function(SQLITE_FN.round, options, (value: SqlValue, digits: SqlValue) => {
    const x = asCell(value);
    if (typeof x !== 'number') return null;
    const d = asCell(digits);
    return roundHalfAway(x, typeof d === 'number' ? Math.trunc(d) : 0);
  });
  db.function(SQLITE_FN.matches, options, (value: SqlValue, pattern: SqlValue) => {
    const text = asCell(value);
    const p = asCell(pattern);
    if (text === null || p === null) return null;
    const result = regexMatches(String(text), String(p));
    return result === null ? null : result ? 1 : 0;
  });
}
