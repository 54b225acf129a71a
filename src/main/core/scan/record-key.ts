import type { CellValue } from '../../../shared/schema.js';

/**
 * The identity of a record (or a group) within a rule: its key values as a JSON array.
 * JSON keeps `1` and `'1'` apart and is what the unique (rule, connection, table, record_key) index holds.
 */
export function recordKey(values: readonly CellValue[]): string {
  return JSON.stringify(values);
}

/** `expenses #17`, `order_lines #10248/11`: how a record is named in a justification. */
export function recordLabel(table: string, values: readonly CellValue[]): string {
  let label = `${table} #`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    label += `${i === 0 ? '' : '/'}${v === null || v === undefined ? 'NULL' : String(v)}`;
  }
  return label;
}
