import type { ViolationFilter, ViolationSortColumn, ViolationStatus } from '../../../shared/api/violations.js';
import type { Severity } from '../../../shared/rule.js';
import { SEVERITIES } from '../../../shared/rule.js';

export const VIOLATION_STATUSES: readonly ViolationStatus[] = ['open', 'confirmed', 'dismissed', 'resolved'];

export interface ViolationSort {
  column: ViolationSortColumn;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: ViolationSort = { column: 'firstSeenAt', direction: 'desc' };

const SORT_COLUMNS: readonly ViolationSortColumn[] = ['id', 'severity', 'status', 'ruleId', 'table', 'firstSeenAt', 'statusChangedAt'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isSeverity(v: string | undefined): v is Severity {
  return v !== undefined && (SEVERITIES as readonly string[]).includes(v);
}

function isStatus(v: string | undefined): v is ViolationStatus {
  return v !== undefined && (VIOLATION_STATUSES as readonly string[]).includes(v);
}

/**
 * The filter other screens link to (`#/violations?rule=…&severity=…`). Values that cannot be
 * right (an unknown severity, a malformed day) are dropped rather than sent to the core.
 */
export function filterFromParams(params: Record<string, string>): ViolationFilter {
  const filter: ViolationFilter = {};
  if (params.rule) filter.ruleId = params.rule;
  if (isSeverity(params.severity)) filter.severity = params.severity;
  if (isStatus(params.status)) filter.status = params.status;
  if (params.connection) filter.connection = params.connection;
  if (params.table) filter.table = params.table;
  if (params.from && DAY.test(params.from)) filter.from = params.from;
  if (params.to && DAY.test(params.to)) filter.to = params.to;
  return filter;
}

export function filterToParams(filter: ViolationFilter, sort: ViolationSort = DEFAULT_SORT): Record<string, string | undefined> {
  const isDefaultSort = sort.column === DEFAULT_SORT.column && sort.direction === DEFAULT_SORT.direction;
  return {
    rule: filter.ruleId,
    severity: filter.severity,
    status: filter.status,
    connection: filter.connection,
    table: filter.table,
    from: filter.from,
    to: filter.to,
    sort: isDefaultSort ? undefined : sort.column,
    dir: isDefaultSort ? undefined : sort.direction,
  };
}

export function sortFromParams(params: Record<string, string>): ViolationSort {
  const column = SORT_COLUMNS.find((c) => c === params.sort);
  if (!column) return DEFAULT_SORT;
  return { column, direction: params.dir === 'asc' ? 'asc' : 'desc' };
}

/** Clicking a header sorts by it; clicking the sorted header again flips the direction. */
export function nextSort(current: ViolationSort, column: ViolationSortColumn): ViolationSort {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  // Dates read best newest first; names and ids alphabetically.
  const direction = column === 'firstSeenAt' || column === 'statusChangedAt' || column === 'severity' ? 'desc' : 'asc';
  return { column, direction };
}

/** The same filter and sort always give the same key, whatever order the fields were set in. */
export function queryKey(filter: ViolationFilter, sort: ViolationSort): string {
  const keys = Object.keys(filter).sort() as Array<keyof ViolationFilter>;
  const parts = keys.filter((k) => filter[k] !== undefined && filter[k] !== '').map((k) => `${k}=${filter[k]}`);
  return `${parts.join('&')}|${sort.column}:${sort.direction}`;
}

export function isFiltered(filter: ViolationFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined && v !== '');
}

/** "severity critical, status open, rule expense-receipt" for the bulk review dialog. */
export function describeFilter(filter: ViolationFilter): string {
  const parts: string[] = [];
  if (filter.ruleId) parts.push(`rule ${filter.ruleId}`);
  if (filter.severity) parts.push(`severity ${filter.severity}`);
  if (filter.status) parts.push(`status ${filter.status}`);
  if (filter.connection) parts.push(`connection ${filter.connection}`);
  if (filter.table) parts.push(`table ${filter.table}`);
  if (filter.from) parts.push(`first seen from ${filter.from}`);
  if (filter.to) parts.push(`first seen to ${filter.to}`);
  return parts.length ? parts.join(', ') : 'no filter: every violation';
}
