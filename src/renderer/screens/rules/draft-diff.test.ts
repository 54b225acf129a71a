import { describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../../shared/api/rules.js';
import { diffDrafts, draftLines } from './draft-diff.js';

const v1: RuleDraft = { id: 'r', title: 'Receipts', severity: 'high', connection: 'demo', table: 'expenses', key: ['id'], when: 'amount > 75', require: 'receipt = TRUE' };

describe('draft history views', () => {
  it('lists the fields a version uses', () => {
    expect(draftLines(v1).map((l) => l.label)).toEqual(['Title', 'Severity', 'Connection', 'Table', 'Key', 'When', 'Require']);
  });
  it('shows what changed between versions', () => {
    const v2: RuleDraft = { ...v1, when: 'amount > 50', severity: 'critical', join: [{ table: 'p', on: 'p.id = x', type: 'left' }] };
    expect(diffDrafts(v1, v2)).toEqual([
      { field: 'severity', label: 'Severity', before: 'high', after: 'critical' },
      { field: 'join', label: 'Joins', before: '', after: 'left join p on p.id = x' },
      { field: 'when', label: 'When', before: 'amount > 75', after: 'amount > 50' },
    ]);
    expect(diffDrafts(v1, { ...v1 })).toEqual([]);
  });
});
