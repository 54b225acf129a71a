import { describe, expect, it } from 'vitest';
import type { RuleCompliance } from '../../../shared/api/dashboard.js';
import { complianceBand, complianceNote, isEmptyWorkspace, sortByCompliance } from './compliance.js';

function rule(id: string, rate: number | null, open = 0, extra: Partial<RuleCompliance> = {}): RuleCompliance {
  return {
    ruleId: id,
    title: id,
    severity: 'high',
    openViolations: open,
    recordsInScope: rate === null ? null : 100,
    recordsPassing: rate === null ? null : Math.round(rate * 100),
    complianceRate: rate,
    lastRunId: rate === null ? null : 1,
    lastRunAt: null,
    lastRunStatus: rate === null ? null : 'completed',
    lastError: null,
    ...extra,
  };
}

describe('compliance table', () => {
  it('sorts worst first and puts never-scanned rules last', () => {
    const sorted = sortByCompliance([rule('never', null, 0), rule('good', 0.99), rule('bad', 0.5), rule('same-more-open', 0.5, 9)]);
    expect(sorted.map((r) => r.ruleId)).toEqual(['same-more-open', 'bad', 'good', 'never']);
  });
  it('bands rates and explains a missing one', () => {
    expect(complianceBand(0.99)).toBe('good');
    expect(complianceBand(0.95)).toBe('fair');
    expect(complianceBand(0.2)).toBe('poor');
    expect(complianceBand(null)).toBe('none');
    expect(complianceNote(rule('x', null))).toBe('not scanned yet');
    expect(complianceNote(rule('x', null, 0, { lastRunId: 3, lastRunStatus: 'failed' }))).toBe('last run failed');
    expect(complianceNote(rule('x', 0.5))).toBeNull();
  });
  it('recognises a workspace with nothing in it', () => {
    expect(isEmptyWorkspace({ rules: [], lastRun: null, openTotal: 0 })).toBe(true);
    expect(isEmptyWorkspace({ rules: [rule('a', null)], lastRun: null, openTotal: 0 })).toBe(false);
  });
});
