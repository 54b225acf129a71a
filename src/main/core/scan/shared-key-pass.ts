import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { isGroupRule } from '../rules/aggregates.js';
import { compileKeysTogether } from '../rules/compile/compile-rule.js';
import { ruleViews } from '../rules/mappings.js';
import { createLogger } from '../logger.js';
import type { OpenedSource } from './mapping-scan.js';
import { prepareRule } from './rule-prepare.js';
import { dialectFor } from './dialect-for.js';

const log = createLogger('shared-key-pass');

/** Batches of key values, as a rule's own keys-only stream would give them. */
export type KeyBatches = CellValue[][][];

/**
 * Whether a rule's re-scan may take its keys from a pass shared with other rules: a plain record
 * rule on one table (no join, no query, no watermark, one place) in a full run. Rules that have
 * never been scanned read whole rows instead, so they are left out too.
 */
export function canShareKeys(rule: Rule, scannedBefore: boolean): boolean {
  const { target } = rule;
  return (
    scannedBefore &&
    ruleViews(rule).length === 1 &&
    !isGroupRule(rule) &&
    target.table !== undefined &&
    target.query === undefined &&
    (target.join?.length ?? 0) === 0 &&
    target.watermark === undefined
  );
}

/** Rules that read the same table by the same key, in run order: one group per shared pass. */
export function shareGroups(rules: Rule[]): Rule[][] {
  const groups = new Map<string, Rule[]>();
  for (const rule of rules) {
    const place = JSON.stringify([rule.target.connection, rule.target.table, rule.target.key]);
    const group = groups.get(place);
    if (group) group.push(rule);
    else groups.set(place, [rule]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/**
 * One keys-only pass for a group of rules (see compileKeysTogether): run when the first of them
 * asks, kept per rule until that rule takes its keys. Anything that goes wrong (a rule that no
 * longer fits the schema, a value one rule's SQL cannot evaluate, the source going away) leaves
 * every rule to read its own keys, which reports the problem on the rule it belongs to.
 */
export class SharedKeyPass {
  private pass: Promise<Map<string, KeyBatches> | null> | null = null;

  constructor(
    private readonly rules: Rule[],
    private readonly open: () => Promise<OpenedSource>,
    private readonly options: { asOf: string; batchSize: number; signal?: AbortSignal },
  ) {}

  /** The rule's keys from the shared pass, or null when it is to read them itself. */
  async keysFor(ruleId: string, onRows?: (rowsStreamed: number) => void): Promise<KeyBatches | null> {
    this.pass ??= this.run(onRows);
    const keys = await this.pass;
    const mine = keys?.get(ruleId) ?? null;
    // Taken once: a rule's keys are not held after its pass.
    keys?.delete(ruleId);
    return mine;
  }

  private async run(onRows?: (rowsStreamed: number) => void): Promise<Map<string, KeyBatches> | null> {
    try {
      const { source, schema } = await this.open();
      const dialect = dialectFor(source.engine);
      // A source queried otherwise than by SQL (MongoDB) reads rule by rule.
      if (dialect.compileWhole) return null;
      const prepared = [];
      for (const rule of this.rules) prepared.push({ rule, scope: (await prepareRule(rule, source, schema)).scope });
      const { query, keyColumns } = compileKeysTogether(prepared, dialect, this.options.asOf);
      const width = keyColumns.length;
      const byRule = this.rules.map((): KeyBatches => [[]]);
      let streamed = 0;
      for await (const batch of source.stream(query, { batchSize: this.options.batchSize, signal: this.options.signal })) {
        for (const row of batch) {
          const key = row.slice(0, width);
          for (let i = 0; i < byRule.length; i++) {
            if (Number(row[width + i]) !== 1) continue;
            const batches = byRule[i]!;
            let last = batches[batches.length - 1]!;
            if (last.length >= this.options.batchSize) batches.push((last = []));
            last.push(key);
          }
        }
        streamed += batch.length;
        onRows?.(streamed);
      }
      return new Map(this.rules.map((rule, i) => [rule.id, byRule[i]!]));
    } catch (error) {
      log.info('rules read their keys one by one', { rules: this.rules.map((r) => r.id), reason: String(error) });
      return null;
    }
  }
}
