import type { ValueType } from '../../../../shared/schema.js';
import type { Dialect } from './dialect.js';
import { quoteIdentifier } from './dialect.js';
import { AppError } from '../../../../shared/errors.js';
import { normalizePortableRegex } from '../regex-subset.js';

function duckType(type: ValueType): string | null {
  switch (type) {
    case 'number':
      return 'DOUBLE';
    case 'text':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'unknown':
      return null;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

const cast = (sql: string, type: string): string => `CAST(${sql} AS ${type})`;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/**
 * DuckDB (the engine behind CSV, Parquet and XLSX sources). Its SQL is close to PostgreSQL's;
 * where it differs from the evaluator it is corrected here:
 * - text compares by UTF-8 bytes (= code points) unless a collation is set: no COLLATE needed;
 * - lower/upper are Unicode-aware, the rule language's change ASCII letters only: translate();
 * - LIKE is case-sensitive; ESCAPE '' turns the backslash escape off, as in the rule language;
 * - regexp_matches is RE2: the pattern arrives normalised (see `regexPattern`) and the `s`
 *   option makes `.` match a line break, as PostgreSQL's `~` does;
 * - round(DOUBLE) rounds the binary value; ps_round (duckdb-functions.ts) rounds the 15
 *   significant digits the evaluator rounds;
 * - text becomes a date or timestamp through ps_date/ps_timestamp, the evaluator's parser in SQL.
 */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdent: quoteIdentifier,
  quoteTable: quoteIdentifier,
  placeholder: (n) => `$${n}`,
  typedParam(placeholder, type) {
    const t = duckType(type);
    return t === null ? placeholder : cast(placeholder, t);
  },
  bindValue: (value) => value,
  nullOf(type) {
    const t = duckType(type);
    return t === null ? 'NULL' : cast('NULL', t);
  },
  columnValue: (sql, type) => (type === 'number' ? cast(sql, 'DOUBLE') : sql),
  groupValue: (sql) => sql,
  collateBinary: (sql) => sql,
  // DuckDB's `/` is already a double division and gives NULL for a zero divisor.
  arithmetic: (op, left, right) => (op === '/' ? `(${left} / NULLIF(${right}, 0))` : `(${left} ${op} ${right})`),
  likePattern: (pattern) => pattern,
  like: (operand, pattern) => `(${operand} LIKE ${pattern} ESCAPE '')`,
  // \d \w \s spelled out as ASCII classes (RE2's \s lacks \v); the pattern was checked before.
  regexPattern(pattern) {
    try {
      return normalizePortableRegex(pattern);
    } catch (error) {
      throw new AppError('RULE_INVALID', `MATCHES pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
  },
  matches: (operand, pattern) => `regexp_matches(${operand}, ${pattern}, 's')`,
  lower: (sql) => `translate(${sql}, '${UPPER}', '${LOWER}')`,
  upper: (sql) => `translate(${sql}, '${LOWER}', '${UPPER}')`,
  // trim() removes spaces only, like the evaluator's.
  trim: (sql) => `trim(${sql})`,
  length: (sql) => cast(`length(${sql})`, 'DOUBLE'),
  round: (sql, digits) => `ps_round(${sql}, ${cast(digits, 'INTEGER')})`,
  dateToTimestamp: (sql) => cast(sql, 'TIMESTAMP'),
  timestampToDate: (sql) => cast(sql, 'DATE'),
  textToDate: (sql) => `ps_date(${sql})`,
  textToTimestamp: (sql) => `ps_timestamp(${sql})`,
  year: (date) => cast(`year(${date})`, 'DOUBLE'),
  month: (date) => cast(`month(${date})`, 'DOUBLE'),
  daysBetween: (from, to) => cast(`(${to} - ${from})`, 'DOUBLE'),
  aggregate(fn, arg, distinct, argType) {
    if (arg === null) return cast('count(*)', 'DOUBLE');
    const d = distinct ? 'DISTINCT ' : '';
    switch (fn) {
      case 'count':
        return cast(`count(${d}${arg})`, 'DOUBLE');
      case 'sum':
      case 'avg':
        return `${fn}(${d}${arg})`;
      case 'min':
      case 'max':
        if (argType === 'boolean') return `${fn === 'min' ? 'bool_and' : 'bool_or'}(${d}${arg})`;
        return `${fn}(${d}${arg})`;
      default: {
        const never: never = fn;
        throw new Error(`unhandled aggregate ${String(never)}`);
      }
    }
  },
  keyFilter(columns, rows) {
    if (columns.length === 1) return `${columns[0]} IN (${rows.map((r) => r[0]).join(', ')})`;
    return `(${columns.join(', ')}) IN (${rows.map((r) => `(${r.join(', ')})`).join(', ')})`;
  },
};
