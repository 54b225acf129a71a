import type Database from 'better-sqlite3';
import type { RuleLastResult, RuleSummary } from '../../../shared/api/rules.js';
import type { RuleRunStatus } from '../../../shared/api/scans.js';
import type { Rule } from '../../../shared/rule.js';

interface LastRow {
  rule_id: string;
  run_id: number;
  status: RuleRunStatus;
  records_in_scope: number;
  violations_open: number;
  error: string | null;
  at: string;
}

/** The scanner stores a rule's error as a serialised AppError; the list shows its message. */
function errorMessage(text: string | null): string | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { message?: unknown } | null;
    if (value && typeof value.message === 'string') return value.message;
  } catch {
    // plain text: shown as it is
  }
  return text;
}

/**
 * Rules as lists show them, with their open violations and their newest run result: two grouped
 * queries for the whole list, never one per rule. `only` narrows both to one rule.
 */
export function ruleSummaries(db: Database.Database, rules: Rule[], only?: string): RuleSummary[] {
  const filter = only === undefined ? '' : 'AND rule_id = @only';
  const params = only === undefined ? {} : { only };
  const open = new Map(
    (db
      .prepare(`SELECT rule_id, count(*) AS n FROM violations WHERE status IN ('open', 'confirmed') ${filter} GROUP BY rule_id`)
      .all(params) as Array<{ rule_id: string; n: number }>).map((r) => [r.rule_id, r.n]),
  );
  const last = new Map(
    (db
      .prepare(
        `SELECT rr.rule_id, rr.run_id, rr.status, rr.records_in_scope, rr.violations_open, rr.error,
                coalesce(r.finished_at, r.started_at) AS at
           FROM run_rules rr
           JOIN (SELECT rule_id, max(run_id) AS run_id FROM run_rules WHERE 1 = 1 ${filter} GROUP BY rule_id) newest
             ON newest.rule_id = rr.rule_id AND newest.run_id = rr.run_id
           JOIN runs r ON r.id = rr.run_id`,
      )
      .all(params) as LastRow[]).map((r): [string, RuleLastResult] => [
      r.rule_id,
      { runId: r.run_id, at: r.at, status: r.status, recordsInScope: r.records_in_scope, violationsOpen: r.violations_open, error: errorMessage(r.error) },
    ]),
  );
  return rules.map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    status: rule.status,
    origin: rule.origin,
    version: rule.version,
    connection: rule.target.connection,
    table: rule.target.table ?? '(query)',
    openViolations: open.get(rule.id) ?? 0,
    lastResult: last.get(rule.id) ?? null,
  }));
}
