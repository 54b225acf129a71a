import type { ValueType } from '../../../shared/schema.js';

/** `pg_type.typname` of the built-in types a rule can use, by OID (stable across servers). */
export const builtinTypeNames: ReadonlyMap<number, string> = new Map([
  [16, 'bool'],
  [18, 'char'],
  [19, 'name'],
  [20, 'int8'],
  [21, 'int2'],
  [23, 'int4'],
  [25, 'text'],
  [26, 'oid'],
  [700, 'float4'],
  [701, 'float8'],
  [1042, 'bpchar'],
  [1043, 'varchar'],
  [1082, 'date'],
  [1114, 'timestamp'],
  [1184, 'timestamptz'],
  [1700, 'numeric'],
  [2950, 'uuid'],
]);

const byName: ReadonlyMap<string, ValueType> = new Map([
  ['int2', 'number'],
  ['int4', 'number'],
  ['int8', 'number'],
  ['oid', 'number'],
  ['numeric', 'number'],
  ['float4', 'number'],
  ['float8', 'number'],
  ['text', 'text'],
  ['varchar', 'text'],
  ['bpchar', 'text'],
  ['char', 'text'],
  ['name', 'text'],
  ['uuid', 'text'],
  ['citext', 'text'],
  ['date', 'date'],
  ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamp'],
  ['bool', 'boolean'],
]);

/**
 * Folds a PostgreSQL type (its `pg_type.typname`; for a domain, its base type's) into a
 * rule-language type. `money` stays unknown: its text form depends on the server's locale.
 */
export function mapPostgresType(typname: string): ValueType {
  return byName.get(typname) ?? 'unknown';
}
