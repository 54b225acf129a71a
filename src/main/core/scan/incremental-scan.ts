import type { CellValue } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import type { SinceWindow } from '../rules/compile/watermark-sql.js';
import { createLogger } from '../logger.js';
import { RecordErrors, isRecordLevelError } from './record-errors.js';
import { evaluateByRecord } from './record-fallback.js';
import { prepareRule, throwIfAborted } from './rule-prepare.js';
import { violationMapper } from './violation-mapper.js';
import { writerContext, type RuleScanFigures, type RuleScanInput } from './rule-scan.js';
import type { NewViolation } from './violation-writer.js';
import { safeWatermark, type WatermarkStore } from './watermark-store.js';

const log = createLogger('incremental-scan');

export interface IncrementalScanInput extends RuleScanInput {
  watermarks: WatermarkStore;
}

/**
 * Reads only the records past the rule's committed watermark (all records the first time, or
 * when the rule changed since), up to the column's maximum read at the start, in watermark order.
 * Each batch's violations and the position they cover commit in one transaction, so a pass killed
 * at any point resumes where its last batch ended. Nothing is resolved: the pass does not see the
 * whole table.
 *
 * Limits: records whose watermark is NULL are never read incrementally (a full scan reads them);
 * a record updated with a watermark value below the committed one (a clock going back, a
 * transaction committing an older timestamp late) is missed until the next full scan.
 */
export async function scanRuleIncremental(input: IncrementalScanInput): Promise<RuleScanFigures> {
  const { rule, source, writer, signal, watermarks } = input;
  const column = rule.target.watermark;
  if (column === undefined) throw new AppError('INTERNAL', `Rule "${rule.id}" has no watermark to scan incrementally.`);
  const prepared = await prepareRule(rule, source, input.schema);
  const { scope, dialect } = prepared;
  const stored = watermarks.get(rule.id, input.mapping);
  // A watermark of another version or column belongs to another definition: read from the start.
  const after = stored !== null && stored.ruleVersion === rule.version && stored.column === column ? stored.value : null;
  const plain = compileRule(rule, scope, dialect, { asOf: input.asOf });
  const upTo = (await source.queryOne(plain.watermark!.max))[0] ?? null;
  const figures: RuleScanFigures = {
    recordsScanned: 0,
    recordsInScope: 0,
    violationsFound: 0,
    violationsNew: 0,
    resolved: 0,
    violationsOpen: 0,
    resolvedIds: [],
    recordErrors: null,
  };
  if (upTo === null) {
    figures.violationsOpen = writer.countOpen(rule.id, writerContext(rule, input.runId));
    return figures;
  }
  const window: SinceWindow = { after, upTo };
  const compiled = compileRule(rule, scope, dialect, { asOf: input.asOf, since: window });
  const counts = await source.queryOne(compiled.count);
  figures.recordsScanned = Number(counts[0] ?? 0);
  figures.recordsInScope = Number(counts[1] ?? 0);
  throwIfAborted(signal);

  const ctx = writerContext(rule, input.runId);
  const map = violationMapper(rule, scope, compiled, input.asOf);
  const commit = (rows: NewViolation[], mark: CellValue | undefined): number => {
    const at = input.now();
    return writer.atomically(() => {
      const changed = writer.write(rows, ctx, at);
      if (mark !== undefined && mark !== null) {
        watermarks.set(rule.id, { ruleVersion: rule.version, column, value: mark, runId: input.runId }, at, input.mapping);
      }
      return changed;
    });
  };

  let streamed = 0;
  const errors = new RecordErrors();
  try {
    for await (const batch of source.stream(compiled.violations, { batchSize: input.batchSize, signal })) {
      throwIfAborted(signal);
      const rows = batch.map((values) => map.toViolation(values, map.keyOf(values)));
      const mark = safeWatermark(batch.map((values) => values[map.watermarkIndex] ?? null));
      figures.violationsNew += commit(rows, mark);
      figures.violationsFound += batch.length;
      streamed += batch.length;
      input.onRows?.(streamed);
    }
  } catch (error) {
    if (!isRecordLevelError(error)) throw error;
    log.warn('the rule failed on some records; evaluating record by record', { ruleId: rule.id, error: String(error) });
    // The window is read again from its start: what was committed is rewritten as no-ops.
    figures.violationsFound = 0;
    const fallback = evaluateByRecord({ rule, prepared, source, asOf: input.asOf, batchSize: input.batchSize, signal, since: window, errors, original: error });
    for await (const chunk of fallback) {
      const rows = chunk.rows.map((values) => map.toViolation(values, map.keyOf(values)));
      figures.violationsNew += commit(rows, chunk.mark);
      figures.violationsFound += rows.length;
      streamed += chunk.candidates;
      input.onRows?.(streamed);
    }
  }
  throwIfAborted(signal);
  commit([], upTo);
  figures.violationsOpen = writer.countOpen(rule.id, ctx);
  figures.recordErrors = errors.summary(ctx.table);
  return figures;
}
