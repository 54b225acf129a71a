import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../../shared/api/rules.js';
import { countByStatus, filterRules, parseStatus } from './rule-filter.js';

function rule(id: string, status: RuleSummary['status'], table: string): RuleSummary {
  return { id, title: `Title of ${id}`, severity: 'high', status, origin: 'manual', version: 1, connection: 'demo', table, openViolations: 0, lastResult: null };
}
const rules = [rule('receipts', 'active', 'expenses'), rule('late-shipments', 'inactive', 'orders'), rule('draft-one', 'draft', 'expenses')];

describe('filterRules', () => {
  it('filters by status', () => {
    expect(filterRules(rules, { status: 'active', text: '' }).map((r) => r.id)).toEqual(['receipts']);
  });
  it('needs every word somewhere in id, title, table', () => {
    expect(filterRules(rules, { status: 'all', text: 'EXPENSES draft' }).map((r) => r.id)).toEqual(['draft-one']);
    expect(filterRules(rules, { status: 'all', text: 'orders' }).map((r) => r.id)).toEqual(['late-shipments']);
    expect(filterRules(rules, { status: 'inactive', text: 'expenses' })).toEqual([]);
  });
  it('counts by status and reads the status parameter', () => {
    expect(countByStatus(rules)).toEqual({ all: 3, active: 1, inactive: 1, draft: 1 });
    expect(parseStatus('active')).toBe('active');
    expect(parseStatus('nonsense')).toBe('all');
    expect(parseStatus(undefined)).toBe('all');
  });
});
