import type { ApiEvent } from '../../../shared/api.js';
import type { ApiContext } from '../api/api-context.js';
import { SEVERITIES } from '../../../shared/rule.js';
import type { Rule, Severity } from '../../../shared/rule.js';
import type { ViolationStatus } from '../../../shared/api/violations.js';
import { parseExpression } from '../rules/parser.js';
import type { Workspace } from '../workspace/workspace.js';

/** A stored rule for tests: active, on `shop.<table>`. */
export function testRule(id: string, severity: Severity, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    title: `Title of ${id}`,
    severity,
    target: { connection: 'shop', table: 'orders', key: ['id'] },
    require: parseExpression('amount <= 100'),
    status: 'active',
    origin: 'manual',
    version: 1,
    ...overrides,
  };
}

export interface TestViolation {
  ruleId: string;
  key: number;
  severity: Severity;
  status: ViolationStatus;
  connection: string;
  table: string;
  firstSeenAt: string;
  statusChangedAt: string;
  resolvedRun: number | null;
  resolvedAt: string | null;
  justification: string;
}

/** Inserts violations straight into the table (as the scanner would leave them) and returns their ids. */
export function insertViolations(ws: Workspace, rows: TestViolation[]): number[] {
  const insert = ws.db.prepare(
    `INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot, justification,
       first_seen_run, first_seen_at, status_changed_at, resolved_run, resolved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  return ws.db.transaction(() =>
    rows.map((r) =>
      Number(
        insert.run(r.ruleId, JSON.stringify([r.key]), r.connection, r.table, r.severity, r.status, JSON.stringify({ id: r.key, amount: 150 }), r.justification, r.firstSeenAt, r.statusChangedAt, r.resolvedRun, r.resolvedAt)
          .lastInsertRowid,
      ),
    ),
  )();
}

/** `count` varied violations from a seed: every rule, severity, status, connection, table and day shows up. */
export function generateViolations(count: number, seed = 7): TestViolation[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  const statuses: ViolationStatus[] = ['open', 'confirmed', 'dismissed', 'resolved'];
  return Array.from({ length: count }, (_, i) => {
    const rule = next(5);
    const seen = Date.UTC(2023, 0, 1) + next(40 * 24) * 3_600_000;
    const status = statuses[next(4)]!;
    const changed = new Date(seen + next(5) * 86_400_000).toISOString();
    return {
      ruleId: `r${rule}`,
      key: i,
      severity: SEVERITIES[rule % 4]!,
      status,
      connection: rule < 3 ? 'shop' : 'erp',
      table: ['orders', 'payments', 'users'][next(3)]!,
      firstSeenAt: new Date(seen).toISOString(),
      statusChangedAt: status === 'open' ? new Date(seen).toISOString() : changed,
      resolvedRun: null,
      resolvedAt: status === 'resolved' ? changed : null,
      justification: `amount is ${i}, over 100\nsecond line ${i}`,
    };
  });
}

/** The part of an API context the dashboard, violations and audit slices use; events are collected. */
export function testContext(ws: Workspace, next: string | null = null): { ctx: ApiContext; events: ApiEvent[] } {
  const events: ApiEvent[] = [];
  const ctx = {
    ws,
    actor: 'app:alice',
    host: 'web',
    env: {},
    emit: (event: ApiEvent) => events.push(event),
    nextScheduledScan: () => next,
  } as unknown as ApiContext; // openSource and extractors are never called by these slices
  return { ctx, events };
}
