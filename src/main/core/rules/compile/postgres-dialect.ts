import type { ValueType } from '../../../../shared/schema.js';
import type { Dialect } from './dialect.js';
import { quoteIdentifier } from './dialect.js';

function pgType(type: ValueType): string | null {
  switch (type) {
    case 'number':
      return 'float8';
    case 'text':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'unknown':
      return null;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

const cast = (sql: string, type: string): string => `CAST(${sql} AS ${type})`;

export const postgresDialect: Dialect = {
  name: 'postgres',
  quoteIdent: quoteIdentifier,
  // Discovery lists the tables of the search path under their bare names.
  quoteTable: quoteIdentifier,
  placeholder: (n) => `$${n}`,
  typedParam(placeholder, type) {
    const t = pgType(type);
    return t === null ? placeholder : `${placeholder}::${t}`;
  },
  bindValue: (value) => value,
  nullOf(type) {
    const t = pgType(type);
    return t === null ? 'NULL' : cast('NULL', t);
  },
  // Every number is a double, as in the evaluator: no integer division, no integer overflow,
  // numeric columns compare and add like the rows the evaluator sees.
  columnValue: (sql, type) => (type === 'number' ? cast(sql, 'float8') : sql),
  groupValue: (sql) => sql,
  collateBinary: (sql) => `(${sql} COLLATE "C")`,
  arithmetic: (op, left, right) => (op === '/' ? `(${left} / NULLIF(${right}, 0))` : `(${left} ${op} ${right})`),
  likePattern: (pattern) => pattern,
  // ESCAPE '' turns the backslash escape off: the rule language has no escape character.
  like: (operand, pattern) => `(${operand} COLLATE "C" LIKE ${pattern} ESCAPE '')`,
  matches: (operand, pattern) => `(${operand} COLLATE "C" ~ ${pattern})`,
  // Under the "C" collation lower/upper change ASCII letters only, like SQLite's.
  lower: (sql) => `lower(${sql} COLLATE "C")`,
  upper: (sql) => `upper(${sql} COLLATE "C")`,
  trim: (sql) => `btrim(${sql})`,
  length: (sql) => cast(`length(${sql})`, 'float8'),
  // numeric rounds half away from zero; the evaluator rounds the same 15 significant digits.
  round: (sql, digits) => cast(`round(${cast(sql, 'numeric')}, ${cast(digits, 'integer')})`, 'float8'),
  dateToTimestamp: (sql) => cast(sql, 'timestamp'),
  timestampToDate: (sql) => cast(sql, 'date'),
  textToDate: (sql) => cast(sql, 'date'),
  textToTimestamp: (sql) => cast(sql, 'timestamp'),
  year: (date) => `date_part('year', ${date})`,
  month: (date) => `date_part('month', ${date})`,
  daysBetween: (from, to) => cast(`(${to} - ${from})`, 'float8'),
  aggregate(fn, arg, distinct, argType) {
    if (arg === null) return cast('count(*)', 'float8');
    const d = distinct ? 'DISTINCT ' : '';
    switch (fn) {
      case 'count':
        return cast(`count(${d}${arg})`, 'float8');
      case 'sum':
      case 'avg':
        return `${fn}(${d}${arg})`;
      case 'min':
      case 'max':
        // PostgreSQL has no min/max over booleans; FALSE < TRUE makes them bool_and/bool_or.
        if (argType === 'boolean') return `${fn === 'min' ? 'bool_and' : 'bool_or'}(${d}${arg})`;
        return `${fn}(${d}${argType === 'text' ? `${arg} COLLATE "C"` : arg})`;
      default: {
        const never: never = fn;
        throw new Error(`unhandled aggregate ${String(never)}`);
      }
    }
  },
  keyFilter(columns, rows) {
    // Untyped placeholders take each key column's own type, so its index stays usable.
    if (columns.length === 1) return `${columns[0]} IN (${rows.map((r) => r[0]).join(', ')})`;
    return `(${columns.join(', ')}) IN (${rows.map((r) => `(${r.join(', ')})`).join(', ')})`;
  },
};
