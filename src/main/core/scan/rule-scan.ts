import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, SourceSchema } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { CompiledQuery, Source } from '../sources/source.js';
import { buildScope, type RuleScope } from '../rules/scope.js';
import { checkRule } from '../rules/check.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import { justificationText } from '../rules/justify.js';
import { dialectFor } from './dialect-for.js';
import { recordKey, recordLabel } from './record-key.js';
import { existingId, existingStatus, type NewViolation, type ViolationWriter, type WriterContext } from './violation-writer.js';

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
}

/** New keys above this many are fetched by re-streaming the rule's rows, below it by key look-up. */
const KEY_FETCH_LIMIT = 5_000;
const KEY_FETCH_CHUNK = 400;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The scan was cancelled.');
}

async function describeScope(rule: Rule, source: Source, schema: SourceSchema): Promise<RuleScope> {
  const queryColumns = rule.target.query !== undefined ? await source.describeQuery(rule.target.query) : undefined;
  return buildScope(rule, schema, queryColumns);
}

/**
 * Scans one rule against its source: counts the records in scope, streams the violating ones
 * (pushed down as SQL), writes new violations batch by batch, and after a complete pass marks
 * the rule's open violations that were not seen again as resolved.
 *
 * A rule with violations from earlier runs streams only the key columns first: unchanged
 * violations then cost one key comparison each, and only new records are fetched whole.
 */
export async function scanRule(input: RuleScanInput): Promise<RuleScanFigures> {
  const { rule, source, writer, signal } = input;
  const scope = await describeScope(rule, source, input.schema);
  const problems = checkRule(rule, scope);
  if (problems.length > 0) {
    throw new AppError('RULE_INVALID', problems.map((p) => p.message).join(' '), { ruleId: rule.id });
  }
  const dialect = dialectFor(source.engine);
  const full = compileRule(rule, scope, dialect, { asOf: input.asOf });

  const counts = await source.queryOne(full.count);
  const recordsScanned = Number(counts[0] ?? 0);
  const recordsInScope = Number(counts[1] ?? 0);
  throwIfAborted(signal);

  const table = rule.target.table ?? 'query';
  const ctx: WriterContext = {
    ruleId: rule.id,
    connection: rule.target.connection,
    table,
    severity: rule.severity,
    runId: input.runId,
  };
  const columns = full.violations.columns.map((c) => c.name);
  const keyIndexes = full.keyColumns.map((alias) => columns.indexOf(alias));
  const keyValuesOf = (values: CellValue[]): CellValue[] => keyIndexes.map((i) => values[i] ?? null);
  // Runs once per violating record: plain loops, and the key computed by the caller is reused.
  const toViolation = (values: CellValue[], key: string): NewViolation => {
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i] ?? null;
    const label = recordLabel(table, keyValuesOf(values));
    return { recordKey: key, snapshot: JSON.stringify(row), justification: justificationText(rule, row, { scope, asOf: input.asOf, recordLabel: label }) };
  };

  // Memory stays bounded by the rule's earlier violations, never by the table: a first scan keeps
  // no keys at all, a re-scan deletes each earlier violation from `existing` as it is seen again.
  const existing = writer.loadExisting(rule.id);
  let streamed = 0;
  let violationsNew = 0;
  let seenAgain = 0;

  const streamAll = async (query: CompiledQuery, keep: (key: string) => boolean): Promise<void> => {
    for await (const batch of source.stream(query, { batchSize: input.batchSize, signal })) {
      throwIfAborted(signal);
      const rows: NewViolation[] = [];
      for (const values of batch) {
        const key = recordKey(keyValuesOf(values));
        if (keep(key)) rows.push(toViolation(values, key));
      }
      violationsNew += writer.write(rows, ctx, input.now());
      streamed += batch.length;
      input.onRows?.(streamed);
    }
  };

  if (existing.size === 0) {
    await streamAll(full.violations, () => true);
  } else {
    const fetch = new Map<string, CellValue[]>();
    const keysOnly = compileRule(rule, scope, dialect, { asOf: input.asOf, keysOnly: true });
    for await (const batch of source.stream(keysOnly.violations, { batchSize: input.batchSize, signal })) {
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
  }
  throwIfAborted(signal);

  // Only a complete pass may resolve: a failed or cancelled stream has thrown before this point.
  const unseen: number[] = [];
  for (const packed of existing.values()) {
    const status = existingStatus(packed);
    if (status === 'open' || status === 'confirmed') unseen.push(existingId(packed));
  }
  const resolved = writer.resolve(unseen, input.runId, input.now());

  return {
    recordsScanned,
    recordsInScope,
    // Distinct records: the ones still on file plus those written (new or reopened) by this pass.
    violationsFound: seenAgain + violationsNew,
    violationsNew,
    resolved,
    violationsOpen: writer.countOpen(rule.id),
    resolvedIds: unseen,
  };
}
