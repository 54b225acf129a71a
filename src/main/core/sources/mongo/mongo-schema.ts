/**
 * Schema discovery by sampling: `$sample` documents per collection, walk them into dotted field
 * paths (sub-documents are descended, arrays are not), count the BSON types seen per path, and
 * fold the dominant one into a rule-language type. A field holding several types says so in its
 * native type (`int 60%, string 40%`); an array is flagged (`array`) and typed `unknown`.
 */
import type { Document } from 'bson';
import type { ColumnInfo, TableInfo, ValueType } from '../../../../shared/schema.js';
import { bsonTypeOf } from './mongo-values.js';

interface PathStats {
  types: Map<string, number>;
  /** Documents in which the path holds a value (not null, not missing). */
  present: number;
  /** Every Date seen is midnight UTC: the field reads as a date rather than a timestamp. */
  midnight: boolean;
}

function isSubDocument(value: unknown): value is Record<string, unknown> {
  return bsonTypeOf(value) === 'object';
}

function walk(doc: Record<string, unknown>, prefix: string, stats: Map<string, PathStats>): void {
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const type = bsonTypeOf(value);
    if (type === 'object' && isSubDocument(value)) {
      walk(value, path, stats);
      continue;
    }
    let entry = stats.get(path);
    if (!entry) {
      entry = { types: new Map(), present: 0, midnight: true };
      stats.set(path, entry);
    }
    entry.types.set(type, (entry.types.get(type) ?? 0) + 1);
    if (type !== 'null') entry.present += 1;
    if (value instanceof Date && value.getTime() % 86_400_000 !== 0) entry.midnight = false;
  }
}

function valueType(bson: string, midnight: boolean): ValueType {
  switch (bson) {
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return 'number';
    case 'string':
    case 'objectId':
      return 'text';
    case 'bool':
      return 'boolean';
    case 'date':
      return midnight ? 'date' : 'timestamp';
    default:
      return 'unknown';
  }
}

/** Numbers of any width count as one kind when picking the dominant type. */
const kindOf = (bson: string): string => (['int', 'long', 'double', 'decimal'].includes(bson) ? 'number' : bson);

function column(path: string, entry: PathStats, sampled: number): ColumnInfo {
  const counts = [...entry.types].filter(([t]) => t !== 'null');
  const kinds = new Map<string, number>();
  for (const [t, n] of counts) kinds.set(kindOf(t), (kinds.get(kindOf(t)) ?? 0) + n);
  const ranked = [...kinds].sort((a, b) => b[1] - a[1]);
  const dominant = ranked[0]?.[0] ?? 'null';
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const nativeType =
    ranked.length <= 1
      ? counts.map(([t]) => t).join('|') || 'null'
      : counts.sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${Math.round((100 * n) / total)}%`).join(', ');
  const type = valueType(dominant === 'number' ? 'double' : dominant, entry.midnight);
  return { name: path, type, nativeType, nullable: entry.present < sampled };
}

/** Columns of one collection from its sampled documents; `_id` first. */
export function columnsFromSample(docs: Document[]): ColumnInfo[] {
  const stats = new Map<string, PathStats>();
  for (const doc of docs) walk(doc, '', stats);
  const columns = [...stats].map(([path, entry]) => column(path, entry, docs.length));
  return columns.sort((a, b) => (a.name === '_id' ? -1 : b.name === '_id' ? 1 : 0));
}

export function tableFromSample(name: string, docs: Document[], estimate: number | null): TableInfo {
  return { name, columns: columnsFromSample(docs), primaryKey: ['_id'], rowEstimate: estimate };
}
