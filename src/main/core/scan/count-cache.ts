import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { compileCountsTogether } from '../rules/compile/compile-rule.js';
import { createLogger } from '../logger.js';
import type { CompiledQuery, Source } from '../sources/source.js';
import type { OpenedSource } from './mapping-scan.js';
import { dialectFor } from './dialect-for.js';
import { prepareRule } from './rule-prepare.js';

const log = createLogger('count-cache');

interface CountGroup {
  rules: Rule[];
  open: () => Promise<OpenedSource>;
  asOf: string;
  answer: Promise<CellValue[]> | null;
}

/**
 * One run's count queries, by connection and SQL: rules on the same table without a `when` clause
 * compile to the same count, and a full pass over the table for each of them would be the same
 * answer read again. Lives for one run only, so a count is never older than that run.
 *
 * Rules of one table with different `when` clauses are counted together (`countTogether`): one
 * pass over the table answers them all, where each count was a pass of its own. On a server
 * source those passes also queued behind one another on its one connection, after the read.
 */
export class CountCache {
  private readonly answers = new Map<string, Promise<CellValue[]>>();
  private readonly groups = new Map<string, CountGroup>();

  /**
   * Counts these rules in one query the first time one of them asks (after its read, not before).
   * For rules of one table and key with no join, query or watermark (see shareGroups).
   */
  countTogether(rules: Rule[], open: () => Promise<OpenedSource>, asOf: string): void {
    const group: CountGroup = { rules, open, asOf, answer: null };
    for (const rule of rules) this.groups.set(rule.id, group);
  }

  /** The rule's [total, in scope]; `ruleId` lets a rule counted together with others use their query. */
  count(connection: string, source: Source, query: CompiledQuery, ruleId?: string): Promise<CellValue[]> {
    const key = `${connection}\u0000${query.sql}\u0000${JSON.stringify(query.params)}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      const group = ruleId === undefined ? undefined : this.groups.get(ruleId);
      // Whatever stops the shared count, the rule's own count answers (or fails on the rule).
      answer = group ? this.together(group, ruleId!).catch(() => source.queryOne(query)) : source.queryOne(query);
      // A failed count is not an answer: the next rule asks the source again.
      answer.catch(() => this.answers.delete(key));
      this.answers.set(key, answer);
    }
    return answer;
  }

  private async together(group: CountGroup, ruleId: string): Promise<CellValue[]> {
    if (group.answer === null) {
      group.answer = (async () => {
        const { source, schema } = await group.open();
        const prepared = [];
        for (const rule of group.rules) prepared.push({ rule, scope: (await prepareRule(rule, source, schema)).scope });
        return source.queryOne(compileCountsTogether(prepared, dialectFor(source.engine), group.asOf));
      })();
      group.answer.catch((error: unknown) => log.info('rules are counted one by one', { rules: group.rules.map((r) => r.id), reason: String(error) }));
    }
    const row = await group.answer;
    const index = group.rules.findIndex((rule) => rule.id === ruleId);
    return [row[0] ?? null, row[1 + index] ?? null];
  }
}
