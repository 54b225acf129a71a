import { describe, expect, it } from 'vitest';
import type { MappingRunResult } from '../../../shared/api/scans.js';
import { placeRows } from './run-places.js';

function place(mapping: number, connection: string, table: string, violationsOpen: number): MappingRunResult {
  return { mapping, connection, table, status: 'completed', recordsScanned: 10, recordsInScope: 8, violationsFound: violationsOpen, violationsOpen, violationsNew: violationsOpen, resolved: 0, durationMs: 5, error: null };
}

describe('where a rule’s records were read in a run', () => {
  it('lists each place in the rule’s order, the target first, with a link filter per place', () => {
    const rows = placeRows({ id: 'approval', mappings: [place(1, 'extracts', 'expenses', 2), place(0, 'north', 'expenses', 3), place(2, 'archive', 'query', 0)] });
    expect(rows.map((r) => [r.place, r.role, r.violationsOpen])).toEqual([
      ['north.expenses', 'main', 3],
      ['extracts.expenses', 'also', 2],
      ['archive (query)', 'also', 0],
    ]);
    expect(rows[1]!.violationParams).toEqual({ rule: 'approval', connection: 'extracts', table: 'expenses' });
    expect(rows[2]!.violationParams).toEqual({ rule: 'approval', connection: 'archive' });
  });

  it('shows no breakdown for a rule with one place', () => {
    expect(placeRows({ id: 'r' })).toEqual([]);
    expect(placeRows({ id: 'r', mappings: [place(0, 'north', 'expenses', 1)] })).toEqual([]);
  });
});
