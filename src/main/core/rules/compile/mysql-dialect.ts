import type { ValueType } from '../../../../shared/schema.js';
import type { Dialect } from './dialect.js';
import { mysqlRegexPattern } from './mysql-regex.js';

/**
 * MySQL / MariaDB. Their defaults differ from the evaluator in many places, each handled here:
 * - text collations are usually case-insensitive and PAD SPACE ('abc' = 'ABC ' is true): text is
 *   compared as the UTF-8 bytes of the value (`CAST(... AS BINARY)`), which orders by code point;
 *   LIKE and REGEXP run under `utf8mb4_bin` (case-sensitive, per character);
 * - a bound number would be DECIMAL and `/` is decimal division with 4 extra digits: numbers are
 *   DOUBLE, as in the evaluator;
 * - ROUND on a DOUBLE rounds half to even: it rounds a DECIMAL instead, first to 15 significant
 *   digits as the evaluator does;
 * - LOWER/UPPER change every letter, not only ASCII ones: ASCII letters are replaced one by one;
 * - LIKE's ESCAPE '' still escapes with a backslash: the escape character is `|`, doubled in the
 *   pattern, so the pattern has no working escape.
 * Every text column is converted to utf8mb4 first, so columns of other character sets or
 * collations can meet each other and the bound values.
 */
export function quoteMysqlIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error('An identifier cannot contain a NUL character.');
  return `\`${name.replaceAll('`', '``')}\``;
}

const cast = (sql: string, type: string): string => `CAST(${sql} AS ${type})`;

function mysqlType(type: ValueType): string | null {
  switch (type) {
    case 'number':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'DATETIME(6)';
    case 'text':
      return 'CHAR';
    case 'boolean':
    case 'unknown':
      return null;
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${String(never)}`);
    }
  }
}

const utf8 = (sql: string): string => `CONVERT(${sql} USING utf8mb4)`;
const bytes = (sql: string): string => cast(utf8(sql), 'BINARY');
const binCollated = (sql: string): string => `${utf8(sql)} COLLATE utf8mb4_bin`;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ASCII-only case mapping: REPLACE matches case-sensitively and leaves É alone. */
function mapAscii(sql: string, from: string, to: string): string {
  let out = utf8(sql);
  for (let i = 0; i < from.length; i += 1) out = `REPLACE(${out}, '${from[i]}', '${to[i]}')`;
  return out;
}

export const mysqlDialect: Dialect = {
  name: 'mysql',
  quoteIdent: quoteMysqlIdentifier,
  // Discovery lists the tables of the connection's database under their bare names.
  quoteTable: quoteMysqlIdentifier,
  placeholder: () => '?',
  typedParam(placeholder, type) {
    const t = type === 'text' ? null : mysqlType(type);
    return t === null ? placeholder : cast(placeholder, t);
  },
  bindValue: (value) => value,
  nullOf(type) {
    const t = mysqlType(type);
    return t === null ? 'NULL' : cast('NULL', t);
  },
  columnValue(sql, type) {
    if (type === 'number') return cast(sql, 'DOUBLE');
    if (type === 'text') return utf8(sql);
    // Zero dates (0000-00-00, 2024-00-10), which MySQL stores outside strict mode, are not dates: NULL.
    if (type === 'date' || type === 'timestamp') return `(CASE WHEN MONTH(${sql}) > 0 AND DAYOFMONTH(${sql}) > 0 THEN ${sql} END)`;
    return sql;
  },
  // Grouped on the bytes, so 'abc', 'ABC' and 'abc ' stay three groups; the source decodes them.
  groupValue(sql, type) {
    return type === 'text' ? bytes(sql) : this.columnValue(sql, type);
  },
  collateBinary: bytes,
  // Integer operands (length, year, count) would otherwise give DECIMAL division or BIGINT overflow.
  arithmetic: (op, left, right) =>
    op === '/' ? `(${cast(left, 'DOUBLE')} / NULLIF(${right}, 0))` : `(${cast(left, 'DOUBLE')} ${op} ${right})`,
  likePattern: (pattern) => pattern.replaceAll('|', '||'),
  like: (operand, pattern) => `(${binCollated(operand)} LIKE ${pattern} ESCAPE '|')`,
  regexPattern: mysqlRegexPattern,
  matches: (operand, pattern) => `(${binCollated(operand)} REGEXP ${pattern})`,
  lower: (sql) => mapAscii(sql, UPPER, UPPER.toLowerCase()),
  upper: (sql) => mapAscii(sql, UPPER.toLowerCase(), UPPER),
  trim: (sql) => `TRIM(${sql})`,
  length: (sql) => cast(`CHAR_LENGTH(${sql})`, 'DOUBLE'),
  round(sql, digits) {
    const exact = cast(sql, 'DECIMAL(65, 30)');
    // 15 significant digits first (what the evaluator and PostgreSQL round), then half away from zero.
    const significant = `COALESCE(14 - FLOOR(LOG10(ABS(NULLIF(${sql}, 0)))), 0)`;
    return cast(`ROUND(ROUND(${exact}, ${significant}), ${digits})`, 'DOUBLE');
  },
  dateToTimestamp: (sql) => cast(sql, 'DATETIME(6)'),
  timestampToDate: (sql) => cast(sql, 'DATE'),
  textToDate: (sql) => cast(sql, 'DATE'),
  textToTimestamp: (sql) => cast(sql, 'DATETIME(6)'),
  year: (date) => cast(`YEAR(${date})`, 'DOUBLE'),
  month: (date) => cast(`MONTH(${date})`, 'DOUBLE'),
  daysBetween: (from, to) => cast(`DATEDIFF(${to}, ${from})`, 'DOUBLE'),
  aggregate(fn, arg, distinct, argType) {
    if (arg === null) return 'count(*)';
    const d = distinct ? 'DISTINCT ' : '';
    const operand = argType === 'text' ? bytes(arg) : arg;
    switch (fn) {
      case 'count':
        return `count(${d}${operand})`;
      case 'sum':
      case 'avg':
        return `${fn}(${d}${arg})`;
      case 'min':
      case 'max':
        return argType === 'text' ? utf8(`${fn}(${d}${operand})`) : `${fn}(${d}${arg})`;
      default: {
        const never: never = fn;
        throw new Error(`unhandled aggregate ${String(never)}`);
      }
    }
  },
  castText: (sql) => cast(sql, 'CHAR'),
  // HAVING may name only grouped columns, and a column inside a grouped expression is not one;
  // grouping on the raw columns too changes no group (each is fixed by its group value).
  groupByList: (grouped, columns) => [...grouped, ...columns.filter((column) => !grouped.includes(column))],
  keyFilter(columns, rows) {
    if (columns.length === 1) return `${columns[0]} IN (${rows.map((r) => r[0]).join(', ')})`;
    return `(${columns.join(', ')}) IN (${rows.map((r) => `(${r.join(', ')})`).join(', ')})`;
  },
};
