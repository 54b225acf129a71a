import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { SEVERITIES } from '../../../shared/rule.js';
import type { Severity } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import type {
  ViolationFilter,
  ViolationPage,
  ViolationRowView,
  ViolationSortColumn,
  ViolationStatus,
} from '../../../shared/api/violations.js';
import { severityPageIds } from './severity-page.js';
import { filterSql } from './violation-filter-sql.js';

export const MAX_PAGE_SIZE = 1000;

export interface ViolationQuery {
  filter: ViolationFilter;
  sort?: { column: ViolationSortColumn; direction: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

/** Low = 0 … critical = 3, so `desc` puts the most severe first. */
const SEVERITY_LEVEL = `CASE v.severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${SEVERITIES.length - 1 - i}`).join(' ')} ELSE -1 END`;

/** The only SQL an API sort column can become: user text never reaches the ORDER BY. */
function sortExpression(column: ViolationSortColumn): string {
  switch (column) {
    case 'id':
      return 'v.id';
    case 'severity':
      return SEVERITY_LEVEL;
    case 'status':
      return 'v.status';
    case 'ruleId':
      return 'v.rule_id';
    case 'table':
      return 'v.target_table';
    case 'firstSeenAt':
      return 'v.first_seen_at';
    case 'statusChangedAt':
      return 'v.status_changed_at';
    default: {
      const unknown: never = column;
      throw new AppError('INVALID_INPUT', `Cannot sort violations by "${String(unknown)}": use id, severity, status, ruleId, table, firstSeenAt or statusChangedAt.`, { field: 'sort' });
    }
  }
}

function orderBy(sort: ViolationQuery['sort']): string {
  const column = sort?.column ?? 'id';
  const direction = sort?.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') {
    throw new AppError('INVALID_INPUT', `Sort direction must be "asc" or "desc", not "${String(direction)}".`, { field: 'sort' });
  }
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  // The id breaks ties, so pages never overlap or skip rows.
  return column === 'id' ? `ORDER BY v.id ${dir}` : `ORDER BY ${sortExpression(column)} ${dir}, v.id ${dir}`;
}

function wholeNumber(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new AppError('INVALID_INPUT', `${field} must be a number of rows, 0 or more.`, { field });
  }
  return Math.min(Math.floor(value), max);
}

export interface PageRow {
  id: number;
  rule_id: string;
  title: string | null;
  severity: Severity;
  status: ViolationStatus;
  connection: string;
  target_table: string;
  record_key: string;
  first_seen_at: string;
  status_changed_at: string;
  summary: string;
}

export function toRowView(row: PageRow): ViolationRowView {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleTitle: row.title ?? row.rule_id,
    severity: row.severity,
    status: row.status,
    connection: row.connection,
    table: row.target_table,
    recordKey: JSON.parse(row.record_key) as CellValue[],
    firstSeenAt: row.first_seen_at,
    statusChangedAt: row.status_changed_at,
    summary: row.summary,
  };
}

/** The row-view columns of `violations v` joined with `rules r`; the summary is cut in SQL so the whole text never crosses. */
export const ROW_VIEW_COLUMNS = `v.id, v.rule_id, r.title, v.severity, v.status, v.connection, v.target_table, v.record_key,
  v.first_seen_at, v.status_changed_at,
  substr(v.justification, 1, instr(v.justification || char(10), char(10)) - 1) AS summary`;

/**
 * One page of violations. The page's ids are found first on the narrow rows (an index walk for
 * most sorts), and only those rows are read whole, so a deep offset does not drag every skipped
 * row's snapshot through memory. CROSS JOIN keeps the page as the outer loop: with a bound LIMIT
 * the planner cannot tell the page is small and would otherwise walk every violation to avoid a
 * sort of 100 rows.
 */
export function queryViolations(db: Database.Database, query: ViolationQuery): ViolationPage {
  const filter = filterSql(query.filter);
  const limit = wholeNumber(query.limit, 'limit', MAX_PAGE_SIZE);
  const offset = wholeNumber(query.offset, 'offset', Number.MAX_SAFE_INTEGER);
  const order = orderBy(query.sort);
  if (query.sort?.column === 'severity') {
    const { ids, total } = severityPageIds(db, filter, query.sort.direction, offset, limit);
    return { rows: rowsByIds(db, ids), total, offset };
  }
  const { where, params } = filter;
  const total = db.prepare(`SELECT count(*) FROM violations v ${where}`).pluck(true).get(params) as number;
  if (limit === 0 || offset >= total) return { rows: [], total, offset };
  const rows = db
    .prepare(
      `SELECT ${ROW_VIEW_COLUMNS}
       FROM (SELECT v.id FROM violations v ${where} ${order} LIMIT @limit OFFSET @offset) AS page
       CROSS JOIN violations v ON v.id = page.id
       LEFT JOIN rules r ON r.id = v.rule_id
       ${order}`,
    )
    .all({ ...params, limit, offset }) as PageRow[];
  return { rows: rows.map(toRowView), total, offset };
}

/** The row views of these ids, in the order given. */
function rowsByIds(db: Database.Database, ids: number[]): ViolationRowView[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${ROW_VIEW_COLUMNS} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id WHERE v.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as PageRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toRowView(row)] : [];
  });
}
