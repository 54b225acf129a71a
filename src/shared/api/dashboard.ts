import type { Severity } from '../rule.js';
import type { RunStatus, RunSummary } from './scans.js';

export type SeverityCounts = Record<Severity, number>;

export interface RuleCompliance {
  ruleId: string;
  title: string;
  severity: Severity;
  openViolations: number;
  /** From the rule's last completed run; null when it never completed one. */
  recordsInScope: number | null;
  recordsPassing: number | null;
  /** recordsPassing ÷ recordsInScope; null when nothing was in scope or the rule never ran. */
  complianceRate: number | null;
  lastRunId: number | null;
  lastRunAt: string | null;
  lastRunStatus: RunStatus | 'cancelled' | null;
  lastError: string | null;
}

export interface TrendPoint {
  /** A calendar day, YYYY-MM-DD (UTC). */
  day: string;
  opened: SeverityCounts;
  resolved: SeverityCounts;
}

export interface Dashboard {
  openBySeverity: SeverityCounts;
  openTotal: number;
  /** Every active rule, worst compliance first. */
  rules: RuleCompliance[];
  /** One point per day of the window, oldest first, zero days included. */
  trend: TrendPoint[];
  lastRun: RunSummary | null;
  /** ISO time of the next scheduled scan, null when nothing is scheduled. */
  nextScheduledScan: string | null;
  /** Up to 10, most open violations first. */
  topRules: RuleCompliance[];
  /** Rules whose last run failed. */
  failedRules: RuleCompliance[];
  /** How long the aggregates took to compute. */
  computedMs: number;
}

export interface DashboardApi {
  getDashboard(args: { days: 30 | 90 }): Promise<Dashboard>;
}
