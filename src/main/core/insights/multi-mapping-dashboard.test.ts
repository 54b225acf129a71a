import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { importRules } from '../rules/import-rules.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { runScan } from '../scan/run-scan.js';

function createExpenses(path: string, rows: Array<[number, number, string | null]>): void {
  const db = new Database(path);
  db.exec('CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount REAL NOT NULL, approved_by TEXT)');
  const insert = db.prepare('INSERT INTO expenses VALUES (?, ?, ?)');
  for (const row of rows) insert.run(...row);
  db.close();
}

const PLACES = {
  north: [
    [1, 5000, null],
    [2, 2500, null],
    [3, 200, null],
    [4, 9000, 'kim'],
  ],
  south: [
    [1, 1200, null],
    [2, 50, null],
    [3, 7000, 'lee'],
    [4, 1800, null],
    [5, 1900, null],
  ],
} as const;
type Place = keyof typeof PLACES;

/** A workspace whose one active rule reads the given places, scanned once; its dashboard and open violations. */
async function scanned(places: Place[]) {
  const t: TestApi = await createTestApi({ rules: 'none' });
  try {
    for (const place of Object.keys(PLACES) as Place[]) {
      const path = join(t.dir, `${place}.sqlite`);
      createExpenses(path, PLACES[place].map((r) => [...r]));
      t.ws.connections.add(place, { engine: 'sqlite', path }, 'test');
    }
    const target = (p: Place): string => `{ connection: ${p}, table: expenses, key: [id] }`;
    const [first, ...rest] = places;
    const file = `rules:
  - id: approval
    title: Large expenses are approved
    severity: high
    target: ${target(first!)}
${rest.length > 0 ? `    also_on: [${rest.map(target).join(', ')}]\n` : ''}    when: amount > 1000
    require: approved_by IS NOT NULL
`;
    await importRules(t.ws, parseRuleFile(file), { activate: true, actor: 'test', openSource: t.ctx.openSource });
    await runScan(t.ws, { openSource: t.ctx.openSource });
    const dashboard = await t.api.getDashboard({ days: 30 });
    const page = await t.api.queryViolations({ filter: {}, offset: 0, limit: 100 });
    return { dashboard, rows: page.rows };
  } finally {
    await t.close();
  }
}

describe('the dashboard of a rule mapped to several connections', () => {
  it('totals are the sums of the same rule scanned on each place alone', async () => {
    const north = await scanned(['north']);
    const south = await scanned(['south']);
    const both = await scanned(['north', 'south']);

    expect(north.dashboard.openTotal).toBe(2);
    expect(south.dashboard.openTotal).toBe(3);
    expect(both.dashboard.openTotal).toBe(north.dashboard.openTotal + south.dashboard.openTotal);
    expect(both.dashboard.openBySeverity.high).toBe(north.dashboard.openBySeverity.high + south.dashboard.openBySeverity.high);

    const [n, s, b] = [north, south, both].map((x) => x.dashboard.rules.find((r) => r.ruleId === 'approval')!);
    expect(b!.openViolations).toBe(n!.openViolations + s!.openViolations);
    expect(b!.recordsInScope).toBe(n!.recordsInScope! + s!.recordsInScope!);
    expect(b!.recordsPassing).toBe(n!.recordsPassing! + s!.recordsPassing!);
    // Compliance over every place: 2 of 7 large expenses pass, not the mean of 1/3 and 1/4.
    expect(b!.complianceRate).toBeCloseTo(2 / 7, 10);
    expect(both.dashboard.trend.reduce((sum, p) => sum + p.opened.high, 0)).toBe(5);
  });

  it('lists every violation with the connection and table its record lives in', async () => {
    const { rows } = await scanned(['north', 'south']);
    const where = rows.map((r) => `${r.ruleId} ${r.connection}.${r.table} ${JSON.stringify(r.recordKey)}`).sort();
    expect(where).toEqual([
      'approval north.expenses [1]',
      'approval north.expenses [2]',
      'approval south.expenses [1]',
      'approval south.expenses [4]',
      'approval south.expenses [5]',
    ]);
  });
});
