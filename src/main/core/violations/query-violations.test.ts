import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/rule.js';
import type { ViolationFilter, ViolationSortColumn } from '../../../shared/api/violations.js';
import { createViolationsApi } from '../api/violations-api.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { generateViolations, insertViolations, testContext, testRule } from './test-violations.js';
import type { TestViolation } from './test-violations.js';

const rows = generateViolations(300);
let t: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof createViolationsApi>;
let ids: number[];

beforeAll(() => {
  t = tempWorkspace();
  for (let i = 0; i < 4; i++) t.ws.rules.upsert(testRule(`r${i}`, SEVERITIES[i % 4]!), 'test'); // r4 has no rule: title falls back to its id
  ids = insertViolations(t.ws, rows);
  api = createViolationsApi(testContext(t.ws).ctx);
});
afterAll(() => t.dispose());

/** The same filter and order, computed in JS over the generated rows. */
function reference(filter: ViolationFilter, column: ViolationSortColumn, direction: 'asc' | 'desc'): number[] {
  const level = (s: string): number => 3 - SEVERITIES.indexOf(s as never);
  const key = (r: TestViolation, id: number): string | number => {
    switch (column) {
      case 'id': return id;
      case 'severity': return level(r.severity);
      case 'status': return r.status;
      case 'ruleId': return r.ruleId;
      case 'table': return r.table;
      case 'firstSeenAt': return r.firstSeenAt;
      case 'statusChangedAt': return r.statusChangedAt;
    }
  };
  const to = filter.to ? new Date(Date.parse(`${filter.to.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  const from = filter.from && filter.from.length === 10 ? filter.from : filter.from ? new Date(filter.from).toISOString() : undefined;
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, id: ids[i]! }))
    .filter(({ r }) =>
      (!filter.ruleId || r.ruleId === filter.ruleId) &&
      (!filter.severity || r.severity === filter.severity) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.connection || r.connection === filter.connection) &&
      (!filter.table || r.table === filter.table) &&
      (!from || r.firstSeenAt >= from) &&
      (!to || r.firstSeenAt < to))
    .sort((a, b) => {
      const ka = key(a.r, a.id);
      const kb = key(b.r, b.id);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * sign || (a.id - b.id) * sign;
    })
    .map((x) => x.id);
}

const FILTERS: ViolationFilter[] = [
  {},
  { status: 'open' },
  { ruleId: 'r2', severity: 'medium' },
  { connection: 'erp', table: 'users' },
  { from: '2023-01-10', to: '2023-01-20' },
  { from: '2023-01-10T12:00:00Z', status: 'resolved' },
  { severity: 'low', to: '2023-01-05' },
];
const COLUMNS: ViolationSortColumn[] = ['id', 'severity', 'status', 'ruleId', 'table', 'firstSeenAt', 'statusChangedAt'];

describe('queryViolations', () => {
  for (const filter of FILTERS) {
    for (const column of COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`filters ${JSON.stringify(filter)}, sorts ${column} ${direction} and pages like the reference`, async () => {
          const expected = reference(filter, column, direction);
          const seen: number[] = [];
          for (let offset = 0; offset < expected.length + 40; offset += 40) {
            const page = await api.queryViolations({ filter, sort: { column, direction }, offset, limit: 40 });
            expect(page.total).toBe(expected.length);
            expect(page.offset).toBe(offset);
            seen.push(...page.rows.map((r) => r.id));
          }
          expect(seen).toEqual(expected);
        });
      }
    }
  }

  it('fills the row view: rule title, key, first line of the justification', async () => {
    const page = await api.queryViolations({ filter: {}, offset: 0, limit: 1000 });
    expect(page.rows).toHaveLength(300);
    const first = page.rows[0]!;
    expect(first).toMatchObject({ id: ids[0], ruleId: rows[0]!.ruleId, recordKey: [0], summary: 'amount is 0, over 100', table: rows[0]!.table });
    expect(page.rows.find((r) => r.ruleId === 'r1')!.ruleTitle).toBe('Title of r1');
    expect(page.rows.find((r) => r.ruleId === 'r4')!.ruleTitle).toBe('r4');
  });

  it('caps the page at 1000 rows and refuses bad input', async () => {
    const many = await api.queryViolations({ filter: {}, offset: 0, limit: 5000 });
    expect(many.rows).toHaveLength(300);
    await expect(api.queryViolations({ filter: { severity: 'urgent' as never }, offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(api.queryViolations({ filter: { from: 'yesterday' }, offset: 0, limit: 5 })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(api.queryViolations({ filter: {}, sort: { column: 'snapshot; DROP TABLE violations' as never, direction: 'asc' }, offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(api.queryViolations({ filter: {}, offset: -1, limit: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // A quote in a value is only ever a bound value.
    expect((await api.queryViolations({ filter: { ruleId: "r1' OR '1'='1" }, offset: 0, limit: 5 })).total).toBe(0);
  });
});

describe('queryViolations sorted by severity', () => {
  it('puts a severity it does not know below low, and pages across the severity runs', async () => {
    const w = tempWorkspace();
    try {
      const made = generateViolations(30, 3).map((r, i) => ({ ...r, severity: i === 4 ? ('urgent' as never) : r.severity }));
      const madeIds = insertViolations(w.ws, made);
      const a = createViolationsApi(testContext(w.ws).ctx);
      const level = (s: string): number => 3 - SEVERITIES.indexOf(s as never) - (SEVERITIES.includes(s as never) ? 0 : 5);
      const expected = madeIds.map((id, i) => ({ id, l: level(made[i]!.severity) })).sort((x, y) => y.l - x.l || y.id - x.id).map((x) => x.id);
      const seen: number[] = [];
      for (let offset = 0; offset < 30; offset += 7) seen.push(...(await a.queryViolations({ filter: {}, sort: { column: 'severity', direction: 'desc' }, offset, limit: 7 })).rows.map((r) => r.id));
      expect(seen).toEqual(expected);
      expect(seen.at(-1)).toBe(madeIds[4]);
      const asc = await a.queryViolations({ filter: {}, sort: { column: 'severity', direction: 'asc' }, offset: 0, limit: 1 });
      expect(asc.rows[0]!.id).toBe(madeIds[4]);
      expect(asc.total).toBe(30);
    } finally {
      w.dispose();
    }
  });
});
