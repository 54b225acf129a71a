import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
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
