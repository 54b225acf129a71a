import type { Rule } from '../../../shared/rule.js';
import { AppError } from '../../../shared/errors.js';
import type { Source } from '../sources/source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Workspace } from '../workspace/workspace.js';
import { createLogger } from '../logger.js';
import { ruleTargets, ruleViews, targetTable } from '../rules/mappings.js';
import { combineMappings, noFigures } from './combine-mappings.js';
import { scanMapping, type OpenedSource } from './mapping-scan.js';
import { WatermarkStore } from './watermark-store.js';
import { RunStore } from './run-store.js';
import { ViolationWriter } from './violation-writer.js';
import { CountCache } from './count-cache.js';
import { BackgroundWrites } from './background-writes.js';
import { deferCheckpoints } from '../workspace/checkpoints.js';
import { SharedKeyPass, canShareKeys, shareGroups } from './shared-key-pass.js';
import { SharedRowPass, canShareRows } from './shared-row-pass.js';
import { writerContext } from './rule-scan.js';
import type { RuleRunResult, RunStatus, ScanProgress, ScanResult } from './scan-types.js';
import type { MappingRunResult } from '../../../shared/api/scans.js';

const log = createLogger('scan');

export interface ScanOptions {
  /** Rules to run; all active rules when absent. Named rules must be active. */
  ruleIds?: string[];
  /** The scan's as-of date (`today()` in rules), YYYY-MM-DD; today when absent. */
  asOf?: string;
  trigger?: string;
  actor?: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  /** Called once the run row exists, before any rule runs: lets a caller learn the run id at once. */
  onRunStarted?: (runId: number, ruleCount: number) => void;
  openSource: (config: ConnectionConfig) => Promise<Source>;
  /**
   * Read only the records past each rule's committed watermark, committing the watermark with
   * every batch, and resolve nothing. Rules without a watermark are left out of such a run (the
   * result lists them in `skippedRuleIds`): re-reading their whole table every few minutes is what
   * the full scan on its own schedule is for. A full run (the default) moves the watermark of each
   * rule it completes to the column's maximum.
   */
  incremental?: boolean;
  /** Defaults to the workspace's clock. */
  now?: () => Date;
  /**
   * Violations a full pass commits together (default 1,000); a pass with a full group commits on a
   * second connection while it reads. Tests make it small to exercise that path.
   */
  writeGroup?: number;
}

/** How many resolved violation ids one audit entry lists before it only gives the count. */
const AUDIT_ID_LIMIT = 100;

function selectRules(ws: Workspace, ruleIds: string[] | undefined): Rule[] {
  if (!ruleIds || ruleIds.length === 0) return ws.rules.list({ status: 'active' });
  return ruleIds.map((id) => {
    const rule = ws.rules.get(id);
    if (!rule) throw new AppError('NOT_FOUND', `There is no rule "${id}". See the rules with: rules list`);
    if (rule.status !== 'active') {
      throw new AppError('INVALID_INPUT', `Rule "${id}" is ${rule.status}; activate it first (rules activate ${id}).`);
    }
    return rule;
  });
}

function emptyPart(mapping: number, view: Rule): MappingRunResult {
  return { mapping, connection: view.target.connection, table: targetTable(view.target), ...noFigures() };
}

/**
 * Runs rules against their sources and records the run. One rule failing (a missing column, a
 * timeout, a source that went away) is recorded on that rule and the others still run; the run is
 * `failed` when any rule failed, `cancelled` when the signal aborted it.
 */
export async function runScan(ws: Workspace, options: ScanOptions): Promise<ScanResult> {
  const stamp = options.now ? (): string => options.now!().toISOString() : ws.now;
  const asOf = options.asOf ?? stamp().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new AppError('INVALID_INPUT', `--as-of must be a date like 2024-03-31, not "${asOf}".`);
  }
  const actor = options.actor ?? 'system';
  const selected = selectRules(ws, options.ruleIds);
  const incremental = options.incremental === true;
  // A rule with several places takes part when one of them has a watermark; the others sit the run out.
  const hasWatermark = (r: Rule): boolean => ruleTargets(r).some((t) => t.watermark !== undefined);
  const rules = incremental ? selected.filter(hasWatermark) : selected;
  const skippedRuleIds = incremental ? selected.filter((r) => !hasWatermark(r)).map((r) => r.id) : [];
  const runs = new RunStore(ws.db);
  const writer = new ViolationWriter(ws.db);
  const watermarks = new WatermarkStore(ws.db);
  const counts = new CountCache();
  // An in-memory workspace has no file a second connection could open.
  const background = ws.db.memory || !BackgroundWrites.available() ? undefined : new BackgroundWrites(ws.db.name, writer);
  // The run's writes go into the workspace file in one checkpoint, by the writer once the run is
  // recorded (checkpoints.ts): it is not waited for here.
  const endDeferral = background ? deferCheckpoints(ws.db) : (): void => undefined;
  try {
    const started = performance.now();
    const runId = runs.start(options.trigger ?? 'manual', asOf, stamp());
    ws.audit.append({ actor, action: 'scan.started', entityType: 'run', entityId: String(runId), details: { asOf, rules: rules.map((r) => r.id), ...(incremental ? { incremental, skipped: skippedRuleIds } : {}) } });
    options.onRunStarted?.(runId, rules.length);

    const sources = new Map<string, Promise<OpenedSource>>();
    const openFor = (name: string): Promise<OpenedSource> => {
      let opened = sources.get(name);
      if (!opened) {
        opened = (async () => {
          const connection = ws.connections.get(name);
          if (!connection) {
            throw new AppError('NOT_FOUND', `Connection "${name}" does not exist. Add it with: connection add ${name} ...`);
          }
          const source = await options.openSource(connection.config);
          return { source, schema: await source.schema() };
        })();
        sources.set(name, opened);
      }
      return opened;
    };

    const results: RuleRunResult[] = [];
    let cancelled = false;

    // Rules with nothing on file yet: their full pass writes all it finds, and reads whole rows.
    const unscanned = new Set(incremental ? [] : rules.filter((r) => writer.isUnscanned(r.id)).map((r) => r.id));
    // Rules re-scanning the same table read their keys in one pass together (see shared-key-pass.ts).
    const sharedPasses = new Map<string, SharedKeyPass>();
    if (!incremental) {
      for (const group of shareGroups(rules.filter((r) => canShareKeys(r, !unscanned.has(r.id))))) {
        const pass = new SharedKeyPass(group, () => openFor(group[0]!.target.connection), {
          asOf,
          batchSize: options.batchSize ?? 1_000,
          signal: options.signal,
        });
        for (const rule of group) sharedPasses.set(rule.id, pass);
      }
    }
    // Rules of one table are counted in one pass over it, whatever their `when` (count-cache.ts).
    // A re-scan reads on this thread alone, with the other core idle: its count runs there from
    // the start. A first scan's writer already keeps both cores busy.
    if (!incremental) {
      for (const group of shareGroups(rules.filter((r) => canShareKeys(r, true)))) {
        const aside = group.every((r) => !unscanned.has(r.id));
        counts.countTogether(group, () => openFor(group[0]!.target.connection), asOf, { aside });
      }
    }
    // Rules scanning the same table for the first time read it once together (shared-row-pass.ts);
    // their violations go to the background writer, rule by rule.
    const sharedRows = new Map<string, SharedRowPass>();
    if (!incremental && background) {
      for (const group of shareGroups(rules.filter((r) => canShareRows(r, unscanned.has(r.id))))) {
        const pass = new SharedRowPass(group, () => openFor(group[0]!.target.connection), {
          asOf,
          batchSize: options.batchSize ?? 1_000,
          signal: options.signal,
          background,
          writeGroup: options.writeGroup,
          context: (rule) => writerContext(rule, runId),
          now: stamp,
        });
        for (const rule of group) sharedRows.set(rule.id, pass);
      }
    }

    /**
     * Runs one rule on all its places and records its result. `onReadDone` is called once its
     * records are all read, while its last writes commit and it resolves: the next rule may start
     * reading then. Only a single-place full scan says so; the others finish first.
     */
    const scanOne = async (index: number, rule: Rule, onReadDone: () => void): Promise<RuleRunResult> => {
      const ruleStarted = performance.now();
      runs.startRule(runId, rule.id, rule.version);
      const progress = (phase: ScanProgress['phase'], rowsStreamed: number): void =>
        options.onProgress?.({
          runId,
          ruleIndex: index,
          ruleCount: rules.length,
          ruleId: rule.id,
          phase,
          rowsStreamed,
          elapsedMs: Math.round(performance.now() - started),
        });
      const result: RuleRunResult = { id: rule.id, ...noFigures() };
      if (cancelled || options.signal?.aborted) {
        cancelled = true;
        result.status = 'cancelled';
      } else {
        progress('counting', 0);
        const views = ruleViews(rule);
        const multi = views.length > 1;
        const parts: MappingRunResult[] = [];
        const resolvedIds: number[] = [];
        let streamedBefore = 0;
        for (const [mapping, view] of views.entries()) {
          if (incremental && view.target.watermark === undefined) continue;
          if (options.signal?.aborted) {
            parts.push({ ...emptyPart(mapping, view), status: 'cancelled', error: { code: 'CANCELLED', message: 'The scan was cancelled.' } });
            break;
          }
          const outcome = await scanMapping({
            view,
            mapping,
            multi,
            openFor,
            writer,
            watermarks,
            runId,
            asOf,
            batchSize: options.batchSize ?? 1_000,
            signal: options.signal,
            now: stamp,
            incremental,
            counts,
            background,
            writeGroup: options.writeGroup,
            onRows: (n: number) => progress('streaming', streamedBefore + n),
            onReadDone: multi ? undefined : onReadDone,
            sharedKeys: sharedPasses.has(rule.id) ? (onRows) => sharedPasses.get(rule.id)!.keysFor(rule.id, onRows) : undefined,
            sharedRows: sharedRows.has(rule.id) ? (onRows) => sharedRows.get(rule.id)!.rowsFor(rule.id, onRows) : undefined,
          });
          streamedBefore += outcome.result.violationsFound;
          parts.push(outcome.result);
          resolvedIds.push(...outcome.resolvedIds);
          if (outcome.result.status === 'cancelled') break;
        }
        const combined = combineMappings(parts);
        Object.assign(result, combined);
        if (combined.status === 'cancelled') cancelled = true;
        if (combined.status === 'failed') log.warn('rule failed', { ruleId: rule.id, error: combined.error?.message });
        if (combined.status === 'completed' && !incremental) {
          // A place the rule no longer reads will never be scanned again: its open violations are closed now.
          const retired = writer.resolveRetired(rule.id, views.map((v) => ({ connection: v.target.connection, table: targetTable(v.target) })), runId, stamp());
          result.resolved += retired.length;
          resolvedIds.push(...retired);
        }
        if (multi) {
          result.violationsOpen = writer.countOpen(rule.id);
          result.mappings = parts;
          for (const part of parts) runs.finishMapping(runId, rule.id, part);
        }
        if (result.resolved > 0) {
          ws.audit.append({
            actor,
            action: 'violations.resolved',
            entityType: 'rule',
            entityId: rule.id,
            details: {
              runId,
              count: result.resolved,
              reason: 'no longer violates the rule',
              violationIds: resolvedIds.slice(0, AUDIT_ID_LIMIT),
            },
          });
        }
      }
      result.durationMs = Math.round(performance.now() - ruleStarted);
      runs.finishRule(runId, rule.id, result);
      progress('done', result.violationsFound);
      return result;
    };

    try {
      // At most two rules at a time: one finishing (its last writes, its resolution) while the next
      // one reads. The write worker is busiest at a rule's end; the reads keep it fed meanwhile.
      let finishing: Promise<RuleRunResult> | null = null;
      // The writer starts while the first rules count and read.
      if (background && unscanned.size > 0) background.prewarm();
      for (const [index, rule] of rules.entries()) {
        let readDone!: () => void;
        const read = new Promise<void>((resolve) => (readDone = resolve));
        const current = scanOne(index, rule, () => readDone());
        // Awaited below, in rule order; this only keeps an early failure from being "unhandled".
        current.catch(() => undefined);
        try {
          await Promise.race([read, current]);
        } finally {
          // Results are kept in rule order, and a rule's result is complete before the one after
          // the next begins: the previous rule is done before this loop moves on.
          if (finishing !== null) results.push(await finishing);
        }
        finishing = current;
      }
      if (finishing !== null) results.push(await finishing);
    } finally {
      await background?.drain();
      await Promise.all(
        [...sources.values()].map(async (opened) => {
          try {
            await (await opened).source.close();
          } catch {
            // A source that failed to open has nothing to close.
          }
        }),
      );
    }

    const failed = results.filter((r) => r.status === 'failed');
    const status: RunStatus = cancelled ? 'cancelled' : failed.length > 0 ? 'failed' : 'completed';
    const partial = results.filter((r) => r.status === 'completed' && r.error !== null);
    const partialNote = partial.length > 0 ? `Some records were skipped: ${partial.map((r) => `${r.id}: ${r.error?.message}`).join('; ')}` : null;
    const error =
      failed.length > 0
        ? `${failed.length} of ${results.length} rules failed: ${failed.map((r) => `${r.id}: ${r.error?.message}`).join('; ')}`
        : cancelled
          ? 'Cancelled by the user.'
          : partialNote;
    runs.finish(
      runId,
      status,
      {
        recordsScanned: results.reduce((s, r) => s + r.recordsScanned, 0),
        violationsNew: results.reduce((s, r) => s + r.violationsNew, 0),
        violationsOpen: results.reduce((s, r) => s + r.violationsOpen, 0),
        violationsResolved: results.reduce((s, r) => s + r.resolved, 0),
      },
      stamp(),
      Math.round(performance.now() - started),
      error,
    );
    const run = ws.runs.get(runId)!;
    ws.audit.append({
      actor,
      action: `scan.${status}`,
      entityType: 'run',
      entityId: String(runId),
      details: { recordsScanned: run.recordsScanned, violationsNew: run.violationsNew, violationsOpen: run.violationsOpen, resolved: run.violationsResolved, error },
    });
    return incremental ? { run, rules: results, skippedRuleIds } : { run, rules: results };
  } finally {
    counts.close();
    if (background) void background.close().finally(endDeferral);
    else endDeferral();
  }
}
