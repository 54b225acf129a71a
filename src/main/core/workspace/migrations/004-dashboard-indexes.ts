import type { Migration } from './migration.js';

/**
 * The indexes the dashboard and the violations table need on large workspaces (measured by
 * bench/dashboard-bench.ts: the 90-day dashboard over 1,000,000 violations went from 2.9–5.7 s to
 * under 300 ms). Exported so the bench can measure without them; never edit them here.
 */
export const DASHBOARD_INDEXES: ReadonlyArray<{ name: string; sql: string }> = [
  // Trend: opened/resolved per UTC day and severity, walked in index order with no sort.
  { name: 'violations_opened_day', sql: 'CREATE INDEX violations_opened_day ON violations (substr(first_seen_at, 1, 10), severity)' },
  { name: 'violations_resolved_day', sql: 'CREATE INDEX violations_resolved_day ON violations (substr(resolved_at, 1, 10), severity) WHERE resolved_at IS NOT NULL' },
  // The default table view: one status, newest or oldest first, at any depth.
  { name: 'violations_status_first_seen', sql: 'CREATE INDEX violations_status_first_seen ON violations (status, first_seen_at)' },
  // Each rule's last run without reading every run_rules row.
  { name: 'run_rules_rule', sql: 'CREATE INDEX run_rules_rule ON run_rules (rule_id, status, run_id)' },
];

// Released: never edit this migration; add a new one instead.
export const dashboardIndexes: Migration = {
  version: 4,
  name: 'dashboard-indexes',
  up(db) {
    for (const index of DASHBOARD_INDEXES) db.exec(index.sql);
  },
};
