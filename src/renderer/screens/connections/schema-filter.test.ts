import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../../../shared/schema.js';
import { columnRows, filterTables } from './schema-filter.js';

const col = (name: string) => ({ name, type: 'text' as const, nativeType: 'TEXT', nullable: true });
const tables: TableInfo[] = [
  { name: 'orders', columns: [col('id'), col('customer_id')], primaryKey: ['id'], rowEstimate: 10 },
  { name: 'customers', columns: [col('name'), col('id')], primaryKey: ['id'], rowEstimate: 3 },
  { name: 'order_lines', columns: [col('qty'), col('line'), col('order_id')], primaryKey: ['order_id', 'line'], rowEstimate: null },
];

describe('schema filter', () => {
  it('sorts by name with no query', () => {
    expect(filterTables(tables, ' ').map((t) => t.name)).toEqual(['customers', 'order_lines', 'orders']);
  });

  it('matches table names first, then column names, case-insensitively', () => {
    expect(filterTables(tables, 'ORDER').map((t) => t.name)).toEqual(['order_lines', 'orders']);
    expect(filterTables(tables, 'customer').map((t) => t.name)).toEqual(['customers', 'orders']);
    expect(filterTables(tables, 'nothing')).toEqual([]);
  });

  it('puts key columns first in key order and marks their position', () => {
    const rows = columnRows(tables[2]!);
    expect(rows.map((r) => [r.name, r.keyPosition])).toEqual([
      ['order_id', 1],
      ['line', 2],
      ['qty', null],
    ]);
  });
});
