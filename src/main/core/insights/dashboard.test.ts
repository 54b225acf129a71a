import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApi } from '../api/dashboard-api.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { insertViolations, testContext, testRule } from '../violations/test-violations.js';
import type { TestViolation } from '../violations/test-violations.js';
import { DASHBOARD_INDEXES } from '../workspace/migrations/004-dashboard-indexes.js';

const base: Omit<TestViolation, 'ruleId' | 'key' | 'severity' | 'status' | 'firstSeenAt'> = {
  connection: 'shop',
  table: 'orders',
  statusChangedAt: '2023-12-01T00:00:00.000Z',
  resolvedRun: null,
  resolvedAt: null,
  justification: 'x',
};

describe('getDashboard', () => {
  let t: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    t = tempWorkspace(); // its clock says 2024-01-01: the 30-day window is 2023-12-03 … 2024-01-01
    const ws = t.ws;
    ws.rules.upsert(testRule('a', 'critical'), 'test');
    ws.rules.upsert(testRule('b', 'high'), 'test');
    ws.rules.upsert(testRule('c', 'low'), 'test'); // never ran
    ws.rules.upsert(testRule('d', 'medium', { status: 'inactive' }), 'test');
    insertViolations(ws, [
      { ...base, ruleId: 'a', key: 1, severity: 'critical', status: 'open', firstSeenAt: '2023-12-31T10:00:00.000Z' },
      { ...base, ruleId: 'a', key: 2, severity: 'critical', status: 'confirmed', firstSeenAt: '2023-12-31T23:59:59.999Z' },
      { ...base, ruleId: 'a', key: 3, severity: 'critical', status: 'resolved', firstSeenAt: '2023-12-20T08:00:00.000Z', resolvedRun: 2, resolvedAt: '2024-01-01T05:00:00.000Z' },
      { ...base, ruleId: 'a', key: 4, severity: 'critical', status: 'dismissed', firstSeenAt: '2023-11-01T00:00:00.000Z' },
      { ...base, ruleId: 'b', key: 1, severity: 'high', status: 'open', firstSeenAt: '2023-12-03T00:00:00.000Z' },
      { ...base, ruleId: 'b', key: 2, severity: 'high', status: 'open', firstSeenAt: '2023-12-02T23:59:59.999Z' },
      { ...base, ruleId: 'd', key: 1, severity: 'medium', status: 'open', firstSeenAt: '2023-12-31T00:00:00.000Z' },
    ]);
    const run = ws.db.prepare(`INSERT INTO runs (id, status, trigger, as_of, started_at, finished_at) VALUES (?, ?, 'manual', ?, ?, ?)`);
    run.run(1, 'completed', '2023-12-30', '2023-12-30T00:00:00.000Z', '2023-12-30T00:01:00.000Z');
    run.run(2, 'failed', '2023-12-31', '2023-12-31T00:00:00.000Z', '2023-12-31T00:02:00.000Z');
    const rr = ws.db.prepare(`INSERT INTO run_rules (run_id, rule_id, rule_version, status, records_in_scope, violations_found, error) VALUES (?, ?, 1, ?, ?, ?, ?)`);
    rr.run(1, 'a', 'completed', 100, 10, null);
    rr.run(1, 'b', 'completed', 0, 0, null);
    rr.run(2, 'a', 'failed', 0, 0, JSON.stringify({ code: 'SOURCE_ERROR', message: 'table is locked' }));
    rr.run(2, 'b', 'completed', 50, 25, null);
  });
  afterEach(() => t.dispose());

  async function dashboard(days: 30 | 90 = 30) {
    return createDashboardApi(testContext(t.ws, '2024-01-01T00:05:00.000Z').ctx).getDashboard({ days });
  }

  it('counts open (open or confirmed) violations by severity, inactive rules included', async () => {
    const d = await dashboard();
    expect(d.openBySeverity).toEqual({ critical: 2, high: 2, medium: 1, low: 0 });
    expect(d.openTotal).toBe(5);
  });

  it('gives each active rule its compliance from the last completed run and its newest run status', async () => {
    const d = await dashboard();
    expect(d.rules.map((r) => r.ruleId)).toEqual(['b', 'a', 'c']);
    const [b, a, c] = d.rules;
    expect(b).toEqual({ ruleId: 'b', title: 'Title of b', severity: 'high', openViolations: 2, recordsInScope: 50, recordsPassing: 25, complianceRate: 0.5, lastRunId: 2, lastRunAt: '2023-12-31T00:02:00.000Z', lastRunStatus: 'completed', lastError: null });
    expect(a).toMatchObject({ openViolations: 2, recordsInScope: 100, recordsPassing: 90, complianceRate: 0.9, lastRunId: 2, lastRunStatus: 'failed', lastError: 'table is locked' });
    expect(c).toMatchObject({ openViolations: 0, recordsInScope: null, recordsPassing: null, complianceRate: null, lastRunId: null, lastRunAt: null, lastRunStatus: null, lastError: null });
    expect(d.failedRules.map((r) => r.ruleId)).toEqual(['a']);
    expect(d.topRules.map((r) => r.ruleId)).toEqual(['a', 'b']);
    expect(d.lastRun).toMatchObject({ id: 2, status: 'failed' });
    expect(d.nextScheduledScan).toBe('2024-01-01T00:05:00.000Z');
    expect(d.computedMs).toBeGreaterThanOrEqual(0);
  });

  it('has no rate when nothing was in scope', async () => {
    t.ws.db.prepare(`INSERT INTO runs (id, status, trigger, as_of, started_at) VALUES (3, 'completed', 'manual', 'x', '2023-12-31T01:00:00.000Z')`).run();
    t.ws.db.prepare(`INSERT INTO run_rules (run_id, rule_id, rule_version, status, records_in_scope, violations_found) VALUES (3, 'b', 1, 'completed', 0, 0)`).run();
    const b = (await dashboard()).rules.find((r) => r.ruleId === 'b')!;
    expect(b).toMatchObject({ recordsInScope: 0, recordsPassing: 0, complianceRate: null, lastRunId: 3 });
  });

  for (const indexed of [false, true]) {
    it(`draws one trend point per UTC day, zero days included (${indexed ? 'with' : 'without'} the day indexes)`, async () => {
      if (!indexed) for (const index of DASHBOARD_INDEXES) t.ws.db.exec(`DROP INDEX ${index.name}`);
      const d = await dashboard();
      expect(d.trend).toHaveLength(30);
      expect(d.trend[0]!.day).toBe('2023-12-03');
      expect(d.trend.at(-1)!.day).toBe('2024-01-01');
      const nonZero = d.trend
        .flatMap((p) => (['opened', 'resolved'] as const).flatMap((kind) => Object.entries(p[kind]).filter(([, n]) => n > 0).map(([s, n]) => `${p.day} ${kind} ${s} ${n}`)));
      expect(nonZero).toEqual([
        '2023-12-03 opened high 1',
        '2023-12-20 opened critical 1',
        '2023-12-31 opened critical 2',
        '2023-12-31 opened medium 1',
        '2024-01-01 resolved critical 1',
      ]);
      const d90 = await dashboard(90);
      expect(d90.trend).toHaveLength(90);
      expect(d90.trend.reduce((s, p) => s + p.opened.high, 0)).toBe(2);
      expect(d90.trend.reduce((s, p) => s + p.opened.critical, 0)).toBe(4); // the dismissed one of 2023-11-01 is inside 90 days
    });
  }

  it('refuses another window', async () => {
    await expect(createDashboardApi(testContext(t.ws).ctx).getDashboard({ days: 7 as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
