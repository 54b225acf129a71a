import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../../../test-support/cli-harness.js';
import { mongoTarget, type MongoTarget } from '../../../test-support/mongo-target.js';

const RULES = `rules:
  - id: big-orders
    title: Orders above the limit
    severity: high
    target: { connection: docs, table: orders, key: [_id] }
    violation: amount > 100
  - id: tier-total
    title: Tier totals
    severity: low
    target: { connection: docs, table: orders, key: [tier] }
    group_by: [tier]
    violation: sum(amount) > 150
`;

describe('CLI with a MongoDB connection', () => {
  let t: MongoTarget;
  const tmp = tempDir('ps-mongo-cli-');
  const ws = join(tmp.dir, 'ws.psw');
  const w = ['--workspace', ws];
  beforeAll(async () => {
    t = await mongoTarget();
    await t.load('orders', [{ _id: 1, amount: 120, tier: 'gold' }, { _id: 2, amount: 50, tier: 'gold' }, { _id: 3, amount: 101.5, tier: 'silver' }, { _id: 4, tier: 'silver' }]);
  });
  afterAll(async () => {
    await t?.close();
    tmp.remove();
  });

  it('adds the connection, imports rules, scans and lists violations', async () => {
    expect((await cli(['init', ws])).code).toBe(0);
    const refused = await cli(['connection', 'add', 'bad', '--mongodb', 'mongodb://u:secret@127.0.0.1/x', ...w]);
    expect(refused.code).toBe(2);
    const added = await cli(['connection', 'add', 'docs', '--mongodb', t.url, '--database', t.database, ...w, '--json']);
    expect(added.stderr).toBe('');
    expect(added.json<{ connection: { engine: string; reachable: boolean } }>().connection).toMatchObject({ engine: 'mongodb', reachable: true });
    const schema = await cli(['connection', 'schema', 'docs', ...w, '--json']);
    expect(schema.stdout).toContain('amount');
    const file = join(tmp.dir, 'rules.yaml');
    writeFileSync(file, RULES);
    const imported = await cli(['rules', 'import', file, '--activate', ...w, '--json']);
    expect(imported.code).toBe(0);
    const scan = await cli(['scan', ...w, '--json']);
    expect(scan.code).toBe(0);
    const list = await cli(['violations', 'list', '--rule', 'big-orders', ...w, '--json']);
    const violations = list.json<{ violations: Array<{ recordKey: unknown[]; snapshot: Record<string, unknown> }> }>().violations;
    expect(violations.map((v) => v.recordKey)).toEqual([[1], [3]]);
    expect(String(violations[0]!.snapshot.$document)).toContain('"$numberInt":"120"');
    const groups = await cli(['violations', 'list', '--rule', 'tier-total', ...w, '--json']);
    expect(groups.json<{ violations: Array<{ recordKey: unknown[] }> }>().violations.map((v) => v.recordKey)).toEqual([['gold']]);
    // A re-scan finds the same violations again without duplicating them.
    const again = await cli(['scan', ...w, '--json']);
    expect(again.json<{ rules: Array<{ id: string; violationsNew: number; violationsOpen: number }> }>().rules.find((r) => r.id === 'big-orders')).toMatchObject({ violationsNew: 0, violationsOpen: 2 });
  });
});
