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
  /** Rows of a pass's `violations` query with their record keys, turned into violations by the worker. */
  | { type: 'records'; seq: number; mapper: number; values: CellValue[][]; keys: string[]; ctx: WriterContext; at: string }
  | { type: 'mapper'; id: number; spec: MapperSpec }
  | { type: 'close' };

/** One answer per `write` or `records`, in order: how many rows it changed, or why it failed. */
export type WriteWorkerReply = { seq: number; changed: number; error?: undefined } | { seq: number; error: SerializedError };
