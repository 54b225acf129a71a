import type { Dialect } from './dialect.js';
import { quoteIdentifier } from './dialect.js';
import { likeToGlob } from '../like-pattern.js';

/** Names of the functions registered by sqlite-functions.ts. */
export const SQLITE_FN = {
  date: 'ps_date',
  timestamp: 'ps_timestamp',
  round: 'ps_round',
  matches: 'ps_matches',
} as const;

/**
 * Canonical date/timestamp text of a value. Values already canonical (what SQLite's own date()
 * and datetime() give back unchanged) skip the registered function: calling into JavaScript
 * for every row costs about six times as much. Anything else goes through the evaluator's parser.
 *
 * The value is compared as `+(value)`, which has no affinity. A column declared DATE has NUMERIC
 * affinity, and comparing it with date()'s text made SQLite try to read that text as a number on
 * every row, in vain: date() never returns text that reads as one, so the outcome is the same.
 */
const canonicalDateSql = (sql: string): string => `CASE WHEN date(${sql}) IS +(${sql}) THEN ${sql} ELSE ${SQLITE_FN.date}(${sql}) END`;
const canonicalTimestampSql = (sql: string): string =>
  `CASE WHEN datetime(${sql}) IS +(${sql}) THEN ${sql} ELSE ${SQLITE_FN.timestamp}(${sql}) END`;

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  quoteIdent: quoteIdentifier,
  quoteTable: quoteIdentifier,
  placeholder: () => '?',
  typedParam: (placeholder) => placeholder,
  bindValue: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  nullOf: () => 'NULL',
  columnValue(sql, type) {
    if (type === 'date') return canonicalDateSql(sql);
    if (type === 'timestamp') return canonicalTimestampSql(sql);
    return sql;
  },
  groupValue(sql, type) {
    // A NOCASE column would otherwise group 'abc' with 'ABC'.
    if (type === 'text') return `${sql} COLLATE BINARY`;
    return this.columnValue(sql, type);
  },
  collateBinary: (sql) => `(${sql} COLLATE BINARY)`,
  // Real arithmetic, as in the evaluator: 7 / 2 is 3.5, and large products round like doubles
  // instead of overflowing 64-bit integers. SQLite itself gives NULL for a division by zero.
  arithmetic: (op, left, right) => `(CAST(${left} AS REAL) ${op} ${right})`,
  // SQLite's LIKE ignores ASCII case; GLOB is case-sensitive.
  likePattern: likeToGlob,
  like: (operand, pattern) => `(${operand} GLOB ${pattern})`,
  matches: (operand, pattern) => `${SQLITE_FN.matches}(${operand}, ${pattern})`,
  // SQLite's own lower/upper change ASCII letters only.
  lower: (sql) => `lower(${sql})`,
  upper: (sql) => `upper(${sql})`,
  trim: (sql) => `trim(${sql})`,
  length: (sql) => `length(${sql})`,
  round: (sql, digits) => `${SQLITE_FN.round}(${sql}, ${digits})`,
  dateToTimestamp: (sql) => `(${sql} || ' 00:00:00')`,
  timestampToDate: (sql) => `substr(${sql}, 1, 10)`,
  textToDate: canonicalDateSql,
  textToTimestamp: canonicalTimestampSql,
  year: (date) => `CAST(substr(${date}, 1, 4) AS INTEGER)`,
  month: (date) => `CAST(substr(${date}, 6, 2) AS INTEGER)`,
  daysBetween: (from, to) => `CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`,
  aggregate(fn, arg, distinct, argType) {
    if (arg === null) return 'count(*)';
    const operand = argType === 'text' ? `${arg} COLLATE BINARY` : arg;
    return `${fn}(${distinct ? 'DISTINCT ' : ''}${operand})`;
  },
  keyFilter(columns, rows) {
    if (columns.length === 1) return `${columns[0]} IN (${rows.map((r) => r[0]).join(', ')})`;
    return `(${columns.join(', ')}) IN (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')})`;
  },
};
