import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createViolationsApi } from '../api/violations-api.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { tempWorkspace } from '../workspace/test-workspace.js';
import { generateViolations, insertViolations, testContext, testRule } from './test-violations.js';
import { buildHistory } from './violation-history.js';

describe('getViolation', () => {
  let t: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    t = tempWorkspace();
  });
  afterEach(() => t.dispose());

  it('returns the record, the rule as re-importable text, the policy sentence and the history', async () => {
    const { policy } = t.ws.policies.add(
      { filename: 'expenses.pdf', pdf: { sha256: 'a'.repeat(64), pageCount: 3, pages: [], title: null }, extractor: 'heuristic', connection: 'shop', candidates: [] },
      'test',
    );
    const rule = testRule('r0', 'critical', { description: 'Receipts above 100', source: { policyId: policy.id, page: 2, quote: 'Expenses over $100 need a receipt.' } });
    t.ws.rules.upsert(rule, 'test');
    const [row] = generateViolations(1);
    const [id] = insertViolations(t.ws, [{ ...row!, ruleId: 'r0', status: 'open' }]);
    const api = createViolationsApi(testContext(t.ws).ctx);
    await api.reviewViolation({ id: id!, action: 'confirm', reason: 'checked the invoice' });

    const detail = await api.getViolation({ id: id! });
    expect(detail.row).toMatchObject({ id, ruleId: 'r0', ruleTitle: 'Title of r0', status: 'confirmed', recordKey: [0] });
    expect(detail.snapshot).toEqual({ id: 0, amount: 150 });
    expect(detail.justification).toBe('amount is 0, over 100\nsecond line 0');
    expect(detail.firstSeenRun).toBe(1);
    expect(detail.rule).toMatchObject({ id: 'r0', title: 'Title of r0', description: 'Receipts above 100', version: 1 });
    expect(detail.rule!.text).toContain('require: amount <= 100');
    expect(parseRuleFile(detail.rule!.text)[0]!.require).toEqual(rule.require);
    expect(detail.policy).toEqual({ policyId: policy.id, filename: 'expenses.pdf', page: 2, quote: 'Expenses over $100 need a receipt.' });
    expect(detail.history).toEqual([
      { action: 'detected', actor: 'scan', at: row!.firstSeenAt, reason: null },
      { action: 'confirm', actor: 'app:alice', at: detail.row.statusChangedAt, reason: 'checked the invoice' },
    ]);
  });

  it('works for a violation whose rule is gone, and says when there is no such violation', async () => {
    const [row] = generateViolations(1);
    const [id] = insertViolations(t.ws, [{ ...row!, ruleId: 'gone', status: 'resolved', resolvedRun: 4, resolvedAt: '2023-06-01T00:00:00.000Z' }]);
    const api = createViolationsApi(testContext(t.ws).ctx);
    const detail = await api.getViolation({ id: id! });
    expect(detail.rule).toBeNull();
    expect(detail.policy).toBeNull();
    expect(detail.row.ruleTitle).toBe('gone');
    expect(detail.history.map((h) => h.action)).toEqual(['detected', 'resolved-by-scan']);
    expect(detail.history[1]).toMatchObject({ at: '2023-06-01T00:00:00.000Z', reason: 'run 4' });
    await expect(api.getViolation({ id: 12345 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('buildHistory', () => {
  const base = { firstSeenAt: '2024-01-01T00:00:00Z', resolvedRun: null, resolvedAt: null, reviews: [], erasedScanResolutions: [] };

  it('shows a reopening by scan when an open violation changed status after everything it knows of', () => {
    const h = buildHistory({ ...base, status: 'open', statusChangedAt: '2024-02-01T00:00:00Z' });
    expect(h.map((e) => [e.action, e.at])).toEqual([
      ['detected', '2024-01-01T00:00:00Z'],
      ['reopened-by-scan', '2024-02-01T00:00:00Z'],
    ]);
  });

  it('adds nothing for a violation untouched since detection or changed by its last review', () => {
    expect(buildHistory({ ...base, status: 'open', statusChangedAt: '2024-01-01T00:00:00Z' })).toHaveLength(1);
    const reviews = [{ action: 'reopen' as const, reason: null, actor: 'a', at: '2024-01-05T00:00:00Z' }];
    expect(buildHistory({ ...base, status: 'open', statusChangedAt: '2024-01-05T00:00:00Z', reviews }).map((e) => e.action)).toEqual(['detected', 'reopen']);
  });
});
