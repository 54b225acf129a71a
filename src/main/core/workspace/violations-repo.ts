import type Database from 'better-sqlite3';
import { SEVERITIES } from '../../../shared/rule.js';
import type { Severity } from '../../../shared/rule.js';
import type { CellValue, Row } from '../../../shared/schema.js';
import type { ViolationStatus } from '../scan/violation-writer.js';

export interface ViolationRecord {
  id: number;
  ruleId: string;
  recordKey: CellValue[];
  connection: string;
  table: string;
  severity: Severity;
  status: ViolationStatus;
  snapshot: Row;
  justification: string;
  firstSeenRun: number;
  firstSeenAt: string;
  statusChangedAt: string;
  resolvedRun: number | null;
  resolvedAt: string | null;
}

export interface ViolationFilter {
  ruleId?: string;
  status?: ViolationStatus;
  severity?: Severity;
  table?: string;
  /** Default 1000. */
  limit?: number;
  offset?: number;
  /** `id` (default): oldest first. `severity`: critical first, then by id. */
  order?: 'id' | 'severity';
}

/** The read side of violations; the scanner and the review flow write them. */
export interface ViolationsRepo {
  list(filter?: ViolationFilter): ViolationRecord[];
  /** How many match the filter (limit and offset ignored). */
  count(filter?: ViolationFilter): number;
  /** Every severity present as a key, zero when none. */
  countsBySeverity(status?: ViolationStatus): Record<Severity, number>;
  get(id: number): ViolationRecord | null;
}

interface ViolationRow {
  id: number;
  rule_id: string;
  record_key: string;
  connection: string;
  target_table: string;
  severity: Severity;
  status: ViolationStatus;
  snapshot: string;
  justification: string;
  first_seen_run: number;
  first_seen_at: string;
  status_changed_at: string;
  resolved_run: number | null;
  resolved_at: string | null;
}

const DEFAULT_LIMIT = 1000;
const SEVERITY_RANK = `CASE severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${SEVERITIES.length} END`;

function toRecord(row: ViolationRow): ViolationRecord {
  return {
    id: row.id,
    ruleId: row.rule_id,
    recordKey: JSON.parse(row.record_key) as CellValue[],
    connection: row.connection,
    table: row.target_table,
    severity: row.severity,
    status: row.status,
    snapshot: JSON.parse(row.snapshot) as Row,
    justification: row.justification,
    firstSeenRun: row.first_seen_run,
    firstSeenAt: row.first_seen_at,
    statusChangedAt: row.status_changed_at,
    resolvedRun: row.resolved_run,
    resolvedAt: row.resolved_at,
  };
}

/** Only fixed column names reach the SQL text; every filter value is bound. */
function whereClause(filter: ViolationFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (column: string, name: string, value: unknown): void => {
    if (value === undefined) return;
    parts.push(`${column} = @${name}`);
    params[name] = value;
  };
  add('rule_id', 'ruleId', filter.ruleId);
  add('status', 'status', filter.status);
  add('severity', 'severity', filter.severity);
  add('target_table', 'table', filter.table);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function orderClause(order: NonNullable<ViolationFilter['order']>): string {
  switch (order) {
    case 'id':
      return 'ORDER BY id';
    case 'severity':
      return `ORDER BY ${SEVERITY_RANK}, id`;
    default: {
      const unreachable: never = order;
      throw new Error(`Unknown order: ${String(unreachable)}`);
    }
  }
}

export function createViolationsRepo(db: Database.Database): ViolationsRepo {
  const byId = db.prepare('SELECT * FROM violations WHERE id = ?');
  const bySeverity = db.prepare('SELECT severity, count(*) AS n FROM violations WHERE status = ? GROUP BY severity');

  return {
    list(filter = {}) {
      const { sql, params } = whereClause(filter);
      const limit = Math.max(0, Math.floor(filter.limit ?? DEFAULT_LIMIT));
      const offset = Math.max(0, Math.floor(filter.offset ?? 0));
      const rows = db
        .prepare(`SELECT * FROM violations ${sql} ${orderClause(filter.order ?? 'id')} LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset }) as ViolationRow[];
      return rows.map(toRecord);
    },
    count(filter = {}) {
      const { sql, params } = whereClause(filter);
      return db.prepare(`SELECT count(*) FROM violations ${sql}`).pluck(true).get(params) as number;
    },
    countsBySeverity(status = 'open') {
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
      for (const row of bySeverity.all(status) as { severity: string; n: number }[]) {
        if ((SEVERITIES as readonly string[]).includes(row.severity)) counts[row.severity as Severity] = row.n;
      }
      return counts;
    },
    get(id) {
      const row = byId.get(id) as ViolationRow | undefined;
      return row ? toRecord(row) : null;
    },
  };
}
