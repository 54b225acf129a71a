import type { ValueType } from '../../../shared/schema.js';

/**
 * Folds a SQLite declared column type into a rule-language type. SQLite accepts any declared type
 * name, so this looks for the same substrings SQLite's own affinity rules do, after the more
 * specific names (BOOLEAN, DATETIME) that those rules would read as numeric.
 */
export function mapSqliteType(declared: string | null | undefined): ValueType {
  const type = (declared ?? '').trim().toUpperCase();
  if (type === '') return 'unknown';
  if (type.includes('BOOL')) return 'boolean';
  if (type.includes('DATETIME') || type.includes('TIMESTAMP')) return 'timestamp';
  if (type.includes('DATE')) return 'date';
  if (type.includes('INT')) return 'number';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'text';
  if (type.includes('BLOB')) return 'unknown';
  if (['REAL', 'FLOA', 'DOUB', 'NUM', 'DEC'].some((part) => type.includes(part))) return 'number';
  return 'unknown';
}
