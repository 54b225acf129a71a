import type { RuleCompliance } from '../../../shared/api/dashboard.js';

/** Worst compliance first; rules that never ran (no rate) last, then by open violations. */
export function sortByCompliance(rules: readonly RuleCompliance[]): RuleCompliance[] {
  return [...rules].sort((a, b) => {
    if (a.complianceRate === null && b.complianceRate === null) return b.openViolations - a.openViolations || a.title.localeCompare(b.title);
    if (a.complianceRate === null) return 1;
    if (b.complianceRate === null) return -1;
    return a.complianceRate - b.complianceRate || b.openViolations - a.openViolations || a.title.localeCompare(b.title);
  });
}

export type ComplianceBand = 'good' | 'fair' | 'poor' | 'none';

export function complianceBand(rate: number | null): ComplianceBand {
  if (rate === null) return 'none';
  if (rate >= 0.98) return 'good';
  if (rate >= 0.9) return 'fair';
  return 'poor';
}

/** What the rate column says when there is no rate. */
export function complianceNote(rule: RuleCompliance): string | null {
  if (rule.lastRunId === null) return 'not scanned yet';
  if (rule.lastRunStatus === 'failed') return 'last run failed';
  if (rule.recordsInScope === 0) return 'nothing in scope';
  if (rule.complianceRate === null) return 'no completed run';
  return null;
}

/** Nothing to show: no rules and no scans yet. */
export function isEmptyWorkspace(d: { rules: readonly unknown[]; lastRun: unknown; openTotal: number }): boolean {
  return d.rules.length === 0 && d.lastRun === null && d.openTotal === 0;
}
