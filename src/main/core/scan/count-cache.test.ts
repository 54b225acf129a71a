import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { ASIDE_MIN_ROWS } from './count-cache.js';
import { ENGINES, figures, ruleByRule, runCleanups, sqliteEngine, workspaceOn } from './shared-pass-fixtures.js';

afterEach(runCleanups);

const isCountTogether = (sql: string): boolean => sql.includes('in_scope_0');

/** Records the SQL of every single-row query (the counts); `fail` may refuse one. */
function countingQueries(counts: string[], env: NodeJS.ProcessEnv, fail?: (sql: string) => boolean): (config: ConnectionConfig) => Promise<Source> {
  return async (config) => {
    const source = await openSource(config, env);
    const queryOne = source.queryOne.bind(source);
    source.queryOne = async (query) => {
      counts.push(query.sql);
      if (fail?.(query.sql)) throw new AppError('SOURCE_ERROR', 'The count was refused.');
      return queryOne(query);
    };
    return source;
  };
}

for (const make of ENGINES) {
  const engine = make();
  describe.skipIf(!engine.available)(`rules of one table counted together (${engine.name})`, () => {
    it('counts the four rules on `payments` in one query, on a first scan and a re-scan, with the figures of rule-by-rule scans', async () => {
      const config = await engine.make(0);
      const ws = await workspaceOn(config, engine.env);
      const apart = await ruleByRule(await engine.make(0), engine.env);
      for (const scan of ['first', 'again']) {
        const counts: string[] = [];
        const result = await runScan(ws, { openSource: countingQueries(counts, engine.env), asOf: '2025-01-01' });
        expect(result.run.status, scan).toBe('completed');
        expect(figures(result).map((f) => (f as unknown[]).slice(0, 4)), scan).toEqual(apart.figures.map((f) => (f as unknown[]).slice(0, 4)));
        // `receipt` has a `when`, the other three count every record: one pass over `payments`
        // answers all four; `named-vendor` on `vendors` counts on its own.
        expect(counts.filter(isCountTogether), scan).toHaveLength(1);
        expect(counts.filter((sql) => /count\(/i.test(sql)), scan).toHaveLength(2);
      }
    });
  });
}

describe('rules counted together, when the shared count fails (SQLite)', () => {
  const engine = sqliteEngine();

  it('counts each rule on its own, with the same figures', async () => {
    const config = await engine.make(0);
    const ws = await workspaceOn(config, engine.env);
    const counts: string[] = [];
    const result = await runScan(ws, { openSource: countingQueries(counts, engine.env, isCountTogether), asOf: '2025-01-01' });
    const apart = await ruleByRule(await engine.make(0), engine.env);
    expect(result.run.status).toBe('completed');
    expect(figures(result)).toEqual(apart.figures);
    // Tried once, then the two distinct counts of the rules on `payments` and the one on `vendors`.
    expect(counts.filter(isCountTogether)).toHaveLength(1);
    expect(counts.filter((sql) => !isCountTogether(sql) && /count\(/i.test(sql))).toHaveLength(3);
  });

  it('fails only the rule whose own count fails', async () => {
    const config = await engine.make(0);
    const ws = await workspaceOn(config, engine.env);
    // Only a count with a `when` (receipt's own, and the shared one) is refused.
    const result = await runScan(ws, { openSource: countingQueries([], engine.env, (sql) => /CASE WHEN/.test(sql) && /count\(/i.test(sql)), asOf: '2025-01-01' });
    expect(Object.fromEntries(result.rules.map((r) => [r.id, r.status]))).toEqual({
      receipt: 'failed',
      'self-approval': 'completed',
      'known-category': 'completed',
      'amount-limit': 'completed',
      'named-vendor': 'completed',
    });
    expect(result.rules.find((r) => r.id === 'receipt')?.error?.message).toMatch(/count was refused/);
  });
});

/**
 * Reports every table as large enough to be counted on another thread, and records the counts
 * asked of `queryOneAside` (`asides`) and of `queryOne` (`here`). With `readWaits`, a read does
 * not begin before every aside count has answered: the read of a large table takes that long.
 * With `neverStarts`, an aside count's thread never gets to the query.
 */
function largeTables(
  log: { asides: string[]; here: string[]; cancelled: number },
  env: NodeJS.ProcessEnv,
  mode: 'readWaits' | 'neverStarts',
): (config: ConnectionConfig) => Promise<Source> {
  return async (config) => {
    const source = await openSource(config, env);
    const schema = source.schema.bind(source);
    source.schema = async () => ({ tables: (await schema()).tables.map((t) => ({ ...t, rowEstimate: ASIDE_MIN_ROWS })) });
    const queryOne = source.queryOne.bind(source);
    source.queryOne = async (query) => {
      log.here.push(query.sql);
      return queryOne(query);
    };
    const answers: Promise<unknown>[] = [];
    const aside = source.queryOneAside!.bind(source);
    source.queryOneAside = (query) => {
      log.asides.push(query.sql);
      const started = aside(query);
      answers.push(started.answer.catch(() => undefined));
      if (mode === 'readWaits') return started;
      started.cancel();
      return {
        running: false,
        answer: new Promise<never>(() => undefined),
        cancel: () => log.cancelled++,
      };
    };
    const stream = source.stream.bind(source);
    source.stream = async function* (query, options) {
      if (mode === 'readWaits') await Promise.all(answers);
      yield* stream(query, options);
    };
    return source;
  };
}

describe('rules of a large SQLite table, counted on another thread', () => {
  const engine = sqliteEngine();

  it('counts there from the start of a re-scan, with the figures of rule-by-rule scans; a first scan counts here', async () => {
    const ws = await workspaceOn(await engine.make(0), engine.env);
    const apart = await ruleByRule(await engine.make(0), engine.env);
    const first = { asides: [] as string[], here: [] as string[], cancelled: 0 };
    const firstScan = await runScan(ws, { openSource: largeTables(first, engine.env, 'readWaits'), asOf: '2025-01-01' });
    expect(firstScan.run.status).toBe('completed');
    expect(first.asides).toEqual([]);
    expect(first.here.filter(isCountTogether)).toHaveLength(1);

    const again = { asides: [] as string[], here: [] as string[], cancelled: 0 };
    const result = await runScan(ws, { openSource: largeTables(again, engine.env, 'readWaits'), asOf: '2025-01-01' });
    expect(result.run.status).toBe('completed');
    expect(figures(result).map((f) => (f as unknown[]).slice(0, 4))).toEqual(apart.figures.map((f) => (f as unknown[]).slice(0, 4)));
    // The four rules on `payments` were counted there, once; nothing counted them here.
    expect(again.asides.filter(isCountTogether)).toHaveLength(1);
    expect(again.here.filter(isCountTogether)).toEqual([]);
  });

  it('counts here when the thread has not begun the query by the time a rule asks, and stops it', async () => {
    const ws = await workspaceOn(await engine.make(0), engine.env);
    const apart = await ruleByRule(await engine.make(0), engine.env);
    await runScan(ws, { openSource: (c) => openSource(c, engine.env), asOf: '2025-01-01' });
    const log = { asides: [] as string[], here: [] as string[], cancelled: 0 };
    const result = await runScan(ws, { openSource: largeTables(log, engine.env, 'neverStarts'), asOf: '2025-01-01' });
    expect(result.run.status).toBe('completed');
    expect(figures(result).map((f) => (f as unknown[]).slice(0, 4))).toEqual(apart.figures.map((f) => (f as unknown[]).slice(0, 4)));
    expect(log.asides.filter(isCountTogether)).toHaveLength(1);
    expect(log.here.filter(isCountTogether)).toHaveLength(1);
    expect(log.cancelled).toBeGreaterThanOrEqual(1);
  });
});
