import type Database from 'better-sqlite3';
import type { Dashboard, SeverityCounts } from '../../../shared/api/dashboard.js';
import { AppError } from '../../../shared/errors.js';
import type { Severity } from '../../../shared/rule.js';
import type { Workspace } from '../workspace/workspace.js';
import { nextDay } from '../violations/violation-filter-sql.js';
import { byWorstCompliance, ruleCompliance } from './rule-compliance.js';
import { trend, windowDays, zeroCounts } from './trend.js';

const TOP_RULES = 10;

function openBySeverity(db: Database.Database): SeverityCounts {
  const counts = zeroCounts();
  // Grouped by status too, so the (status, severity) index is walked in order without a sort.
  const rows = db
    .prepare(`SELECT status, severity, count(*) FROM violations WHERE status IN ('open', 'confirmed') GROUP BY status, severity`)
    .raw(true)
    .all() as Array<[string, string, number]>;
  for (const [, severity, n] of rows) if (severity in counts) counts[severity as Severity] += n;
  return counts;
}

/**
 * The dashboard's figures, every aggregate computed in SQL over the indexes: no violation row is
 * loaded into memory. "Open" means open or confirmed (still to be fixed).
 */
export function computeDashboard(ws: Workspace, days: number, nextScheduledScan: string | null): Dashboard {
  if (days !== 30 && days !== 90) throw new AppError('INVALID_INPUT', `The dashboard shows 30 or 90 days, not ${String(days)}.`, { field: 'days' });
  const started = performance.now();
  const today = ws.now().slice(0, 10);
  const read = ws.db.transaction(() => {
    const bySeverity = openBySeverity(ws.db);
    const rules = ruleCompliance(ws.db).sort(byWorstCompliance);
    const points = trend(ws.db, windowDays(today, days), nextDay(today));
    return { bySeverity, rules, points, lastRun: ws.runs.last() };
  });
  // One read transaction: every figure comes from the same moment, even while a scan writes.
  const { bySeverity, rules, points, lastRun } = read.deferred();
  return {
    openBySeverity: bySeverity,
    openTotal: Object.values(bySeverity).reduce((a, b) => a + b, 0),
    rules,
    trend: points,
    lastRun,
    nextScheduledScan,
    topRules: rules
      .filter((r) => r.openViolations > 0)
      .sort((a, b) => b.openViolations - a.openViolations || a.ruleId.localeCompare(b.ruleId))
      .slice(0, TOP_RULES),
    failedRules: rules.filter((r) => r.lastRunStatus === 'failed'),
    computedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
