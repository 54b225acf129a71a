import { afterEach, describe, expect, it } from 'vitest';
import { parseRuleFile } from '../rules/rule-file.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { KeyStore, canShareKeys, shareGroups } from './shared-key-pass.js';
import { ENGINES, RULES, figures, expectOnlyCategoryRuleFailed, runCleanups, state, tracking, workspaceOn } from './shared-pass-fixtures.js';

afterEach(runCleanups);

describe('holding a rule\'s keys until it takes them', () => {
  it('gives back numeric ids in order and in batches, from a typed array', () => {
    const store = new KeyStore(1);
    for (let i = 0; i < 2_500; i++) store.push([i * 1.5]);
    const batches = [...store.batches(1_000)];
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 500]);
    expect(batches.flat()).toEqual(Array.from({ length: 2_500 }, (_, i) => [i * 1.5]));
  });

  it('gives back any other key exactly, also once a single key turns out not to be a number', () => {
    const single = new KeyStore(1);
    const keys = [[1], [2], ['x"y'], [null], [true], [3]];
    for (const key of keys) single.push(key);
    expect([...single.batches(4)].flat()).toEqual(keys);
    const pairs = new KeyStore(2);
    const composite = [[1, 'a'], [null, 2.5], ['b', false]];
    for (const key of composite) pairs.push(key);
    expect(pairs.size).toBe(3);
    expect([...pairs.batches(2)]).toEqual([composite.slice(0, 2), composite.slice(2)]);
    expect([...new KeyStore(1).batches(10)]).toEqual([]);
  });
});

describe('which rules share a keys-only pass', () => {
  it('groups plain record rules by table and key, only once they have been scanned', () => {
    const rules = parseRuleFile(RULES);
    expect(rules.every((r) => canShareKeys(r, true))).toBe(true);
    expect(canShareKeys(rules[0]!, false)).toBe(false);
    expect(canShareKeys({ ...rules[0]!, target: { ...rules[0]!.target, watermark: 'id' } }, true)).toBe(false);
    expect(shareGroups(rules).map((g) => g.map((r) => r.id))).toEqual([['receipt', 'self-approval', 'known-category', 'amount-limit']]);
  });
});

for (const make of ENGINES) {
  const engine = make();
  describe.skipIf(!engine.available)(`a re-scan reading the keys of several rules in one pass (${engine.name})`, () => {
    it('finds, reopens and resolves exactly what rule-by-rule re-scans do, with one stream for the group', async () => {
      const together = await engine.make(0);
      const apart = await engine.make(0);
      const a = await workspaceOn(together, engine.env);
      const b = await workspaceOn(apart, engine.env);
      const open = (c: ConnectionConfig): Promise<Source> => openSource(c, engine.env);
      await runScan(a, { openSource: open, asOf: '2025-01-01' });
      await runScan(b, { openSource: open, asOf: '2025-01-01' });
      // Other rows violate now, some earlier ones no longer do, and there are more rows.
      await engine.change(together, 3);
      await engine.change(apart, 3);

      const streams: string[] = [];
      const shared = await runScan(a, { openSource: tracking(streams, engine.env), asOf: '2025-01-01' });
      const ids = ['receipt', 'self-approval', 'known-category', 'amount-limit', 'named-vendor'];
      const single = [];
      // One rule per run: no group, every rule reads its own keys.
      for (const id of ids) single.push(...(await runScan(b, { openSource: open, asOf: '2025-01-01', ruleIds: [id] })).rules);

      expect(shared.run.status).toBe('completed');
      expect(figures(shared)).toEqual(figures({ ...shared, rules: single }));
      expect(shared.rules.some((r) => r.violationsNew > 0) && shared.rules.some((r) => r.resolved > 0)).toBe(true);
      expect(state(a)).toEqual(state(b));
      // The group's keys came in one stream with a flag per rule.
      expect(streams.filter((sql) => sql.includes('rule_flags_'))).toHaveLength(1);
    });

    it('leaves every rule to read its own keys when one of them no longer fits the table, and fails only that one', async () => {
      const config = await engine.make(0);
      const ws = await workspaceOn(config, engine.env);
      const open = (c: ConnectionConfig): Promise<Source> => openSource(c, engine.env);
      await runScan(ws, { openSource: open, asOf: '2025-01-01' });
      await engine.dropColumn(config);
      const streams: string[] = [];
      const result = await runScan(ws, { openSource: tracking(streams, engine.env), asOf: '2025-01-01' });
      expectOnlyCategoryRuleFailed(result, streams);
    });
  });
}
