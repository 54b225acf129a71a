import type { Rule } from '../../../../shared/rule.js';
import type { CellValue } from '../../../../shared/schema.js';
import { AppError } from '../../../../shared/errors.js';
import type { CompiledQuery } from '../../sources/source.js';
import { resolveNamedColumn } from '../named-column.js';
import type { ScopeColumn } from '../scope.js';
import type { ExprCompiler } from './compile-expr.js';
import { Params } from './params.js';

/** The window an incremental pass reads: watermark values after `after` (from the start when null), up to `upTo`. */
export interface SinceWindow {
  after: CellValue;
  upTo: CellValue;
}

/** The rule's watermark column, or null when it has none. */
export function watermarkColumn(rule: Rule, compiler: ExprCompiler): ScopeColumn | null {
  const name = rule.target.watermark;
  if (name === undefined) return null;
  const column = resolveNamedColumn(compiler.scope, name);
  if (column.table !== compiler.scope.base) {
    throw new AppError('RULE_INVALID', `Rule "${rule.id}": the watermark must be a column of ${compiler.scope.base}.`, { ruleId: rule.id });
  }
  return column;
}

/**
 * The bound range test on the raw column (not the normalised value), so an index on the column
 * serves it, and ordering by the same raw column agrees with it. PostgreSQL infers the untyped
 * placeholders' type from the column.
 */
export function sinceSql(compiler: ExprCompiler, column: ScopeColumn, window: SinceWindow): string {
  const raw = compiler.columnSql(column);
  const upper = `${raw} <= ${compiler.params.add(window.upTo)}`;
  return window.after === null ? upper : `${raw} > ${compiler.params.add(window.after)} AND ${upper}`;
}

/** `SELECT max(column)` over the base alone: where an incremental window may end. */
export function watermarkMaxQuery(compiler: ExprCompiler, column: ScopeColumn, from: (c: ExprCompiler) => string): CompiledQuery {
  const params = new Params(compiler.dialect);
  const own = { ...compiler, params };
  const sql = `SELECT max(${own.columnSql(column)}) AS ${own.dialect.quoteIdent('hi')} ${from(own)}`;
  return { ...params.finish(sql), columns: [{ name: 'hi', type: column.type }] };
}
