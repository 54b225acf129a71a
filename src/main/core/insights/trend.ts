import type Database from 'better-sqlite3';
import type { SeverityCounts, TrendPoint } from '../../../shared/api/dashboard.js';
import { SEVERITIES } from '../../../shared/rule.js';
import type { Severity } from '../../../shared/rule.js';

export function zeroCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

/** The UTC days of a window ending today, oldest first. */
export function windowDays(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00.000Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Indexes on the UTC day of each timestamp, proposed for the workspace schema; see `dayIndexes`. */
export const OPENED_DAY_INDEX = 'violations_opened_day';
export const RESOLVED_DAY_INDEX = 'violations_resolved_day';

/**
 * Which day indexes the workspace has. With them the day counts are an in-order walk of an index
 * (no sort); without them the timestamp range is read through the plain timestamp indexes, which
 * is correct but several times slower on large workspaces.
 */
function dayIndexes(db: Database.Database): { opened: boolean; resolved: boolean } {
  const names = new Set(
    db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN (?, ?)`).pluck(true).all(OPENED_DAY_INDEX, RESOLVED_DAY_INDEX) as string[],
  );
  return { opened: names.has(OPENED_DAY_INDEX), resolved: names.has(RESOLVED_DAY_INDEX) };
}

/** The SQL of one series; the day expression is written exactly as in the index so SQLite can match it. */
function seriesSql(column: 'first_seen_at' | 'resolved_at', dayIndexed: boolean): string {
  const day = `substr(${column}, 1, 10)`;
  const range = dayIndexed
    ? `${column} IS NOT NULL AND ${day} >= @startDay AND ${day} < @endDay`
    : `${column} >= @startDay AND ${column} < @endDay`;
  return `SELECT ${day} AS day, severity, count(*) FROM violations WHERE ${range} GROUP BY ${day}, severity`;
}

/**
 * Opened (by first_seen_at) and resolved (by resolved_at, i.e. still resolved now) per UTC day
 * and severity, counted in SQL; days without any are filled with zeros here.
 */
export function trend(db: Database.Database, days: string[], endDay: string): TrendPoint[] {
  const points = new Map(days.map((day) => [day, { day, opened: zeroCounts(), resolved: zeroCounts() }]));
  const range = { startDay: days[0]!, endDay };
  const indexed = dayIndexes(db);
  const add = (sql: string, field: 'opened' | 'resolved'): void => {
    for (const [day, severity, n] of db.prepare(sql).raw(true).iterate(range) as Iterable<[string, string, number]>) {
      const point = points.get(day);
      if (point && severity in point[field]) point[field][severity as Severity] += n;
    }
  };
  add(seriesSql('first_seen_at', indexed.opened), 'opened');
  add(seriesSql('resolved_at', indexed.resolved), 'resolved');
  return [...points.values()];
}
