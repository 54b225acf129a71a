import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { serializeError, type SerializedError } from '../../../shared/errors.js';
import type { MappingRunResult } from '../../../shared/api/scans.js';
import type { Source } from '../sources/source.js';
import { mappingLabel, targetTable } from '../rules/mappings.js';
import { createLogger } from '../logger.js';
import { scanRule, type RuleScanInput } from './rule-scan.js';
import { noFigures } from './combine-mappings.js';
import { scanRuleIncremental } from './incremental-scan.js';
import type { ViolationWriter } from './violation-writer.js';
import type { WatermarkStore } from './watermark-store.js';
import type { CountCache } from './count-cache.js';
import type { BackgroundWrites } from './background-writes.js';

const log = createLogger('mapping-scan');

export interface OpenedSource {
  source: Source;
  schema: SourceSchema;
}

export interface MappingScanInput {
  /** The rule seen on one of its places (rules/mappings.ts ruleOnTarget). */
  view: Rule;
  /** The place's index: 0 for the rule's target, 1.. for its further mappings. */
  mapping: number;
  /** Whether the rule reads several places: only then do errors name the place. */
  multi: boolean;
  openFor: (connection: string) => Promise<OpenedSource>;
  writer: ViolationWriter;
  watermarks: WatermarkStore;
  runId: number;
  asOf: string;
  batchSize: number;
  signal?: AbortSignal;
  now: () => string;
  incremental: boolean;
  onRows?: (rowsStreamed: number) => void;
  /** Once every record of a full pass is read (see rule-scan.ts); not called for incremental passes. */
  onReadDone?: () => void;
  sharedKeys?: RuleScanInput['sharedKeys'];
  sharedRows?: RuleScanInput['sharedRows'];
  counts?: CountCache;
  background?: BackgroundWrites;
  writeGroup?: number;
}

export interface MappingScanOutcome {
  result: MappingRunResult;
  resolvedIds: number[];
}

function named(error: SerializedError, label: string, multi: boolean): SerializedError {
  return multi ? { ...error, message: `${label}: ${error.message}` } : error;
}

/**
 * Scans one place of a rule: its own source and dialect, its own earlier violations, and after its
 * own complete pass the resolution of only its unseen violations. A failure (the source is down, a
 * column went away) is this place's result and never thrown: the rule's other places still scan.
 */
export async function scanMapping(input: MappingScanInput): Promise<MappingScanOutcome> {
  const { view, mapping, writer } = input;
  const label = mappingLabel(mapping, view.target);
  const place = { connection: view.target.connection, table: targetTable(view.target) };
  const started = performance.now();
  const result: MappingRunResult = { mapping, connection: place.connection, table: place.table, ...noFigures() };
  let resolvedIds: number[] = [];
  try {
    const { source, schema } = await input.openFor(place.connection);
    const scanInput = {
      rule: view,
      source,
      schema,
      writer,
      runId: input.runId,
      asOf: input.asOf,
      batchSize: input.batchSize,
      signal: input.signal,
      now: input.now,
      onRows: input.onRows,
      onReadDone: input.onReadDone,
      sharedKeys: input.sharedKeys,
      sharedRows: input.sharedRows,
      watermarks: input.watermarks,
      mapping,
      counts: input.counts,
      background: input.background,
      writeGroup: input.writeGroup,
    };
    const figures = input.incremental ? await scanRuleIncremental(scanInput) : await scanRule(scanInput);
    Object.assign(result, {
      recordsScanned: figures.recordsScanned,
      recordsInScope: figures.recordsInScope,
      violationsFound: figures.violationsFound,
      violationsOpen: figures.violationsOpen,
      violationsNew: figures.violationsNew,
      resolved: figures.resolved,
    });
    // Records skipped as unevaluable leave the place completed, with the error saying which.
    result.error = figures.recordErrors === null ? null : named(figures.recordErrors, label, input.multi);
    resolvedIds = figures.resolvedIds;
  } catch (error) {
    const serialized = serializeError(error);
    if (serialized.code === 'CANCELLED') {
      result.status = 'cancelled';
    } else {
      result.status = 'failed';
      log.warn('rule mapping failed', { ruleId: view.id, mapping: label, error: serialized.message });
    }
    result.error = named(serialized, label, input.multi);
    // What this place wrote before failing stays open; nothing is resolved on a partial pass.
    result.violationsOpen = writer.countOpen(view.id, place);
    // Its committed batches count as this run's, so the run that completes the work never counts them again.
    result.violationsNew = writer.countFirstSeen(view.id, input.runId, place);
  }
  result.durationMs = Math.round(performance.now() - started);
  return { result, resolvedIds };
}
