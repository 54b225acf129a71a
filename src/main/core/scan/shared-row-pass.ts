import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import { compileRule, compileRowsTogether, ruleFlag } from '../rules/compile/compile-rule.js';
import { createLogger } from '../logger.js';
import type { BackgroundWrites, WritePass } from './background-writes.js';
import type { MapperSpec } from './write-worker-protocol.js';
import { dialectFor } from './dialect-for.js';
import type { OpenedSource } from './mapping-scan.js';
import { prepareRule } from './rule-prepare.js';
import { violationMapper } from './violation-mapper.js';
import { WRITE_GROUP } from './rule-scan.js';
import { canShareKeys } from './shared-key-pass.js';
import type { WriterContext } from './violation-writer.js';

const log = createLogger('shared-row-pass');

/**
 * What a shared pass did for one rule: either its violations went to `pass` (still committing;
 * the rule settles it), or the rule reads on its own, `written` of its violations having been
 * committed by the shared pass before it stopped.
 */
export type SharedRows = { kind: 'written'; pass: WritePass; streamed: number } | { kind: 'own'; written: number };

/** Whether a rule's first scan may read its records in a pass shared with other rules (see canShareKeys). */
export function canShareRows(rule: Rule, unscanned: boolean): boolean {
  // The same kind of rule as a shared key pass, on its very first scan instead of a re-scan.
  return unscanned && canShareKeys(rule, true);
}

interface Member {
  rule: Rule;
  ctx: WriterContext;
  pass: WritePass;
  spec: MapperSpec;
  values: CellValue[][];
  keys: string[];
}

export interface SharedRowOptions {
  asOf: string;
  batchSize: number;
  signal?: AbortSignal;
  background: BackgroundWrites;
  /** Violations per group handed to the writer (tests make it small). */
  writeGroup?: number;
  context(rule: Rule): WriterContext;
  now(): string;
}

/**
 * The first scan of several rules on one table, in one read (see compileRowsTogether): each
 * violating record goes to the writer of every rule it breaks, while the table is read once.
 * The first rule to ask runs it; the others find their violations written or being written.
 *
 * Anything that goes wrong leaves every rule to read on its own, which reports the problem on the
 * rule it belongs to. What the shared pass committed before it stopped stays (a rule's own pass
 * then finds it on file) and is counted as new by that rule. A cancel is the rules' cancel.
 */
export class SharedRowPass {
  private pass: Promise<Map<string, SharedRows> | AppError> | null = null;

  constructor(
    private readonly rules: Rule[],
    private readonly open: () => Promise<OpenedSource>,
    private readonly options: SharedRowOptions,
  ) {}

  /** What the shared pass did for this rule. Throws the cancel when the scan was cancelled in it. */
  async rowsFor(ruleId: string, onRows?: (rowsStreamed: number) => void): Promise<SharedRows> {
    this.pass ??= this.run(onRows);
    const outcome = await this.pass;
    if (outcome instanceof AppError) throw outcome;
    return outcome.get(ruleId) ?? { kind: 'own', written: 0 };
  }

  private async run(onRows?: (rowsStreamed: number) => void): Promise<Map<string, SharedRows> | AppError> {
    const members: Member[] = [];
    let streamed = 0;
    try {
      const { source, schema } = await this.open();
      const dialect = dialectFor(source.engine);
      // A source queried otherwise than by SQL (MongoDB) reads rule by rule.
      if (dialect.compileWhole) return new Map();
      const prepared = [];
      for (const rule of this.rules) prepared.push({ rule, scope: (await prepareRule(rule, source, schema)).scope });
      const { query, keyColumns, flagsAt: width } = compileRowsTogether(prepared, dialect, this.options.asOf);
      for (const { rule, scope } of prepared) {
        const compiled = compileRule(rule, scope, dialect, { asOf: this.options.asOf });
        // Each rule turns the shared rows into violations as it would its own: same columns, same key.
        const own = compiled.violations.columns.map((c) => c.name).join('\u0000');
        if (own !== query.columns.slice(0, width).map((c) => c.name).join('\u0000') || compiled.keyColumns.join('\u0000') !== keyColumns.join('\u0000')) {
          throw new AppError('INTERNAL', `Rule "${rule.id}" reads other columns than the rules it was grouped with.`);
        }
        members.push({
          rule,
          ctx: this.options.context(rule),
          pass: this.options.background.pass(source.engine),
          spec: { rule, scope, compiled, asOf: this.options.asOf },
          values: [],
          keys: [],
        });
      }
      // Every member reads the same key columns (checked above): one key per row serves them all.
      const { spec } = members[0]!;
      const keyOf = violationMapper(spec.rule, spec.scope, spec.compiled, spec.asOf).keyOf;
      const group = this.options.writeGroup ?? WRITE_GROUP;
      for await (const batch of source.stream(query, { batchSize: this.options.batchSize, signal: this.options.signal })) {
        for (const row of batch) {
          // The row goes on whole: a mapper reads its columns by position, the flags after them unread.
          const key = keyOf(row);
          for (let i = 0; i < members.length; i++) {
            if (!ruleFlag(row, width, i)) continue;
            const member = members[i]!;
            member.values.push(row);
            member.keys.push(key);
            if (member.values.length >= group) await this.flush(member);
          }
        }
        streamed += batch.length;
        onRows?.(streamed);
      }
      for (const member of members) await this.flush(member, true);
      return new Map(members.map((m) => [m.rule.id, { kind: 'written', pass: m.pass, streamed }]));
    } catch (error) {
      // What was read is committed, as a rule's own pass does, before the rules read on their own.
      const written = new Map<string, SharedRows>();
      for (const member of members) {
        let count = 0;
        try {
          await this.flush(member);
          count = await member.pass.settle();
        } catch (writeError) {
          log.warn('writing what the shared pass read failed', { ruleId: member.rule.id, error: String(writeError) });
        }
        written.set(member.rule.id, { kind: 'own', written: count });
      }
      if (error instanceof AppError && error.code === 'CANCELLED') return error;
      log.info('rules read their records one by one', { rules: this.rules.map((r) => r.id), reason: String(error) });
      return written;
    }
  }

  /** Hands a member's rows over to its rule's writes; `last` after the read is complete. */
  private async flush(member: Member, last = false): Promise<void> {
    const { values, keys } = member;
    member.values = [];
    member.keys = [];
    const at = this.options.now();
    if (last) await member.pass.writeLastRows(values, keys, member.spec, member.ctx, at);
    else await member.pass.writeRows(values, keys, member.spec, member.ctx, at);
  }
}
