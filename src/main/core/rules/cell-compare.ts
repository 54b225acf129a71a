import type { CellValue, ValueType } from '../../../shared/schema.js';
import { canonicalDate, canonicalTimestamp, dateToTimestamp } from './temporal.js';
import { compareText } from './text-order.js';

/**
 * Orders two non-NULL values. Same-kind values compare naturally (text by code point); across
 * kinds the order is SQLite's (numbers and booleans before text), which only matters for
 * untyped SQLite columns, because the checker keeps typed rules from mixing kinds.
 */
export function compareCells(a: Exclude<CellValue, null>, b: Exclude<CellValue, null>): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'string') return 1;
  if (typeof b === 'string') return -1;
  const x = Number(a);
  const y = Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Reads a value as the rule language sees a column of type `type`. */
export function normalizeCell(value: CellValue | undefined, type: ValueType): CellValue {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'date':
      return canonicalDate(value);
    case 'timestamp':
      return canonicalTimestamp(value);
    case 'boolean':
      return typeof value === 'number' ? value !== 0 : value;
    case 'number':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return value;
    case 'text':
    case 'unknown':
      return value;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

/**
 * Converts a value of type `from` for a comparison carried out as `to` (the common type of the
 * operands): a date meets a timestamp at midnight, text meets a date as ISO text.
 */
export function convertCell(value: CellValue, from: ValueType, to: ValueType): CellValue {
  if (value === null || from === to) return value;
  if (to === 'timestamp') return from === 'date' && typeof value === 'string' ? dateToTimestamp(value) : canonicalTimestamp(value);
  if (to === 'date') return from === 'timestamp' && typeof value === 'string' ? value.slice(0, 10) : canonicalDate(value);
  return value;
}

/** A key under which equal values (for GROUP BY and DISTINCT) coincide. */
export function cellKey(value: CellValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `s:${value}`;
  return `n:${Number(value)}`;
}
