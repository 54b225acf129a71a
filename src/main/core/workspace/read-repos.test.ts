import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './test-workspace.js';
import type { Workspace } from './workspace.js';

let ws: Workspace;
let dispose: () => void;
beforeEach(() => {
  ({ ws, dispose } = tempWorkspace());
});
afterEach(() => dispose());

function addRun(status: string, startedAt: string): number {
  return Number(
    ws.db
      .prepare(`INSERT INTO runs (status, trigger, as_of, started_at, records_scanned) VALUES (?, 'manual', '2024-03-01', ?, 10)`)
      .run(status, startedAt).lastInsertRowid,
  );
}

function addViolation(id: number, ruleId: string, severity: string, status: string, table = 'expenses'): void {
  ws.db
    .prepare(
      `INSERT INTO violations (id, rule_id, record_key, connection, target_table, severity, status, snapshot, justification,
         first_seen_run, first_seen_at, status_changed_at) VALUES (?, ?, ?, 'demo', ?, ?, ?, ?, ?, 1, 't', 't')`,
    )
    .run(id, ruleId, JSON.stringify([id]), table, severity, status, JSON.stringify({ id, amount: 80.5 }), `#${id} is missing a receipt`);
}

describe('runs repository', () => {
  it('reads runs newest first, the last one, and per-rule results with parsed errors', () => {
    expect(ws.runs.last()).toBeNull();
    const first = addRun('completed', '2024-03-01T00:00:00Z');
    const second = addRun('failed', '2024-03-02T00:00:00Z');
    ws.db.prepare(`INSERT INTO run_rules (run_id, rule_id, rule_version, status, records_scanned, violations_open, duration_ms, error) VALUES (?, ?, 3, ?, 5, 2, 12, ?)`)
      .run(second, 'b-rule', 'failed', JSON.stringify({ code: 'SOURCE_ERROR', message: 'no such column: amt' }));
    ws.db.prepare(`INSERT INTO run_rules (run_id, rule_id, rule_version, status) VALUES (?, 'a-rule', 1, 'completed')`).run(second);

    expect(ws.runs.list(10).map((r) => r.id)).toEqual([second, first]);
    expect(ws.runs.list(1).map((r) => r.id)).toEqual([second]);
    expect(ws.runs.last()).toMatchObject({ id: second, status: 'failed', startedAt: '2024-03-02T00:00:00Z', recordsScanned: 10, finishedAt: null });
    expect(ws.runs.get(first)).toMatchObject({ id: first, status: 'completed', asOf: '2024-03-01' });
    expect(ws.runs.get(999)).toBeNull();
    const results = ws.runs.ruleResults(second);
    expect(results.map((r) => r.id)).toEqual(['a-rule', 'b-rule']);
    expect(results[1]).toMatchObject({ ruleVersion: 3, status: 'failed', recordsScanned: 5, violationsOpen: 2, durationMs: 12, error: { code: 'SOURCE_ERROR', message: 'no such column: amt' } });
    expect(results[0]!.error).toBeNull();
  });
});

describe('violations repository', () => {
  beforeEach(() => {
    addViolation(1, 'r1', 'low', 'open');
    addViolation(2, 'r1', 'critical', 'open');
    addViolation(3, 'r2', 'high', 'dismissed', 'vendors');
    addViolation(4, 'r2', 'critical', 'open', 'vendors');
    addViolation(5, 'r1', 'medium', 'resolved');
  });

  it('filters in SQL and orders deterministically', () => {
    expect(ws.violations.list().map((v) => v.id)).toEqual([1, 2, 3, 4, 5]);
    expect(ws.violations.list({ ruleId: 'r1', status: 'open' }).map((v) => v.id)).toEqual([1, 2]);
    expect(ws.violations.list({ severity: 'critical' }).map((v) => v.id)).toEqual([2, 4]);
    expect(ws.violations.list({ table: 'vendors' }).map((v) => v.id)).toEqual([3, 4]);
    expect(ws.violations.list({ order: 'severity' }).map((v) => v.id)).toEqual([2, 4, 3, 5, 1]);
    expect(ws.violations.list({ limit: 2, offset: 1 }).map((v) => v.id)).toEqual([2, 3]);
    expect(ws.violations.count({ ruleId: 'r1' })).toBe(3);
  });

  it('does not let a filter value reach the SQL text', () => {
    expect(ws.violations.list({ ruleId: "r1' OR '1'='1" })).toEqual([]);
  });

  it('parses keys and snapshots, and counts by severity', () => {
    expect(ws.violations.get(2)).toMatchObject({ recordKey: [2], snapshot: { id: 2, amount: 80.5 }, table: 'expenses', justification: '#2 is missing a receipt', resolvedAt: null });
    expect(ws.violations.get(99)).toBeNull();
    expect(ws.violations.countsBySeverity()).toEqual({ critical: 2, high: 0, medium: 0, low: 1 });
    expect(ws.violations.countsBySeverity('dismissed')).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
  });
});
