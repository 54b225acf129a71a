import type { Rule } from '../../../../shared/rule.js';
import type { CellValue } from '../../../../shared/schema.js';
import { AppError } from '../../../../shared/errors.js';
import type { CompiledQuery, OutputColumn } from '../../sources/source.js';
import { isGroupRule, ruleAggregates, WHOLE_TARGET } from '../aggregates.js';
import { resolveNamedColumn } from '../named-column.js';
import type { RuleScope, ScopeColumn } from '../scope.js';
import { compileExpr, type ExprCompiler } from './compile-expr.js';
import type { Dialect } from './dialect.js';
import { Params } from './params.js';
import { sinceSql, watermarkColumn, watermarkMaxQuery, type SinceWindow } from './watermark-sql.js';

export interface CompileOptions {
  /** The scan's as-of date (`YYYY-MM-DD`), the value of `today()`. */
  asOf: string;
  /** Select only the key columns (in `keyColumns` order). */
  keysOnly?: boolean;
  /** Only these records (or groups), given by their key values in `keyColumns` order. */
  keyFilter?: CellValue[][];
  limit?: number;
  /**
   * Incremental reading: only records whose watermark column lies in the window, ordered by the
   * watermark (then the key), in the count too. Needs `target.watermark`; a keys-only query then
   * also selects the watermark column (see `CompiledRule.watermark`).
   */
  since?: SinceWindow;
  /** Every record of the target, violating or not (no `when`, no condition): the per-record fallback's candidates. */
  allRecords?: boolean;
}

export interface CompiledRule {
  /** The violating records (or groups), ordered by key. */
  violations: CompiledQuery;
  /** One row: [total, inScope] records (or groups). */
  count: CompiledQuery;
  /** Aliases of the key columns in `violations` (group columns for a group rule). */
  keyColumns: string[];
  /**
   * When the rule has a watermark: its alias in `violations` (null when not selected there) and the
   * query giving its current maximum in the base table.
   */
  watermark?: { column: string | null; max: CompiledQuery };
}

interface Shared {
  rule: Rule;
  compiler: ExprCompiler;
  from: string;
  options: CompileOptions;
}

function tableAlias(scope: RuleScope, table: string): string {
  const index = scope.tables.indexOf(table);
  if (index < 0) throw new AppError('INTERNAL', `Table ${table} is not in the rule's scope.`);
  return `t${index}`;
}

/** A user's read-only SELECT, wrapped as a sub-query; a trailing `;` would break the wrapping. */
function subquery(query: string): string {
  if (query.includes('\u0000')) throw new AppError('RULE_INVALID', 'The query contains a NUL character.');
  return query.trim().replace(/;+\s*$/, '');
}

function baseFrom(rule: Rule, c: ExprCompiler): string {
  const d = c.dialect;
  const { scope } = c;
  const base =
    rule.target.query !== undefined ? `(${subquery(rule.target.query)})` : d.quoteTable(scope.base);
  return `FROM ${base} AS ${d.quoteIdent(tableAlias(scope, scope.base))}`;
}

function fromClause(rule: Rule, c: ExprCompiler): string {
  const d = c.dialect;
  const { scope } = c;
  let sql = baseFrom(rule, c);
  (rule.target.join ?? []).forEach((join, i) => {
    const table = scope.tables[i + 1];
    if (table === undefined) throw new AppError('INTERNAL', `Join ${join.table} is not in the rule's scope.`);
    const on = compileExpr(c, join.on, 'boolean').sql;
    const kind = join.type === 'left' ? 'LEFT JOIN' : 'JOIN';
    // A join condition that is NULL or FALSE both mean "no match", so no IS TRUE here: the bare
    // condition lets the engine use an index on the join columns.
    sql += ` ${kind} ${d.quoteTable(table)} AS ${d.quoteIdent(tableAlias(scope, table))} ON ${on}`;
  });
  return sql;
}

function keyFilterSql(s: Shared, columns: string[]): string | null {
  const rows = s.options.keyFilter;
  if (rows === undefined) return null;
  // No keys selects nothing; an empty IN list is not valid SQL everywhere.
  if (rows.length === 0 || columns.length === 0) return 'FALSE';
  const { params, dialect } = s.compiler;
  const isNull = (v: CellValue | undefined): boolean => v === null || v === undefined;
  const complete = rows.filter((row) => columns.every((_c, i) => !isNull(row[i])));
  const parts: string[] = [];
  if (complete.length > 0) parts.push(dialect.keyFilter(columns, complete.map((row) => columns.map((_c, i) => params.add(row[i]!)))));
  // A NULL key part (a LEFT JOIN orphan, a NULL group) never equals anything inside IN.
  for (const row of rows) {
    if (!columns.some((_c, i) => isNull(row[i]))) continue;
    const terms = columns.map((column, i) => (isNull(row[i]) ? `${column} IS NULL` : `${column} = ${params.add(row[i]!)}`));
    parts.push(`(${terms.join(' AND ')})`);
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function limitSql(s: Shared): string {
  return s.options.limit === undefined ? '' : ` LIMIT ${s.compiler.params.add(Math.max(0, Math.floor(s.options.limit)))}`;
}

function finish(params: Params, sql: string, columns: OutputColumn[]): CompiledQuery {
  return { ...params.finish(sql), columns };
}

function condition(s: Shared): string {
  const { rule, compiler } = s;
  if (rule.violation !== undefined) return `${compileExpr(compiler, rule.violation, 'boolean').sql} IS TRUE`;
  if (rule.require !== undefined) return `${compileExpr(compiler, rule.require, 'boolean').sql} IS NOT TRUE`;
  throw new AppError('RULE_INVALID', `Rule "${rule.id}" has neither require nor violation.`);
}

function whenSql(s: Shared): string | null {
  return s.rule.when === undefined ? null : `${compileExpr(s.compiler, s.rule.when, 'boolean').sql} IS TRUE`;
}

function keyColumnsOf(rule: Rule, scope: RuleScope): ScopeColumn[] {
  const named = rule.target.key.map((name) => resolveNamedColumn(scope, name));
  // Without a key, a record is known by all its values.
  return named.length > 0 ? named : scope.columns;
}

function recordRule(s: Shared, params: Params): CompiledRule {
  const { rule, compiler } = s;
  const { scope, dialect: d } = compiler;
  const keys = keyColumnsOf(rule, scope);
  const mark = watermarkColumn(rule, compiler);
  const since = s.options.since;
  if (since !== undefined && mark === null) {
    throw new AppError('RULE_INVALID', `Rule "${rule.id}" has no watermark column, so it cannot be read incrementally.`, { ruleId: rule.id });
  }
  const selected = s.options.keysOnly ? [...keys] : [...scope.columns];
  if (since !== undefined && mark !== null && !selected.includes(mark)) selected.push(mark);
  const select = selected.map((col) => `${compiler.columnSql(col)} AS ${d.quoteIdent(col.alias)}`).join(', ');
  const columns = selected.map((col) => ({ name: col.alias, type: col.type }));
  const keySql = keys.map((col) => compiler.columnSql(col));
  const from = s.from;
  const sinceFilter = since !== undefined && mark !== null ? sinceSql(compiler, mark, since) : null;
  const tests = s.options.allRecords ? [] : [whenSql(s), condition(s)];
  const filters = [...tests, sinceFilter, keyFilterSql(s, keySql)].filter((x): x is string => x !== null);
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  const order = since !== undefined && mark !== null ? [compiler.columnSql(mark), ...keySql] : keySql;
  const violationsSql = `SELECT ${select} ${from}${where} ORDER BY ${order.join(', ')}${limitSql(s)}`;
  const violations = finish(params, violationsSql, columns);

  const countParams = new Params(d);
  const countCompiler = { ...compiler, params: countParams };
  const countFrom = fromClause(rule, countCompiler);
  const countWhen = rule.when === undefined ? 'count(*)' : `count(CASE WHEN ${whenSql({ ...s, compiler: countCompiler })} THEN 1 END)`;
  const countWhere = since !== undefined && mark !== null ? ` WHERE ${sinceSql(countCompiler, mark, since)}` : '';
  const count = finish(
    countParams,
    `SELECT count(*) AS ${d.quoteIdent('total')}, ${countWhen} AS ${d.quoteIdent('in_scope')} ${countFrom}${countWhere}`,
    countColumns,
  );
  const result: CompiledRule = { violations, count, keyColumns: keys.map((k) => k.alias) };
  if (mark !== null) {
    result.watermark = {
      column: selected.includes(mark) ? mark.alias : null,
      max: watermarkMaxQuery(compiler, mark, (c) => baseFrom(rule, c)),
    };
  }
  return result;
}

const countColumns: OutputColumn[] = [
  { name: 'total', type: 'number' },
  { name: 'in_scope', type: 'number' },
];

/** SQL of the constant key of a group rule without group columns (see WHOLE_TARGET). */
const WHOLE_TARGET_SQL = (d: Dialect): string => d.castText?.("'all'") ?? "CAST('all' AS text)";
/** The same as an aggregate, so a keys-only query stays an aggregate query (SQLite insists). */
const WHOLE_TARGET_AGGREGATE = (d: Dialect): string =>
  d.castText?.("CASE WHEN count(*) >= 0 THEN 'all' END") ?? "CAST(CASE WHEN count(*) >= 0 THEN 'all' END AS text)";

function groupRule(s: Shared, params: Params): CompiledRule {
  const { rule, compiler } = s;
  const { scope, dialect: d } = compiler;
  const groups = (rule.groupBy ?? []).map((name) => resolveNamedColumn(scope, name));
  const groupSql = groups.map((col) => d.groupValue(compiler.columnSql(col), col.type));
  const groupList = d.groupByList?.(groupSql, groups.map((col) => compiler.columnSql(col))) ?? groupSql;
  const groupBy = groupSql.length > 0 ? ` GROUP BY ${groupList.join(', ')}` : '';
  const items = groups.map((col, i) => ({ sql: groupSql[i]!, name: col.alias, type: col.type }));
  // Without group columns the one group still needs a key that is the same on every scan.
  const keySql = groups.length > 0 ? groupSql : [WHOLE_TARGET_SQL(d)];
  if (groups.length === 0) items.push({ sql: WHOLE_TARGET_AGGREGATE(d), name: WHOLE_TARGET.alias, type: 'text' });
  if (!s.options.keysOnly) {
    for (const [alias, agg] of ruleAggregates(rule)) {
      const fragment = compileExpr(compiler, agg);
      items.push({ sql: fragment.sql, name: alias, type: fragment.type });
    }
  }
  const select = items.map((item) => `${item.sql} AS ${d.quoteIdent(item.name)}`).join(', ');
  // Groups are filtered by key before grouping; the whole target is one group whatever the WHERE
  // clause keeps (an aggregate query always has its one row), so its key is tested after grouping.
  const keyFilter = keyFilterSql(s, keySql);
  const filters = [whenSql(s), groups.length > 0 ? keyFilter : null].filter((x): x is string => x !== null);
  const having = groups.length === 0 && keyFilter !== null ? `${condition(s)} AND ${keyFilter}` : condition(s);
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  const order = groups.length > 0 ? ` ORDER BY ${groups.map((_g, i) => i + 1).join(', ')}` : '';
  const sql = `SELECT ${select} ${s.from}${where}${groupBy} HAVING ${having}${order}${limitSql(s)}`;
  const violations = finish(params, sql, items.map(({ name, type }) => ({ name, type })));

  const countParams = new Params(d);
  const countCompiler = { ...compiler, params: countParams };
  const countFrom = fromClause(rule, countCompiler);
  const when = whenSql({ ...s, compiler: countCompiler });
  // An aggregate even without `when`: with no group columns the whole target is one group.
  const flag = when === null ? 'count(*)' : `max(CASE WHEN ${when} THEN 1 ELSE 0 END)`;
  const inScope = when === null ? 'count(*)' : `count(CASE WHEN ${d.quoteIdent('s')} = 1 THEN 1 END)`;
  const inner = `SELECT ${flag} AS ${d.quoteIdent('s')} ${countFrom}${groupBy}`;
  const count = finish(
    countParams,
    `SELECT count(*) AS ${d.quoteIdent('total')}, ${inScope} AS ${d.quoteIdent('in_scope')} FROM (${inner}) AS ${d.quoteIdent('g')}`,
    countColumns,
  );
  return { violations, count, keyColumns: groups.length > 0 ? groups.map((g) => g.alias) : [WHOLE_TARGET.alias] };
}

/**
 * Compiles a rule into the SQL that finds its violations and the SQL that counts its records,
 * for one engine. Values are bound parameters; identifiers come from the scope (the discovered
 * schema) and are quoted by the dialect.
 */
export function compileRule(rule: Rule, scope: RuleScope, dialect: Dialect, options: CompileOptions): CompiledRule {
  if (dialect.compileWhole) return dialect.compileWhole(rule, scope, options);
  const params = new Params(dialect);
  const compiler: ExprCompiler = {
    scope,
    dialect,
    params,
    asOf: options.asOf,
    columnSql: (column) => `${dialect.quoteIdent(tableAlias(scope, column.table))}.${dialect.quoteIdent(column.name)}`,
  };
  const from = fromClause(rule, compiler);
  const shared: Shared = { rule, compiler, from, options };
  if (isGroupRule(rule) && (options.since !== undefined || options.allRecords)) {
    throw new AppError('RULE_INVALID', `Rule "${rule.id}" is a group rule: it is always read whole.`, { ruleId: rule.id });
  }
  return isGroupRule(rule) ? groupRule(shared, params) : recordRule(shared, params);
}

/**
 * One pass for several rules: the key columns (or, for whole rows, the columns of each rule's own
 * `violations` query), then the rules' flags, FLAGS_PER_COLUMN to a column (see `ruleFlag`).
 */
export interface CompiledTogether {
  query: CompiledQuery;
  keyColumns: string[];
  /** The index of the first flags column: the number of columns before them. */
  flagsAt: number;
}

/**
 * Rules whose flags share one column, as the bits of an integer: every engine and JavaScript's
 * bit operators hold 30 bits exactly. One column for five rules instead of five: fewer values for
 * the engine to produce and the driver to turn into JavaScript, per row read.
 */
export const FLAGS_PER_COLUMN = 30;

/** Whether rule `index` (in the order compiled) flags a row of a CompiledTogether query (see `flagsAt`). */
export function ruleFlag(row: readonly CellValue[], flagsAt: number, index: number): boolean {
  const bits = Number(row[flagsAt + Math.floor(index / FLAGS_PER_COLUMN)]);
  return ((bits >> index % FLAGS_PER_COLUMN) & 1) === 1;
}

function flagColumns<T>(tests: T[]): T[][] {
  const columns: T[][] = [];
  for (let i = 0; i < tests.length; i += FLAGS_PER_COLUMN) columns.push(tests.slice(i, i + FLAGS_PER_COLUMN));
  return columns;
}

/**
 * The keys of the records that violate any of several record rules on the same table with the
 * same key (no joins, no query, no watermark window), with a flag per rule: a re-scan of those
 * rules reads the table once instead of once per rule. Each flag is exactly the rule's own
 * `when` and condition, as in its keys-only `violations` query.
 */
export function compileKeysTogether(rules: { rule: Rule; scope: RuleScope }[], dialect: Dialect, asOf: string): CompiledTogether {
  return compileTogether(rules, dialect, asOf, 'keys');
}

/**
 * Like compileKeysTogether, with whole records: the columns, in order, of each rule's own
 * `violations` query (the table's columns), then the flags. A first scan of those rules reads the
 * table once.
 */
export function compileRowsTogether(rules: { rule: Rule; scope: RuleScope }[], dialect: Dialect, asOf: string): CompiledTogether {
  return compileTogether(rules, dialect, asOf, 'rows');
}

/** Several record rules of one table compiled into one query: each rule's SQL, on shared parameters. */
interface Together {
  first: { rule: Rule; scope: RuleScope };
  params: Params;
  base: ExprCompiler;
  shared: Shared[];
}

function together(rules: { rule: Rule; scope: RuleScope }[], dialect: Dialect, asOf: string): Together {
  const first = rules[0];
  if (first === undefined || dialect.compileWhole) throw new AppError('INTERNAL', 'Rules can only be read together in SQL, and there must be some.');
  const params = new Params(dialect);
  const compilerFor = (scope: RuleScope): ExprCompiler => ({
    scope,
    dialect,
    params,
    asOf,
    columnSql: (column) => `${dialect.quoteIdent(tableAlias(scope, column.table))}.${dialect.quoteIdent(column.name)}`,
  });
  const shared = rules.map(({ rule, scope }): Shared => {
    if (isGroupRule(rule) || rule.target.query !== undefined || (rule.target.join?.length ?? 0) > 0) {
      throw new AppError('INTERNAL', `Rule "${rule.id}" cannot be read together with others.`, { ruleId: rule.id });
    }
    return { rule, compiler: compilerFor(scope), from: '', options: { asOf } };
  });
  return { first, params, base: compilerFor(first.scope), shared };
}

function compileTogether(rules: { rule: Rule; scope: RuleScope }[], dialect: Dialect, asOf: string, read: 'keys' | 'rows'): CompiledTogether {
  const { first, params, base, shared } = together(rules, dialect, asOf);
  const keys = keyColumnsOf(first.rule, first.scope);
  const tests = shared.map((s) => [whenSql(s), condition(s)].filter((x): x is string => x !== null).join(' AND '));
  const selected = read === 'keys' ? keys : first.scope.columns;
  const flags = flagColumns(tests);
  const select = [
    ...selected.map((col) => `${base.columnSql(col)} AS ${dialect.quoteIdent(col.alias)}`),
    ...flags.map(
      (column, c) => `(${column.map((test, bit) => `CASE WHEN ${test} THEN ${2 ** bit} ELSE 0 END`).join(' + ')}) AS ${dialect.quoteIdent(`rule_flags_${c}`)}`,
    ),
  ].join(', ');
  const where = tests.map((test) => `(${test})`).join(' OR ');
  // In no particular order: nothing downstream needs the key order, and asking for it made
  // PostgreSQL walk the primary key index over the whole table (measured on 1,000,000 rows: 300–360
  // ms) instead of reading it in order on disk (130–140 ms), and a file source sort every match.
  const sql = `SELECT ${select} ${fromClause(first.rule, base)} WHERE ${where}`;
  const columns: OutputColumn[] = [
    ...selected.map((col) => ({ name: col.alias, type: col.type })),
    ...flags.map((_column, c) => ({ name: `rule_flags_${c}`, type: 'number' as const })),
  ];
  return { query: finish(params, sql, columns), keyColumns: keys.map((k) => k.alias), flagsAt: selected.length };
}

/**
 * The counts of several record rules of one table in one pass over it: `total`, then each rule's
 * records in scope (`in_scope_0`, … in the order given), each exactly what the rule's own `count`
 * query returns. Rules without a watermark window only: their counts read the whole table.
 */
export function compileCountsTogether(rules: { rule: Rule; scope: RuleScope }[], dialect: Dialect, asOf: string): CompiledQuery {
  const { first, params, base, shared } = together(rules, dialect, asOf);
  const inScope = shared.map((s) => {
    const when = whenSql(s);
    return when === null ? 'count(*)' : `count(CASE WHEN ${when} THEN 1 END)`;
  });
  const select = [`count(*) AS ${dialect.quoteIdent('total')}`, ...inScope.map((sql, i) => `${sql} AS ${dialect.quoteIdent(`in_scope_${i}`)}`)];
  const columns: OutputColumn[] = [{ name: 'total', type: 'number' }, ...inScope.map((_sql, i) => ({ name: `in_scope_${i}`, type: 'number' as const }))];
  return finish(params, `SELECT ${select.join(', ')} ${fromClause(first.rule, base)}`, columns);
}
