import type Database from 'better-sqlite3';
import { SEVERITIES } from '../../../shared/rule.js';
import type { FilterSql } from './violation-filter-sql.js';

/**
 * The ids of one page sorted by severity, without sorting every matching row: there are only four
 * severities, so the order is the concatenation of one id-ordered run per severity. The runs'
 * sizes (one grouped count) say which run the offset falls in; each run is then an index walk
 * (the (status, severity) index when the filter has a status). Also returns the total.
 */
export function severityPageIds(
  db: Database.Database,
  filter: FilterSql,
  direction: 'asc' | 'desc',
  offset: number,
  limit: number,
): { ids: number[]; total: number } {
  const counts = new Map<string, number>();
  // Grouped by status too: the (status, severity) index then yields the groups in order, with no sort.
  const grouped = db.prepare(`SELECT v.severity, count(*) FROM violations v ${filter.where} GROUP BY v.status, v.severity`).raw(true);
  for (const [severity, n] of grouped.iterate(filter.params) as Iterable<[string, number]>) {
    counts.set(severity, (counts.get(severity) ?? 0) + n);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const known = SEVERITIES as readonly string[];
  const other = [...counts.keys()].filter((s) => !known.includes(s)).reduce((n, s) => n + counts.get(s)!, 0);
  // Most severe first when descending; anything unknown ranks below low.
  const runs: Array<{ severity: string | null; size: number }> = [
    ...SEVERITIES.map((s) => ({ severity: s as string | null, size: counts.get(s) ?? 0 })),
    { severity: null, size: other },
  ];
  if (direction === 'asc') runs.reverse();
  const and = filter.where ? `${filter.where} AND` : 'WHERE';
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const ids: number[] = [];
  let skip = offset;
  for (const run of runs) {
    if (ids.length >= limit) break;
    if (skip >= run.size) {
      skip -= run.size;
      continue;
    }
    const condition = run.severity === null ? `v.severity NOT IN (${SEVERITIES.map((_, i) => `@known${i}`).join(', ')})` : 'v.severity = @runSeverity';
    const bound = run.severity === null ? Object.fromEntries(SEVERITIES.map((s, i) => [`known${i}`, s])) : { runSeverity: run.severity };
    const params = { ...filter.params, ...bound, limit: limit - ids.length, offset: skip };
    const sql = `SELECT v.id FROM violations v ${and} ${condition} ORDER BY v.id ${dir} LIMIT @limit OFFSET @offset`;
    ids.push(...(db.prepare(sql).pluck(true).all(params) as number[]));
    skip = 0;
  }
  return { ids, total };
}
