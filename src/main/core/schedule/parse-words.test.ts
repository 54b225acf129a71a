import { describe, expect, it } from 'vitest';
import { parseRuleSelection, parseWeekday } from './parse-words.js';

describe('schedule words', () => {
  it('reads weekdays as numbers or names', () => {
    expect(['0', 'sun', 'Sunday', 'mon', 'tues', 'SAT', '6'].map(parseWeekday)).toEqual([0, 0, 0, 1, 2, 6, 6]);
    for (const bad of ['7', 'mo', 'monkey', '']) expect(() => parseWeekday(bad), bad).toThrow(/day of the week/);
  });

  it('reads rule selections', () => {
    expect(parseRuleSelection('all')).toEqual({ kind: 'all-active' });
    expect(parseRuleSelection('policy:p-1')).toEqual({ kind: 'policy', policyId: 'p-1' });
    expect(parseRuleSelection('tag:finance')).toEqual({ kind: 'tag', tag: 'finance' });
    expect(parseRuleSelection('a, b,a')).toEqual({ kind: 'rules', ids: ['a', 'b'] });
    expect(() => parseRuleSelection('policy:')).toThrow(/policy id/);
    expect(() => parseRuleSelection(' , ')).toThrow(/names no rules/);
  });
});
