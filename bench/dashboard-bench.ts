/**
 * Dashboard and violations-table speed on a large workspace: 1,000,000 violations over 120 days,
 * ~50 rules, hourly runs. Times getDashboard (median of 5) and queryViolations pages (first, deep,
 * filtered + sorted), first on the schema as it is, then with the proposed indexes added.
 * Alone: `tsx bench/dashboard-bench.ts [--violations N] [--json]`; also a section of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiContext } from '../src/main/core/api/api-context.js';
import { createDashboardApi } from '../src/main/core/api/dashboard-api.js';
import { createViolationsApi } from '../src/main/core/api/violations-api.js';
import { DASHBOARD_INDEXES } from '../src/main/core/workspace/migrations/004-dashboard-indexes.js';
import { bulkReview } from '../src/main/core/violations/bulk-review.js';
import { createWorkspace } from '../src/main/core/workspace/open-workspace.js';
import type { Workspace } from '../src/main/core/workspace/workspace.js';
import type { ViolationsApi } from '../src/shared/api/violations.js';

export const DASHBOARD_TARGET_MS = 300;
const TODAY = Date.UTC(2025, 5, 30, 12);
const DAY_MS = 86_400_000;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;


function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rules, hourly runs with one run_rules row per rule, and `count` violations, generated from a seed in one transaction each. */
export function fillWorkspace(ws: Workspace, count: number, ruleCount = 50, seed = 42): void {
  const random = mulberry32(seed);
  const db = ws.db;
  const start = TODAY - 120 * DAY_MS;
  const iso = (ms: number): string => new Date(ms).toISOString();
  db.transaction(() => {
    const rule = db.prepare(
      `INSERT INTO rules (id, title, severity, status, origin, version, connection, target_table, definition, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'manual', 1, 'shop', ?, ?, ?, ?)`,
    );
    for (let i = 0; i < ruleCount; i++) {
      const id = `rule-${i}`;
      const severity = SEVERITIES[i % 4]!;
      const definition = { id, title: `Rule ${i}`, severity, target: { connection: 'shop', table: `table_${i % 7}`, key: ['id'] }, require: { kind: 'literal', value: true }, status: 'active', origin: 'manual', version: 1 };
      rule.run(id, `Rule ${i}`, severity, i % 10 === 9 ? 'inactive' : 'active', `table_${i % 7}`, JSON.stringify(definition), iso(start), iso(start));
    }
    const run = db.prepare(
      `INSERT INTO runs (id, status, trigger, as_of, started_at, finished_at, records_scanned, duration_ms) VALUES (?, ?, 'schedule', ?, ?, ?, 100000, 900)`,
    );
    const runRule = db.prepare(
      `INSERT INTO run_rules (run_id, rule_id, rule_version, status, records_scanned, records_in_scope, violations_found, error) VALUES (?, ?, 1, ?, 100000, ?, ?, ?)`,
    );
    const runs = 120 * 24;
    for (let r = 1; r <= runs; r++) {
      const at = start + r * 3_600_000;
      const failing = r % 97 === 0;
      run.run(r, failing ? 'failed' : 'completed', iso(at), iso(at), iso(at + 900));
      for (let i = 0; i < ruleCount; i++) {
        const failed = failing && i % 5 === 0;
        const scope = 20_000 + i * 100;
        runRule.run(r, `rule-${i}`, failed ? 'failed' : 'completed', scope, Math.floor(scope * random() * 0.5), failed ? JSON.stringify({ code: 'SOURCE_ERROR', message: 'table is locked' }) : null);
      }
    }
  })();
  const insert = db.prepare(
    `INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot, justification,
       first_seen_run, first_seen_at, status_changed_at, resolved_run, resolved_at)
     VALUES (?, ?, 'shop', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      const i = Math.floor(random() * ruleCount);
      const seen = start + Math.floor(random() * 120 * DAY_MS);
      const roll = random();
      const status = roll < 0.6 ? 'open' : roll < 0.7 ? 'confirmed' : roll < 0.8 ? 'dismissed' : 'resolved';
      const changed = status === 'open' ? seen : Math.min(TODAY, seen + Math.floor(random() * 10 * DAY_MS));
      const resolvedRun = status === 'resolved' ? Math.floor((changed - start) / 3_600_000) + 1 : null;
      const amount = Math.round(random() * 10_000) / 100;
      insert.run(
        `rule-${i}`,
        `[${n}]`,
        `table_${i % 7}`,
        SEVERITIES[i % 4],
        status,
        `{"id":${n},"amount":${amount},"receipt":false,"employee":"e${n % 997}"}`,
        `amount is ${amount}, over 75, but receipt is false (expected true)\nRule ${i}: receipts are required over 75.`,
        Math.floor((seen - start) / 3_600_000) + 1,
        iso(seen),
        iso(changed),
        resolvedRun,
        status === 'resolved' ? iso(changed) : null,
      );
    }
  })();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

async function time(times: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

type PageArgs = Parameters<ViolationsApi['queryViolations']>[0];

const PAGES: Record<string, (total: number) => PageArgs> = {
  first: () => ({ filter: {}, offset: 0, limit: 100 }),
  deep: () => ({ filter: {}, offset: 500_000, limit: 100 }),
  openNewestFirst: () => ({ filter: { status: 'open' }, sort: { column: 'firstSeenAt', direction: 'desc' }, offset: 0, limit: 100 }),
  openNewestDeep: () => ({ filter: { status: 'open' }, sort: { column: 'firstSeenAt', direction: 'desc' }, offset: 500_000, limit: 100 }),
  ruleBySeverity: () => ({ filter: { ruleId: 'rule-7' }, sort: { column: 'statusChangedAt', direction: 'desc' }, offset: 0, limit: 100 }),
  severitySorted: () => ({ filter: {}, sort: { column: 'severity', direction: 'desc' }, offset: 0, limit: 100 }),
  severitySortedDeep: () => ({ filter: {}, sort: { column: 'severity', direction: 'desc' }, offset: 500_000, limit: 100 }),
  tableLast30Days: () => ({ filter: { table: 'table_3', from: '2025-06-01', to: '2025-06-30' }, sort: { column: 'firstSeenAt', direction: 'asc' }, offset: 0, limit: 100 }),
};

export interface DashboardBenchFigures {
  violations: number;
  generateMs: number;
  schema: Record<string, number>;
  withProposedIndexes: Record<string, number>;
  /** One bulk review over every open critical violation (about 15% of them). */
  bulkReview: { updated: number; ms: number; rssGrowthMb: number };
  proposedIndexes: readonly string[];
  targetMs: number;
}

async function measure(ws: Workspace): Promise<Record<string, number>> {
  const ctx = { ws, actor: 'bench', emit: () => {}, nextScheduledScan: () => null } as unknown as ApiContext; // only what these slices read
  const dashboard = createDashboardApi(ctx);
  const violations = createViolationsApi(ctx);
  const out: Record<string, number> = {};
  out.dashboard90 = await time(5, () => dashboard.getDashboard({ days: 90 }));
  out.dashboard30 = await time(5, () => dashboard.getDashboard({ days: 30 }));
  for (const [name, args] of Object.entries(PAGES)) out[`page.${name}`] = await time(3, () => violations.queryViolations(args(0)));
  return out;
}

export async function measureDashboard(count = 1_000_000, log: (line: string) => void = () => {}): Promise<DashboardBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'policysentinel-dash-bench-'));
  try {
    const ws = createWorkspace(join(dir, 'bench.psw'), { clock: () => new Date(TODAY).toISOString() });
    try {
      const started = performance.now();
      // No ANALYZE: workspaces do not run it, so the planner works here as it does for users.
      fillWorkspace(ws, count);
      // A workspace in use has had its write-ahead log checkpointed; reading 1M rows back through it would not be typical.
      ws.db.pragma('wal_checkpoint(TRUNCATE)');
      const generateMs = Math.round(performance.now() - started);
      log(`dashboard: ${count.toLocaleString('en-US')} violations generated in ${generateMs} ms`);
      // The workspace schema has the dashboard indexes (migration 4); measure without them too, to show what they buy.
      for (const index of DASHBOARD_INDEXES) ws.db.exec(`DROP INDEX ${index.name}`);
      const schema = await measure(ws);
      log(`dashboard: without the dashboard indexes ${JSON.stringify(schema)}`);
      for (const index of DASHBOARD_INDEXES) ws.db.exec(index.sql);
      const withProposedIndexes = await measure(ws);
      log(`dashboard: with the dashboard indexes (the workspace schema) ${JSON.stringify(withProposedIndexes)}`);
      const rssBefore = process.memoryUsage().rss;
      const bulkStarted = performance.now();
      const bulk = await bulkReview(ws, 'bench', { status: 'open', severity: 'critical' }, 'confirm', 'bench');
      const bulkFigures = {
        updated: bulk.updated,
        ms: Math.round(performance.now() - bulkStarted),
        rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e5) / 10,
      };
      log(`dashboard: bulk review of ${bulk.updated.toLocaleString('en-US')} violations in ${bulkFigures.ms} ms, RSS growth ${bulkFigures.rssGrowthMb} MB`);
      return { violations: count, generateMs, schema, withProposedIndexes, bulkReview: bulkFigures, proposedIndexes: DASHBOARD_INDEXES.map((i) => i.sql), targetMs: DASHBOARD_TARGET_MS };
    } finally {
      ws.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--violations');
  const count = at >= 0 ? Number(args[at + 1]) : 1_000_000;
  const figures = await measureDashboard(count, (line) => process.stderr.write(`${line}\n`));
  if (!args.includes('--json')) process.stderr.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
