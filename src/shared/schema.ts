/**
 * What a source looks like after discovery. Every engine's native types are folded into the
 * rule language's value types, which the type checker, compilers and evaluator share.
 */

/** `unknown`: a column without a usable declared type (e.g. an untyped SQLite column). */
export type ValueType = 'number' | 'text' | 'boolean' | 'date' | 'timestamp' | 'unknown';

export interface ColumnInfo {
  name: string;
  type: ValueType;
  /** The engine's own type name, shown to the user (`numeric(10,2)`, `TEXT`). */
  nativeType: string;
  nullable: boolean;
}

export interface TableInfo {
  /** Schema-qualified on engines that have schemas (`public.orders` is shown as `orders` for `public`). */
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** An estimate, not a count: cheap to get, good enough to show. */
  rowEstimate: number | null;
}

export interface SourceSchema {
  tables: TableInfo[];
}

/** A row as the rule language sees it: dates are ISO strings, booleans are booleans. */
export type CellValue = number | string | boolean | null;
export type Row = Record<string, CellValue>;
