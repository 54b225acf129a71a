import type { Rule } from '../../../shared/rule.js';
import type { CellValue, SourceSchema } from '../../../shared/schema.js';
import type { SerializedError } from '../../../shared/errors.js';
import type { CompiledQuery, Source } from '../sources/source.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import { isGroupRule } from '../rules/aggregates.js';
import { createLogger } from '../logger.js';
import { recordKey } from './record-key.js';
import { RecordErrors, isRecordLevelError } from './record-errors.js';
import { evaluateByRecord } from './record-fallback.js';
import { prepareRule, throwIfAborted } from './rule-prepare.js';
import { violationMapper } from './violation-mapper.js';
import { existingId, existingStatus, type ExistingViolations, type NewViolation, type ViolationWriter, type WriterContext } from './violation-writer.js';
import type { WatermarkStore } from './watermark-store.js';
import type { CountCache } from './count-cache.js';
import type { KeyBatches } from './shared-key-pass.js';
import type { SharedRows } from './shared-row-pass.js';
import type { BackgroundWrites, WritePass } from './background-writes.js';

const log = createLogger('rule-scan');

export interface RuleScanInput {
  rule: Rule;
  source: Source;
  schema: SourceSchema;
  writer: ViolationWriter;
  runId: number;
  asOf: string;
  batchSize: number;
  signal?: AbortSignal;
  now: () => string;
  /** Called after every batch with the number of rows streamed so far for this rule. */
  onRows?: (rowsStreamed: number) => void;
  /** Where the rule's watermark is kept: a complete full pass moves it to the column's maximum. */
  watermarks?: WatermarkStore;
  /**
   * Which of the rule's places `rule.target` is (0: its target, 1..: its further mappings); the
   * rule is handed over seen on that one place (see rules/mappings.ts). Keys its watermark.
   */
  mapping?: number;
  /** The run's counts already taken: rules with the same count query share one pass. */
  counts?: CountCache;
  /** Commits a full pass's violations on a second connection while it reads; in this thread when absent. */
  background?: BackgroundWrites;
  /** Violations committed together by a full pass; the default suits large scans (tests make it small). */
  writeGroup?: number;
  /**
   * Called once every record has been read, before the pass waits for its last groups to commit
   * and resolves: the caller may start reading the next rule meanwhile.
   */
  onReadDone?: () => void;
  /** A re-scan's keys from a pass shared with other rules on the same table (shared-key-pass.ts); null: read them here. */
  sharedKeys?: (onRows?: (rowsStreamed: number) => void) => Promise<KeyBatches | null>;
  /** A first scan's records from a pass shared with other rules on the same table (shared-row-pass.ts). */
  sharedRows?: (onRows?: (rowsStreamed: number) => void) => Promise<SharedRows>;
}

export interface RuleScanFigures {
  recordsScanned: number;
  recordsInScope: number;
  violationsFound: number;
  violationsNew: number;
  resolved: number;
  violationsOpen: number;
  /** Ids of the violations resolved by this scan (for the audit entry; capped by the caller). */
  resolvedIds: number[];
  /** Records skipped because they could not be evaluated (the rest were checked), or null. */
  recordErrors: SerializedError | null;
}

/** New keys above this many are fetched by re-streaming the rule's rows, below it by key look-up. */
const KEY_FETCH_LIMIT = 5_000;
const KEY_FETCH_CHUNK = 400;
/** Violations committed together by a full pass (at most this many held in memory). */
export const WRITE_GROUP = 1_000;

export function writerContext(rule: Rule, runId: number): WriterContext {
  return { ruleId: rule.id, connection: rule.target.connection, table: rule.target.table ?? 'query', severity: rule.severity, runId };
}

/**
 * Scans one rule against its source: counts the records in scope, streams the violating ones
 * (pushed down as SQL), writes new violations batch by batch, and after a complete pass marks
 * the rule's open violations that were not seen again as resolved.
 *
 * A rule with violations from earlier runs streams only the key columns first: unchanged
 * violations then cost one key comparison each, and only new records are fetched whole.
 *
 * When the query fails on some records' values, the pass is redone record by record (see
 * record-fallback.ts): the failing records are reported and skipped, and never resolved.
 */
export async function scanRule(input: RuleScanInput): Promise<RuleScanFigures> {
  const { rule, source, writer, signal, background } = input;
  const prepared = await prepareRule(rule, source, input.schema);
  const { scope, dialect } = prepared;
  const full = compileRule(rule, scope, dialect, { asOf: input.asOf });
  // Read before the pass: a record added during it lies past this value, for the next incremental pass.
  const markMax: CellValue | undefined =
    full.watermark && input.watermarks ? ((await source.queryOne(full.watermark.max))[0] ?? null) : undefined;
  throwIfAborted(signal);
  const ctx = writerContext(rule, input.runId);
  const map = violationMapper(rule, scope, full, input.asOf);
  const { keyValuesOf, toViolation } = map;

  // Asked before the rule's earlier violations are loaded: what a shared pass wrote for this rule
  // in this run is not "earlier".
  const readTogether = input.sharedRows ? await input.sharedRows(input.onRows) : null;
  const sharedWritten = readTogether?.kind === 'own' ? readTogether.written : 0;
  // Memory stays bounded by the rule's earlier violations, never by the table: a first scan keeps
  // no keys at all, a re-scan deletes each earlier violation from `existing` as it is seen again.
  let existing: ExistingViolations = readTogether?.kind === 'written' ? new Map() : writer.loadExisting(rule.id, ctx);
  // Nothing on file for this place: every violation written below is new and open, so the pass
  // knows its open count without counting them again.
  let firstPass = existing.size === 0;
  let streamed = 0;
  let violationsNew = 0;
  // The pass's groups on the background writer, settled after the read (or at once on a failure).
  let pass: WritePass | undefined;
  let seenAgain = 0;
  const streamAll = async (query: CompiledQuery, keep: (key: string) => boolean): Promise<void> => {
    // Violations are committed in groups (a batch may hold few). Once a pass has a full group, the
    // groups go to the background writer and commit while this thread reads on.
    const group = input.writeGroup ?? WRITE_GROUP;
    let values: CellValue[][] = [];
    let keys: string[] = [];
    const flush = async (): Promise<void> => {
      if (values.length === 0) return;
      const rows = values;
      const rowKeys = keys;
      values = [];
      keys = [];
      if (background && (pass !== undefined || rows.length >= group)) {
        pass ??= background.pass(source.engine);
        await pass.writeRows(rows, rowKeys, { rule, scope, compiled: full, asOf: input.asOf }, ctx, input.now());
      } else {
        violationsNew += writer.write(rows.map((row, i) => toViolation(row, rowKeys[i]!)), ctx, input.now());
      }
    };
    let failed = false;
    try {
      for await (const batch of source.stream(query, { batchSize: input.batchSize, signal })) {
        throwIfAborted(signal);
        for (const row of batch) {
          const key = recordKey(keyValuesOf(row));
          if (keep(key)) {
            values.push(row);
            keys.push(key);
          }
        }
        if (values.length >= group) await flush();
        streamed += batch.length;
        input.onRows?.(streamed);
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // What was read before a failure or a cancel is committed, as it was batch by batch, and
      // every group handed over is committed before the pass counts or resolves anything (after a
      // complete read that wait comes once the read is reported done, below).
      try {
        await flush();
        if (failed && pass) violationsNew += await pass.settle();
      } catch (error) {
        if (!failed) throw error;
        log.warn('writing the violations read before a failure failed too', { ruleId: rule.id, error: String(error) });
      }
    }
  };

  const fastPass = async (): Promise<void> => {
    if (readTogether?.kind === 'written') {
      // Read already, with the other rules of the shared pass; its groups are this rule's pass.
      pass = readTogether.pass;
      streamed = readTogether.streamed;
      input.onRows?.(streamed);
      return;
    }
    if (existing.size === 0) {
      await streamAll(full.violations, () => true);
      return;
    }
    const fetch = new Map<string, CellValue[]>();
    const shared = (await input.sharedKeys?.(input.onRows)) ?? null;
    const keyBatches =
      shared ?? source.stream(compileRule(rule, scope, dialect, { asOf: input.asOf, keysOnly: true }).violations, { batchSize: input.batchSize, signal });
    for await (const batch of keyBatches) {
      throwIfAborted(signal);
      for (const keyValues of batch) {
        const key = recordKey(keyValues);
        const known = existing.get(key);
        if (known !== undefined) existing.delete(key);
        // New, resolved-and-back, or a repeat of a key already seen (the upsert makes that a no-op).
        if (known === undefined || existingStatus(known) === 'resolved') fetch.set(key, keyValues);
        else seenAgain++;
      }
      streamed += batch.length;
      input.onRows?.(streamed);
    }
    if (fetch.size > KEY_FETCH_LIMIT) {
      await streamAll(full.violations, (key) => fetch.has(key));
    } else {
      const keys = [...fetch.values()];
      for (let i = 0; i < keys.length; i += KEY_FETCH_CHUNK) {
        throwIfAborted(signal);
        const byKey = compileRule(rule, scope, dialect, { asOf: input.asOf, keyFilter: keys.slice(i, i + KEY_FETCH_CHUNK) });
        for await (const batch of source.stream(byKey.violations, { batchSize: input.batchSize, signal })) {
          violationsNew += writer.write(batch.map((values) => toViolation(values, recordKey(keyValuesOf(values)))), ctx, input.now());
        }
      }
    }
  };

  const errors = new RecordErrors();
  let newBeforeFallback = 0;
  try {
    await fastPass();
  } catch (error) {
    if (!isRecordLevelError(error) || isGroupRule(rule)) throw error;
    log.warn('the rule failed on some records; evaluating record by record', { ruleId: rule.id, error: String(error) });
    // What was written before the failure stays; it counts as seen again from here on.
    newBeforeFallback = violationsNew;
    existing = writer.loadExisting(rule.id, ctx);
    firstPass = false;
    seenAgain = 0;
    for await (const chunk of evaluateByRecord({ rule, prepared, source, asOf: input.asOf, batchSize: input.batchSize, signal, errors, original: error })) {
      const rows: NewViolation[] = [];
      for (const values of chunk.rows) {
        const key = map.keyOf(values);
        const known = existing.get(key);
        if (known !== undefined) {
          existing.delete(key);
          if (existingStatus(known) !== 'resolved') {
            seenAgain++;
            continue;
          }
        }
        rows.push(toViolation(values, key));
      }
      // A record that could not be evaluated may still violate: its violation is kept as it is.
      for (const key of chunk.failedKeys) existing.delete(recordKey(key));
      violationsNew += writer.write(rows, ctx, input.now());
      streamed += chunk.candidates;
      input.onRows?.(streamed);
    }
  }
  if (signal?.aborted && readTogether?.kind === 'written') {
    // Cancelled as it took over a shared read's groups: they commit before the cancel is reported,
    // so the rule's figures (counted from the file) hold all it wrote.
    await pass?.settle().catch(() => 0);
  }
  throwIfAborted(signal);
  // Every record is read: a cancel from here on no longer undoes this rule's pass.
  input.onReadDone?.();
  // Counted once the records are read: the background writer commits the pass's last groups
  // meanwhile, where counting first left it waiting for the first ones.
  let counts: CellValue[];
  try {
    counts = await (input.counts ? input.counts.count(rule.target.connection, source, full.count, rule.id) : source.queryOne(full.count));
  } catch (error) {
    // The rule fails with its count; its figures are then counted from the file, all groups in.
    await pass?.settle().catch(() => 0);
    throw error;
  }
  const recordsScanned = Number(counts[0] ?? 0);
  const recordsInScope = Number(counts[1] ?? 0);
  if (pass) violationsNew += await pass.settle();
  // Only a complete pass may resolve: a failed or cancelled stream has thrown before this point.
  const unseen: number[] = [];
  for (const packed of existing.values()) {
    const status = existingStatus(packed);
    if (status === 'open' || status === 'confirmed') unseen.push(existingId(packed));
  }
  const at = input.now();
  const resolved = writer.atomically(() => {
    const count = writer.resolve(unseen, input.runId, at);
    if (markMax !== undefined && input.watermarks) {
      if (markMax === null) input.watermarks.clear(rule.id, input.mapping);
      else input.watermarks.set(rule.id, { ruleVersion: rule.version, column: rule.target.watermark!, value: markMax, runId: input.runId }, at, input.mapping);
    }
    return count;
  });
  // A shared pass that stopped committed some of this rule's violations before its own pass found
  // them on file: they are new in this run, not seen again.
  violationsNew += sharedWritten;
  seenAgain = Math.max(0, seenAgain - sharedWritten);
  return {
    recordsScanned,
    recordsInScope,
    // Distinct records: the ones still on file plus those written (new or reopened) by this pass.
    violationsFound: seenAgain + violationsNew - newBeforeFallback,
    violationsNew,
    resolved,
    violationsOpen: firstPass ? violationsNew : writer.countOpen(rule.id, ctx),
    resolvedIds: unseen,
    recordErrors: errors.summary(ctx.table),
  };
}
