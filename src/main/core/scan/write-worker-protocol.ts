import type { SerializedError } from '../../../shared/errors.js';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import type { CompiledRule } from '../rules/compile/compile-rule.js';
import type { RuleScope } from '../rules/scope.js';
import type { ViolationTexts, WriterContext } from './violation-writer.js';

/** What the write worker is started with. */
export interface WriteWorkerData {
  workspacePath: string;
}

/** What the worker needs to turn a pass's rows into violations (rule-prepare.ts violationMapper). */
export interface MapperSpec {
  rule: Rule;
  scope: RuleScope;
  compiled: CompiledRule;
  asOf: string;
}

export type WriteWorkerCommand =
  | { type: 'write'; seq: number; texts: ViolationTexts; ctx: WriterContext; at: string }
  /**
   * Rows of a pass's `violations` query with their record keys, turned into violations by the
   * worker. The rows go column by column (see `toColumns`): an array of one kind of value copies
   * in a third of the time of rows that mix them (1,000 rows of nine columns: 0.17 + 0.30 ms to
   * copy and rebuild, against 0.63 + 0.62 ms).
   */
  | { type: 'records'; seq: number; mapper: number; columns: CellValue[][]; keys: string[]; ctx: WriterContext; at: string }
  | { type: 'mapper'; id: number; spec: MapperSpec }
  | { type: 'close' };

/** One answer per `write` or `records`, in order: how many rows it changed, or why it failed. */
export type WriteWorkerReply = { seq: number; changed: number; error?: undefined } | { seq: number; error: SerializedError };

/** Rows of equal width as their columns. */
export function toColumns(rows: readonly CellValue[][]): CellValue[][] {
  const width = rows[0]?.length ?? 0;
  const columns: CellValue[][] = [];
  for (let c = 0; c < width; c++) {
    const column = new Array<CellValue>(rows.length);
    for (let r = 0; r < rows.length; r++) column[r] = rows[r]![c] ?? null;
    columns.push(column);
  }
  return columns;
}

/** Row `r` of columns made by `toColumns`. */
export function rowOf(columns: readonly CellValue[][], r: number): CellValue[] {
  const row = new Array<CellValue>(columns.length);
  for (let c = 0; c < columns.length; c++) row[c] = columns[c]![r] ?? null;
  return row;
}
