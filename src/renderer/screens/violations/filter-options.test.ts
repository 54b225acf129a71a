import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../../shared/api/rules.js';
import { connectionOptions, ruleOptions, tableOptions } from './filter-options.js';

function rule(id: string, title: string, table: string): RuleSummary {
  return { id, title, table, severity: 'low', status: 'active', origin: 'manual', version: 1, connection: 'shop', openViolations: 0, lastResult: null };
}

describe('filter options', () => {
  const rules = [rule('b', 'Beta', 'orders'), rule('a', 'Alpha', 'expenses'), rule('c', 'Gamma', '(query)'), rule('d', 'Delta', 'orders')];
  it('lists each table once, sorted, without custom queries', () => {
    expect(tableOptions(rules)).toEqual(['expenses', 'orders']);
  });
  it('lists rules by title and keeps an unknown selected rule', () => {
    expect(ruleOptions(rules, undefined).map((o) => o.id)).toEqual(['a', 'b', 'd', 'c']);
    expect(ruleOptions(rules, 'gone')[0]).toEqual({ id: 'gone', label: 'gone' });
  });
  it('lists each connection once, sorted, and keeps one the address names', () => {
    const connections = [{ name: 'south' }, { name: 'north' }, { name: 'extracts' }];
    expect(connectionOptions(connections, undefined)).toEqual(['extracts', 'north', 'south']);
    expect(connectionOptions(connections, 'north')).toEqual(['extracts', 'north', 'south']);
    expect(connectionOptions(connections, 'gone')).toEqual(['gone', 'extracts', 'north', 'south']);
  });
});
