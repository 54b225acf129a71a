/**
 * BSON values as the rule language sees them (CellValue): numbers (int, long, double, decimal)
 * as numbers, ObjectIds as hex text, Dates as canonical ISO text of the column's type (UTC),
 * booleans and strings as they are. Anything else (arrays, sub-documents, binary) is shown as
 * relaxed Extended JSON text; the record's snapshot keeps the exact document anyway.
 */
import { EJSON } from 'bson';
import type { CellValue, ValueType } from '../../../../shared/schema.js';
import { canonicalDate, canonicalTimestamp } from '../../rules/temporal.js';

/** The BSON type name of a value, as `$type` spells it. */
export function bsonTypeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'long';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (typeof tag === 'string') {
    const names: Record<string, string> = { ObjectId: 'objectId', Int32: 'int', Long: 'long', Double: 'double', Decimal128: 'decimal', Binary: 'binData', Timestamp: 'timestamp', BSONRegExp: 'regex' };
    return names[tag] ?? tag.toLowerCase();
  }
  return 'object';
}

export function cellOf(value: unknown, type: ValueType): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return type === 'date' ? canonicalDate(value.toISOString()) : canonicalTimestamp(value.toISOString());
  }
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === 'ObjectId') return (value as { toHexString(): string }).toHexString();
  if (tag === 'Int32' || tag === 'Double' || tag === 'Long' || tag === 'Decimal128') return Number(String(value));
  return EJSON.stringify(value as never, { relaxed: true });
}

/** The value at a dotted path of a document; an array on the way means no single value. */
export function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || current instanceof Date) return undefined;
    if ((current as { _bsontype?: unknown })._bsontype !== undefined) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
