import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../../../../test-support/cli-harness.js';

interface Figures {
  status: string;
  recordsScanned: number;
  recordsInScope: number;
  violationsOpen: number;
  violationsNew: number;
  resolved: number;
}
interface ScanJson {
  rules: Array<Figures & { id: string; mappings?: Array<Figures & { mapping: number; connection: string; table: string }> }>;
}

function createExpenses(path: string, rows: string): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount REAL NOT NULL, approved_by TEXT); INSERT INTO expenses VALUES ${rows};`);
  db.close();
}

describe('scan --json of a rule mapped to two connections', () => {
  const tmp = tempDir('cli-mappings');
  const w = ['--workspace', join(tmp.dir, 'audit.psw')];

  beforeAll(async () => {
    createExpenses(join(tmp.dir, 'north.sqlite'), "(1, 5000, NULL), (2, 10, NULL), (3, 2000, 'kim')");
    createExpenses(join(tmp.dir, 'south.sqlite'), '(1, 1500, NULL), (2, 3000, NULL)');
    expect((await cli(['init', w[1]!])).code).toBe(0);
    for (const name of ['north', 'south']) expect((await cli(['connection', 'add', name, '--sqlite', join(tmp.dir, `${name}.sqlite`), ...w])).code).toBe(0);
    const file = join(tmp.dir, 'rules.yaml');
    writeFileSync(
      file,
      `rules:
  - id: approval
    title: Large expenses are approved
    target: { connection: north, table: expenses }
    also_on: [{ connection: south, table: expenses }]
    when: amount > 1000
    require: approved_by IS NOT NULL
`,
    );
    expect((await cli(['rules', 'import', file, '--activate', ...w])).code).toBe(0);
  });
  afterAll(() => tmp.remove());

  it('gives the rule the sums of its places and a breakdown per place', async () => {
    const scan = await cli(['scan', ...w, '--json']);
    expect(scan.code).toBe(0);
    const [rule] = scan.json<ScanJson>().rules;
    expect(rule).toMatchObject({ id: 'approval', status: 'completed', recordsScanned: 5, recordsInScope: 4, violationsOpen: 3, violationsNew: 3 });
    expect(rule!.mappings!.map((m) => [m.mapping, m.connection, m.table, m.recordsInScope, m.violationsOpen])).toEqual([
      [0, 'north', 'expenses', 2, 1],
      [1, 'south', 'expenses', 2, 2],
    ]);
    const text = await cli(['scan', ...w]);
    expect(text.stdout).toMatch(/ {2}south\.expenses +completed/);
  });
});
