import type Database from 'better-sqlite3';
import type { SerializedError } from '../../../shared/errors.js';
import type { RuleRunResult, RuleRunStatus, RunStatus, RunSummary } from '../scan/scan-types.js';
import type { MappingRunResult } from '../../../shared/api/scans.js';

/** One rule's figures in a run, with the rule version that was scanned. */
export interface RunRuleResult extends RuleRunResult {
  ruleVersion: number;
}

/** The read side of scan runs; the scanner writes them. */
export interface RunsRepo {
  get(id: number): RunSummary | null;
  /** Newest first. */
  list(limit?: number): RunSummary[];
  /** By rule id. */
  ruleResults(runId: number): RunRuleResult[];
  last(): RunSummary | null;
}

interface RunRow {
  id: number;
  status: RunStatus;
  as_of: string;
  started_at: string;
  finished_at: string | null;
  records_scanned: number;
  violations_new: number;
  violations_open: number;
  violations_resolved: number;
  duration_ms: number | null;
  error: string | null;
}

interface RunRuleRow {
  rule_id: string;
  rule_version: number;
  status: RuleRunStatus;
  records_scanned: number;
  records_in_scope: number;
  violations_found: number;
  violations_new: number;
  violations_open: number;
  resolved: number;
  duration_ms: number | null;
  error: string | null;
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    asOf: row.as_of,
    recordsScanned: row.records_scanned,
    violationsNew: row.violations_new,
    violationsOpen: row.violations_open,
    violationsResolved: row.violations_resolved,
    durationMs: row.duration_ms,
    error: row.error,
  };
}

/** The scanner stores a rule's error as a serialised AppError; older or foreign text is kept as a message. */
function parseError(text: string | null): SerializedError | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<SerializedError> | null;
    if (value && typeof value.code === 'string' && typeof value.message === 'string') return value as SerializedError;
  } catch {
    // not JSON: fall through
  }
  return { code: 'INTERNAL', message: text };
}

function toRuleResult(row: RunRuleRow): RunRuleResult {
  return {
    id: row.rule_id,
    ruleVersion: row.rule_version,
    status: row.status,
    recordsScanned: row.records_scanned,
    recordsInScope: row.records_in_scope,
    violationsFound: row.violations_found,
    violationsNew: row.violations_new,
    violationsOpen: row.violations_open,
    resolved: row.resolved,
    durationMs: row.duration_ms ?? 0,
    error: parseError(row.error),
  };
}

interface RunRuleMappingRow extends Omit<RunRuleRow, 'rule_version'> {
  mapping: number;
  connection: string;
  target_table: string;
}

function toMappingResult(row: RunRuleMappingRow): MappingRunResult {
  return {
    mapping: row.mapping,
    connection: row.connection,
    table: row.target_table,
    status: row.status,
    recordsScanned: row.records_scanned,
    recordsInScope: row.records_in_scope,
    violationsFound: row.violations_found,
    violationsNew: row.violations_new,
    violationsOpen: row.violations_open,
    resolved: row.resolved,
    durationMs: row.duration_ms ?? 0,
    error: parseError(row.error),
  };
}

export function createRunsRepo(db: Database.Database): RunsRepo {
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?');
  const newest = db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?');
  const rulesOf = db.prepare('SELECT * FROM run_rules WHERE run_id = ? ORDER BY rule_id');
  const mappingsOf = db.prepare('SELECT * FROM run_rule_mappings WHERE run_id = ? ORDER BY rule_id, mapping');

  return {
    get(id) {
      const row = byId.get(id) as RunRow | undefined;
      return row ? toSummary(row) : null;
    },
    list: (limit = 50) => (newest.all(Math.max(0, Math.floor(limit))) as RunRow[]).map(toSummary),
    ruleResults(runId) {
      const parts = new Map<string, MappingRunResult[]>();
      for (const row of mappingsOf.all(runId) as RunRuleMappingRow[]) {
        const list = parts.get(row.rule_id) ?? [];
        list.push(toMappingResult(row));
        parts.set(row.rule_id, list);
      }
      return (rulesOf.all(runId) as RunRuleRow[]).map((row) => {
        const result = toRuleResult(row);
        const mappings = parts.get(row.rule_id);
        return mappings ? { ...result, mappings } : result;
      });
    },
    last() {
      const row = newest.get(1) as RunRow | undefined;
      return row ? toSummary(row) : null;
    },
  };
}
