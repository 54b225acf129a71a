import type Database from 'better-sqlite3';
import type { RuleCompliance } from '../../../shared/api/dashboard.js';
import type { RuleRunStatus } from '../../../shared/api/scans.js';
import type { Severity } from '../../../shared/rule.js';

interface ComplianceRow {
  id: string;
  title: string;
  severity: Severity;
  open: number;
  in_scope: number | null;
  found: number | null;
  last_run_id: number | null;
  last_status: RuleRunStatus | null;
  last_error: string | null;
  last_at: string | null;
}

/** The scanner stores a rule's error as a serialised AppError; anything else is shown as it is. */
function errorMessage(text: string | null): string | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { message?: unknown } | null;
    if (value && typeof value.message === 'string') return value.message;
  } catch {
    // plain text
  }
  return text;
}

/**
 * Every active rule with its open violations (counted on the rule+status index) and the figures
 * of its last completed run and its newest run of any status. run_rules is read once, grouped.
 */
export function ruleCompliance(db: Database.Database): RuleCompliance[] {
  const rows = db
    .prepare(
      `WITH last_done AS (
         SELECT rule_id, max(run_id) AS run_id FROM run_rules WHERE status = 'completed' GROUP BY rule_id
       ), last_any AS (
         SELECT rule_id, max(run_id) AS run_id FROM run_rules GROUP BY rule_id
       )
       SELECT r.id, r.title, r.severity,
         (SELECT count(*) FROM violations v WHERE v.rule_id = r.id AND v.status IN ('open', 'confirmed')) AS open,
         done.records_in_scope AS in_scope, done.violations_found AS found,
         anyr.run_id AS last_run_id, anyr.status AS last_status, anyr.error AS last_error,
         coalesce(runs.finished_at, runs.started_at) AS last_at
       FROM rules r
       LEFT JOIN last_done ld ON ld.rule_id = r.id
       LEFT JOIN run_rules done ON done.run_id = ld.run_id AND done.rule_id = r.id
       LEFT JOIN last_any la ON la.rule_id = r.id
       LEFT JOIN run_rules anyr ON anyr.run_id = la.run_id AND anyr.rule_id = r.id
       LEFT JOIN runs ON runs.id = la.run_id
       WHERE r.status = 'active'`,
    )
    .all() as ComplianceRow[];
  return rows.map((row) => {
    const inScope = row.in_scope;
    const passing = inScope === null ? null : Math.max(0, inScope - (row.found ?? 0));
    return {
      ruleId: row.id,
      title: row.title,
      severity: row.severity,
      openViolations: row.open,
      recordsInScope: inScope,
      recordsPassing: passing,
      complianceRate: inScope === null || inScope === 0 || passing === null ? null : passing / inScope,
      lastRunId: row.last_run_id,
      lastRunAt: row.last_at,
      lastRunStatus: row.last_status,
      lastError: errorMessage(row.last_error),
    };
  });
}

/** Worst compliance first; rules without a rate after those with one; then most open violations, then id. */
export function byWorstCompliance(a: RuleCompliance, b: RuleCompliance): number {
  if (a.complianceRate !== b.complianceRate) {
    if (a.complianceRate === null) return 1;
    if (b.complianceRate === null) return -1;
    return a.complianceRate - b.complianceRate;
  }
  return b.openViolations - a.openViolations || a.ruleId.localeCompare(b.ruleId);
}
