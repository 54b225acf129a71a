import type { CellValue, ValueType } from '../../../shared/schema.js';
import { canonicalDate, canonicalTimestamp } from '../rules/temporal.js';
import { normalizeValue } from './normalize-value.js';

/**
 * A MySQL/MariaDB value as the rule language sees it. Text that was grouped or aggregated on its
 * bytes (see mysql-dialect.ts) comes back as a Buffer and is decoded; dates and timestamps (read
 * as text, `dateStrings`) are made canonical (`2024-03-08 23:59:59.500000` → `…59.5`).
 */
export function normalizeMysqlValue(value: unknown, type: ValueType): CellValue {
  if (type === 'text' && Buffer.isBuffer(value)) return value.toString('utf8');
  const cell = normalizeValue(value, type);
  if (typeof cell !== 'string') return cell;
  if (type === 'date') return canonicalDate(cell) ?? cell;
  if (type === 'timestamp') return canonicalTimestamp(cell) ?? cell;
  return cell;
}

export function normalizeMysqlRow(values: unknown[], types: readonly ValueType[]): CellValue[] {
  const row = new Array<CellValue>(values.length);
  for (let i = 0; i < values.length; i += 1) row[i] = normalizeMysqlValue(values[i], types[i] ?? 'unknown');
  return row;
}
