/**
 * Key values as the scanner knows them (normalised cells) turned back into what the documents
 * hold, so a look-up by key finds the record: dates as BSON Dates, ObjectId hex text as either
 * the ObjectId or the string.
 */
import { ObjectId, type Document } from 'bson';
import type { CellValue, ValueType } from '../../../../shared/schema.js';
import { canonicalDate, canonicalTimestamp } from '../../rules/temporal.js';

export function keyCondition(value: CellValue, type: ValueType): unknown {
  if (value === null) return null;
  if (typeof value === 'string' && (type === 'date' || type === 'timestamp')) {
    const ts = type === 'date' ? canonicalDate(value) : canonicalTimestamp(value);
    if (ts !== null) return new Date(`${ts.replace(' ', 'T')}${ts.length === 10 ? 'T00:00:00' : ''}Z`);
  }
  if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value)) return { $in: [value, new ObjectId(value)] };
  return value;
}

/** Documents whose fields equal one of the key rows (a NULL key part matches null or missing). */
export function keyFilter(paths: string[], types: ValueType[], rows: CellValue[][]): Document {
  if (rows.length === 0 || paths.length === 0) return { $expr: { $eq: [1, 0] } };
  const alternatives = rows.map((row) => Object.fromEntries(paths.map((p, i) => [p, keyCondition(row[i] ?? null, types[i] ?? 'unknown')])));
  return alternatives.length === 1 ? alternatives[0]! : { $or: alternatives };
}
