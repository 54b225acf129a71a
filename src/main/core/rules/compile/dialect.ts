import type { AggregateFunction, ArithmeticOp } from '../../../../shared/rule-ast.js';
import type { CellValue, ValueType } from '../../../../shared/schema.js';
import type { Rule } from '../../../../shared/rule.js';
import type { RuleScope } from '../scope.js';
import type { CompiledRule, CompileOptions } from './compile-rule.js';

/**
 * What differs between the SQL engines the rule compiler targets. Every method builds SQL from
 * fragments that are already safe (quoted identifiers, placeholders, compiled sub-expressions);
 * none of them receives text from a rule.
 *
 * Representation of rule-language types in SQL:
 * - SQLite: numbers as INTEGER/REAL, booleans as 0/1, dates and timestamps as canonical ISO text
 *   (see ../temporal.ts), normalised by registered functions.
 * - PostgreSQL: numbers as float8 (what the evaluator computes with), booleans, native date and
 *   timestamp.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres' | 'mongodb' | 'duckdb' | 'mysql';
  /**
   * A non-SQL engine compiles whole rules itself (its plan travels in `CompiledQuery.sql`, read
   * back only by its own Source); SQL dialects leave this out.
   */
  compileWhole?(rule: Rule, scope: RuleScope, options: CompileOptions): CompiledRule;
  quoteIdent(name: string): string;
  /** A table as named in the discovered schema. */
  quoteTable(name: string): string;
  /** The n-th placeholder (1-based). */
  placeholder(n: number): string;
  /** A bound literal of a known type, e.g. `$1::float8`. */
  typedParam(placeholder: string, type: ValueType): string;
  /** A value as the driver must receive it (better-sqlite3 refuses JS booleans). */
  bindValue(value: CellValue): unknown;
  /** A typed NULL, so PostgreSQL can resolve functions and operators around it. */
  nullOf(type: ValueType): string;
  /** A column used as an operand (after its raw output in the SELECT list). */
  columnValue(sql: string, type: ValueType): string;
  /** A group-by column: the value that is grouped on and returned. */
  groupValue(sql: string, type: ValueType): string;
  /** Binary (code point) comparison of a text operand. */
  collateBinary(sql: string): string;
  arithmetic(op: ArithmeticOp, left: string, right: string): string;
  /** The bound form of a LIKE pattern and the test that uses it. */
  likePattern(pattern: string): string;
  like(operand: string, pattern: string): string;
  matches(operand: string, pattern: string): string;
  /** The bound form of a MATCHES pattern, where the engine's regex syntax differs (default: as written). */
  regexPattern?(pattern: string): string;
  lower(sql: string): string;
  upper(sql: string): string;
  trim(sql: string): string;
  length(sql: string): string;
  round(sql: string, digits: string): string;
  dateToTimestamp(sql: string): string;
  timestampToDate(sql: string): string;
  textToDate(sql: string): string;
  textToTimestamp(sql: string): string;
  year(date: string): string;
  month(date: string): string;
  daysBetween(from: string, to: string): string;
  aggregate(fn: AggregateFunction, arg: string | null, distinct: boolean, argType: ValueType): string;
  /** A cast to the engine's text type (default: `CAST(x AS text)`; MySQL has no such cast target). */
  castText?(sql: string): string;
  /** The GROUP BY list of group values and their raw columns (default: the group values). */
  groupByList?(grouped: string[], columns: string[]): string[];
  /** `(k1, k2) IN (...)` over rows of placeholders. */
  keyFilter(columns: string[], rows: string[][]): string;
}

/** Double-quoted identifier; NUL cannot be quoted in either engine. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error('An identifier cannot contain a NUL character.');
  return `"${name.replaceAll('"', '""')}"`;
}
