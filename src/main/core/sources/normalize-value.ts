import type { CellValue, ValueType } from '../../../shared/schema.js';

/**
 * Only numbers become booleans: text such as 'yes' in a SQLite BOOLEAN column does not equal 1 in
 * the compiled SQL either, so showing it as `true` would contradict the violation.
 */
function toBoolean(value: CellValue): CellValue {
  return typeof value === 'number' ? value !== 0 : value;
}

/**
 * Turns a driver value into what the rule language sees: numbers as numbers (bigint and numeric
 * strings included), booleans as booleans (SQLite stores 0/1), binary as `\x`-prefixed hex, dates
 * as the ISO strings the drivers already give.
 */
export function normalizeValue(value: unknown, type: ValueType): CellValue {
  if (value === null || value === undefined) return null;
  let cell: CellValue;
  if (typeof value === 'bigint') cell = Number(value);
  else if (Buffer.isBuffer(value)) cell = `\\x${value.toString('hex')}`;
  else if (value instanceof Date) cell = value.toISOString();
  else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') cell = value;
  else cell = JSON.stringify(value);

  switch (type) {
    case 'boolean':
      return toBoolean(cell);
    case 'number':
      if (typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell);
      return cell;
    case 'text':
    case 'date':
    case 'timestamp':
    case 'unknown':
      return cell;
    default: {
      const unreachable: never = type;
      throw new Error(`Unknown value type: ${String(unreachable)}`);
    }
  }
}

/**
 * Normalises one row in place, column by column; columns beyond `types` are left as `unknown`.
 * Every driver hands over a new array per row: a copy would be one more object per row read, and
 * rows read ahead of their processing live long enough to be copied again by the heap.
 */
export function normalizeRow(values: unknown[], types: readonly ValueType[]): CellValue[] {
  for (let i = 0; i < values.length; i += 1) values[i] = normalizeValue(values[i], types[i] ?? 'unknown');
  return values as CellValue[];
}
