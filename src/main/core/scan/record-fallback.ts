import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { AppError, serializeError } from '../../../shared/errors.js';
import type { Source } from '../sources/source.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import type { SinceWindow } from '../rules/compile/watermark-sql.js';
import { createLogger } from '../logger.js';
import { isRecordLevelError, type RecordErrors } from './record-errors.js';
import { throwIfAborted, type PreparedRule } from './rule-prepare.js';
import { safeWatermark } from './watermark-store.js';

const log = createLogger('record-fallback');

/** Records evaluated per query; a failing chunk is halved until the failing records stand alone. */
const CHUNK = 256;
/** Beyond this many failing records the data (or the rule) is wrong as a whole: the rule fails. */
export const MAX_RECORD_ERRORS = 1_000;
/** Records tried one by one first: all of them failing means the statement, not the data, is at fault. */
const PROBE = 8;

export interface FallbackInput {
  rule: Rule;
  prepared: PreparedRule;
  source: Source;
  asOf: string;
  batchSize: number;
  signal?: AbortSignal;
  /** Incremental: only this window, in watermark order, with a resumable watermark per chunk. */
  since?: SinceWindow;
  errors: RecordErrors;
  /** The error that sent the scan here; rethrown when the fault turns out not to be per record. */
  original: unknown;
}

export interface FallbackChunk {
  /** Violating rows, as the rule's `violations` query returns them. */
  rows: CellValue[][];
  /** Key values of the records of this chunk that could not be evaluated. */
  failedKeys: CellValue[][];
  /** With `since`: where a resumed pass may start once this chunk is committed. */
  mark: CellValue | undefined;
  candidates: number;
}

/**
 * The slow path taken when a rule's query fails because of some records' values: every record
 * of the target (or window) is listed by key, then evaluated by chunks of keys through the same
 * compiled rule; a chunk that fails is halved until the failing records are isolated, recorded
 * and skipped.
 *
 * Limits: the candidate keys are held in memory (the PostgreSQL source runs one statement at a
 * time, so the list cannot stay open while chunks are evaluated); a chunk query finds its
 * records through the key, so on PostgreSQL an unindexed key may let the engine evaluate the
 * failing expression on other rows, in which case every chunk fails and the rule fails with the
 * original error; group rules have no per-record path.
 */
export async function* evaluateByRecord(input: FallbackInput): AsyncGenerator<FallbackChunk> {
  const { rule, prepared, source, signal, errors } = input;
  const { scope, dialect } = prepared;
  const base = { asOf: input.asOf, ...(input.since ? { since: input.since } : {}) };
  const listing = compileRule(rule, scope, dialect, { ...base, keysOnly: true, allRecords: true });
  const columns = listing.violations.columns.map((c) => c.name);
  const keyIndexes = listing.keyColumns.map((alias) => columns.indexOf(alias));
  const markIndex = listing.watermark?.column ? columns.indexOf(listing.watermark.column) : -1;
  const candidates: CellValue[][] = [];
  try {
    for await (const batch of source.stream(listing.violations, { batchSize: input.batchSize, signal })) candidates.push(...batch);
  } catch (error) {
    if (isRecordLevelError(error)) throw input.original;
    throw error;
  }
  log.info('evaluating record by record', { ruleId: rule.id, records: candidates.length });

  const run = async (keys: CellValue[][]): Promise<CellValue[][]> => {
    const query = compileRule(rule, scope, dialect, { asOf: input.asOf, keyFilter: keys }).violations;
    const out: CellValue[][] = [];
    for await (const batch of source.stream(query, { batchSize: input.batchSize, signal })) out.push(...batch);
    return out;
  };
  const evaluate = async (keys: CellValue[][], failed: CellValue[][]): Promise<CellValue[][]> => {
    try {
      return await run(keys);
    } catch (error) {
      if (!isRecordLevelError(error)) throw error;
      if (keys.length === 1) {
        failed.push(keys[0]!);
        errors.add(keys[0]!, serializeError(error).message);
        return [];
      }
      const mid = keys.length >> 1;
      return [...(await evaluate(keys.slice(0, mid), failed)), ...(await evaluate(keys.slice(mid), failed))];
    }
  };

  // A fault of the statement, not of records, fails every record: when the first few all fail
  // on their own, the rule fails with the original error instead of halving its way through the table.
  const probe = candidates.slice(0, PROBE).map((row) => keyIndexes.map((k) => row[k] ?? null));
  let probeFailures = 0;
  for (const key of probe) {
    try {
      await run([key]);
    } catch (error) {
      if (!isRecordLevelError(error)) throw error;
      probeFailures++;
    }
  }
  if (probe.length > 1 && probeFailures === probe.length) throw input.original;

  for (let i = 0; i < candidates.length; i += CHUNK) {
    throwIfAborted(signal);
    const chunk = candidates.slice(i, i + CHUNK);
    const keys = chunk.map((row) => keyIndexes.map((k) => row[k] ?? null));
    const failed: CellValue[][] = [];
    const rows = await evaluate(keys, failed);
    if (errors.count > MAX_RECORD_ERRORS) {
      const first = errors.sample[0];
      throw new AppError(
        'SOURCE_ERROR',
        `More than ${MAX_RECORD_ERRORS} records of rule "${rule.id}" cannot be evaluated (first: ${JSON.stringify(first?.key)}: ${first?.message}). Fix the data or the rule.`,
        { ruleId: rule.id, recordErrors: errors.count },
      );
    }
    const mark = markIndex >= 0 ? safeWatermark(chunk.map((row) => row[markIndex] ?? null)) : undefined;
    yield { rows, failedKeys: failed, mark, candidates: chunk.length };
  }
}
