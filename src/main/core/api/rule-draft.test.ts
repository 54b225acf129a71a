import { describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { SHOP_RULES } from '../../../../test-support/cli-harness.js';
import { draftFromRule, ruleFromDraft } from './rule-draft.js';

const base: RuleDraft = { id: 'late', title: 'Late orders', severity: 'medium', connection: 'shop', table: 'orders', require: 'shipped_at <= required_at' };

describe('draftFromRule / ruleFromDraft', () => {
  it('round-trips every rule of a rule file through the editor form', () => {
    for (const rule of parseRuleFile(SHOP_RULES)) {
      const draft = draftFromRule(rule);
      const back = ruleFromDraft(draft, rule);
      expect(back.problems).toEqual([]);
      expect(back.rule).toEqual(rule);
    }
  });

  it('prints expressions in the rule language', () => {
    const [late, listPrice] = parseRuleFile(SHOP_RULES);
    expect(draftFromRule(late!)).toMatchObject({ when: 'shipped_at IS NOT NULL', require: 'shipped_at <= required_at', key: ['id'] });
    expect(draftFromRule(listPrice!).join).toEqual([{ table: 'products', on: 'products.id = order_lines.product_id', type: 'inner' }]);
  });

  it('a new rule starts as a manual draft at version 1', () => {
    const { rule } = ruleFromDraft(base);
    expect(rule).toMatchObject({ status: 'draft', origin: 'manual', version: 1, target: { connection: 'shop', table: 'orders', key: [] } });
  });

  it('places a syntax error at its 1-based column with the bad token length', () => {
    const { rule, problems } = ruleFromDraft({ ...base, require: 'amount >> 75' });
    expect(rule).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'require', column: 9, length: 1 });
    expect(problems[0]!.message).toMatch(/column 9/);
  });

  it('places an unterminated string where it starts', () => {
    const text = "status = 'open";
    const { problems } = ruleFromDraft({ ...base, when: text });
    expect(problems[0]).toMatchObject({ field: 'when', column: text.indexOf("'") + 1 });
  });

  it('reports a syntax error in a join condition on that join', () => {
    const { problems } = ruleFromDraft({ ...base, join: [{ table: 'customers', on: 'customers.id = = orders.customer_id', type: 'left' }] });
    expect(problems).toEqual([expect.objectContaining({ field: 'join.0.on', column: 16 })]);
  });

  it('collects every shape problem at once, each on its field', () => {
    const { problems } = ruleFromDraft({ id: 'bad id!', title: ' ', severity: 'urgent' as never, connection: '', table: 'orders', query: 'SELECT 1' });
    expect(problems.map((p) => p.field).sort()).toEqual(['connection', 'id', 'query', 'require', 'severity', 'title']);
  });

  it('refuses both require and violation, and a query that writes', () => {
    expect(ruleFromDraft({ ...base, violation: 'total > 5' }).problems).toEqual([expect.objectContaining({ field: 'violation' })]);
    const { problems } = ruleFromDraft({ ...base, table: undefined, query: 'DELETE FROM orders' });
    expect(problems).toEqual([expect.objectContaining({ field: 'query' })]);
  });

  it('keeps the provenance and status of the rule it edits', () => {
    const stored = { ...parseRuleFile(SHOP_RULES)[0]!, status: 'active' as const, origin: 'heuristic' as const, confidence: 0.6, version: 3, source: { policyId: 'pol-1', page: 2, quote: 'Ship on time.' } };
    const { rule } = ruleFromDraft({ ...draftFromRule(stored), title: 'Renamed' }, stored);
    expect(rule).toMatchObject({ title: 'Renamed', status: 'active', origin: 'heuristic', confidence: 0.6, version: 3, source: stored.source });
  });
});

describe('ruleFromDraft with malformed input', () => {
  it('reports problems instead of throwing for missing or mistyped fields', () => {
    expect(ruleFromDraft(null as unknown as RuleDraft).problems).toEqual([expect.objectContaining({ field: null })]);
    const odd = { id: 'x', title: 'X', severity: 'low', connection: 'shop', table: 'orders', require: 'total > 0', key: 'id', join: [{ on: 'a = b' }] } as unknown as RuleDraft;
    expect(ruleFromDraft(odd).problems).toEqual([expect.objectContaining({ field: 'join' })]);
  });
});
