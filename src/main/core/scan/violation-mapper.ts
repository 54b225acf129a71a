/**
 * Turns the rows a rule's compiled query returns into violations: record keys, snapshots and
 * justifications. The write worker loads this module, so it stays free of source drivers and SQL
 * dialects: each import here is paid again by every writer that starts.
 */
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row } from '../../../shared/schema.js';
import type { RuleScope } from '../rules/scope.js';
import type { CompiledRule } from '../rules/compile/compile-rule.js';
import { justificationText } from '../rules/justify.js';
import { recordKey, recordLabel } from './record-key.js';
import type { NewViolation, ViolationTexts } from './violation-writer.js';

/** Turns rows of a compiled `violations` query into keys and violations to write. */
export interface ViolationMapper {
  keyValuesOf(values: CellValue[]): CellValue[];
  keyOf(values: CellValue[]): string;
  toViolation(values: CellValue[], key: string): NewViolation;
  /** Appends the violation's key, snapshot and justification to `out` (see ViolationTexts). */
  appendTexts(out: ViolationTexts, values: CellValue[], key: string): void;
  /** Index of the watermark column in a row, or -1. */
  watermarkIndex: number;
}

export function violationMapper(rule: Rule, scope: RuleScope, compiled: CompiledRule, asOf: string): ViolationMapper {
  const table = rule.target.table ?? 'query';
  const columns = compiled.violations.columns.map((c) => c.name);
  const keyIndexes = compiled.keyColumns.map((alias) => columns.indexOf(alias));
  const keyValuesOf = (values: CellValue[]): CellValue[] => keyIndexes.map((i) => values[i] ?? null);
  const mark = compiled.watermark?.column;
  // Runs once per violating record: plain loops, and the key computed by the caller is reused.
  const texts = (values: CellValue[]): [string, string] => {
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i] ?? null;
    const label = recordLabel(table, keyValuesOf(values));
    return [JSON.stringify(row), justificationText(rule, row, { scope, asOf, recordLabel: label })];
  };
  return {
    keyValuesOf,
    keyOf: (values) => recordKey(keyValuesOf(values)),
    toViolation(values, key) {
      const [snapshot, justification] = texts(values);
      return { recordKey: key, snapshot, justification };
    },
    appendTexts(out, values, key) {
      const [snapshot, justification] = texts(values);
      out.push(key, snapshot, justification);
    },
    watermarkIndex: mark === undefined || mark === null ? -1 : columns.indexOf(mark),
  };
}
