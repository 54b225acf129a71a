import type { Rule } from '../../../shared/rule.js';
import type { CellValue } from '../../../shared/schema.js';
import { compileCountsTogether } from '../rules/compile/compile-rule.js';
import { createLogger } from '../logger.js';
import type { AsideQuery, CompiledQuery, Source } from '../sources/source.js';
import type { OpenedSource } from './mapping-scan.js';
import { dialectFor } from './dialect-for.js';
import { prepareRule } from './rule-prepare.js';

const log = createLogger('count-cache');

interface CountGroup {
  rules: Rule[];
  answer: Promise<CellValue[]> | null;
  /** The shared count, compiled when the run begins. */
  compiled: Promise<CompiledCount>;
  /** The count started on another thread when the run began (large SQLite tables), if it was. */
  aside: Promise<AsideQuery<CellValue[]> | null>;
}

/**
 * Tables from this many rows (by the schema's estimate) are counted on another thread from the
 * start of the run. Below it a count takes a few milliseconds on this thread, less than a thread
 * takes to start.
 */
export const ASIDE_MIN_ROWS = 100_000;

interface CompiledCount {
  source: Source;
  query: CompiledQuery;
  rowEstimate: number | null;
}

async function compileCount(rules: Rule[], open: () => Promise<OpenedSource>, asOf: string): Promise<CompiledCount> {
  const { source, schema } = await open();
  const prepared = [];
  for (const rule of rules) prepared.push({ rule, scope: (await prepareRule(rule, source, schema)).scope });
  const table = schema.tables.find((t) => t.name === rules[0]?.target.table);
  return { source, query: compileCountsTogether(prepared, dialectFor(source.engine), asOf), rowEstimate: table?.rowEstimate ?? null };
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
  private readonly asides: AsideQuery<CellValue[]>[] = [];

  /**
   * Counts these rules in one query. With `aside`, on a large SQLite table, the count starts at
   * once on another thread (the source's `queryOneAside`) while this one reads; otherwise it runs
   * the first time one of them asks (after its read, not before). The query is compiled now.
   * For rules of one table and key with no join, query or watermark (see shareGroups).
   */
  countTogether(rules: Rule[], open: () => Promise<OpenedSource>, asOf: string, options: { aside: boolean }): void {
    const compiled = compileCount(rules, open, asOf);
    // A failure here is the shared count's: it is reported (and replaced) when a rule asks.
    compiled.catch(() => undefined);
    const aside = compiled
      .then(({ source, query, rowEstimate }) => {
        if (!options.aside || source.queryOneAside === undefined || rowEstimate === null || rowEstimate < ASIDE_MIN_ROWS) return null;
        const started = source.queryOneAside(query);
        this.asides.push(started);
        return started;
      })
      .catch(() => null);
    const group: CountGroup = { rules, answer: null, compiled, aside };
    for (const rule of rules) this.groups.set(rule.id, group);
  }

  /** Stops the counts started on other threads that nobody asked for (a failed or cancelled run). */
  close(): void {
    for (const aside of this.asides) aside.cancel();
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
        const aside = await group.aside;
        // Still starting when asked: counting here is sooner than waiting for the thread.
        if (aside?.running) return aside.answer;
        aside?.cancel();
        const { source, query } = await group.compiled;
        return source.queryOne(query);
      })();
      group.answer.catch((error: unknown) => log.info('rules are counted one by one', { rules: group.rules.map((r) => r.id), reason: String(error) }));
    }
    const row = await group.answer;
    const index = group.rules.findIndex((rule) => rule.id === ruleId);
    return [row[0] ?? null, row[1 + index] ?? null];
  }
}
