import type { ValueType } from '../../../shared/schema.js';

/** A DuckDB column type (as DESCRIBE prints it) in the rule language's terms. */
export function mapDuckdbType(native: string): ValueType {
  const t = native.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL)$/.test(t)) return 'number';
  if (t.startsWith('DECIMAL') || t.startsWith('NUMERIC')) return 'number';
  if (t === 'VARCHAR' || t.startsWith('VARCHAR(') || t === 'UUID' || t.startsWith('ENUM')) return 'text';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  return 'unknown';
}

/** The DuckDB type a rule-language type override reads a column as. */
export function duckdbTypeFor(type: ValueType): string {
  switch (type) {
    case 'number':
      return 'DOUBLE';
    case 'text':
    case 'unknown':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

/**
 * The expression that turns a column read as text into `type`. Dates and timestamps go through
 * the evaluator's parser (ps_date/ps_timestamp): text that is not a date is NULL there too.
 */
export function overrideExpr(column: string, type: ValueType): string {
  switch (type) {
    case 'date':
      return `ps_date(${column})`;
    case 'timestamp':
      return `ps_timestamp(${column})`;
    case 'text':
    case 'unknown':
      return `CAST(${column} AS VARCHAR)`;
    case 'number':
    case 'boolean':
      return `CAST(${column} AS ${duckdbTypeFor(type)})`;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}
