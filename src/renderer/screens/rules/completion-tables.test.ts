import { describe, expect, it } from 'vitest';
import type { SourceSchema } from '../../../shared/schema.js';
import { completionTables } from './completion-tables.js';

const schema: SourceSchema = {
  tables: [
    { name: 'orders', primaryKey: ['id'], rowEstimate: 3, columns: [{ name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false }] },
    { name: 'customers', primaryKey: ['id'], rowEstimate: 3, columns: [{ name: 'name', type: 'text', nativeType: 'TEXT', nullable: true }] },
  ],
};

describe('completionTables', () => {
  it('takes the base table and joined tables from the schema, ignoring unknown names', () => {
    expect(completionTables(schema, 'Orders', ['customers', 'nope'])).toEqual([
      { name: 'orders', base: true, columns: [{ name: 'id', type: 'number' }] },
      { name: 'customers', base: false, columns: [{ name: 'name', type: 'text' }] },
    ]);
  });
  it('offers nothing without a schema or table', () => {
    expect(completionTables(null, 'orders', [])).toEqual([]);
    expect(completionTables(schema, '', [])).toEqual([]);
  });
});
