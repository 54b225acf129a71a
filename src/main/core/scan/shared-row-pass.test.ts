import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { openSource } from '../sources/open-source.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { runScan } from './run-scan.js';
import { canShareRows } from './shared-row-pass.js';
import { ENGINES, RULES, figures, expectOnlyCategoryRuleFailed, ruleByRule, runCleanups, sqliteEngine, state, tracking, workspaceOn } from './shared-pass-fixtures.js';

afterEach(runCleanups);

const isShared = (sql: string): boolean => sql.includes('rule_flags_');

/**
 * A source whose shared read stops after its first batch: with an error, or by aborting the scan.
 * Every other stream reads normally.
 */
function stoppingShared(env: NodeJS.ProcessEnv, stop: () => never | void): (config: ConnectionConfig) => Promise<Source> {
  return async (config) => {
    const source = await openSource(config, env);
    const stream = source.stream.bind(source);
    source.stream = async function* (query, options) {
      let batches = 0;
      for await (const batch of stream(query, options)) {
        yield batch;
        if (isShared(query.sql) && ++batches === 1) stop();
      }
    };
    return source;
  };
}

describe('which rules share a first-scan read', () => {
  it('takes plain record rules on their very first scan only', () => {
    const rules = parseRuleFile(RULES);
    expect(rules.every((r) => canShareRows(r, true))).toBe(true);
    expect(canShareRows(rules[0]!, false)).toBe(false);
    expect(canShareRows({ ...rules[0]!, target: { ...rules[0]!.target, join: [{ table: 'vendors', on: rules[0]!.require!, type: 'inner' }] } }, true)).toBe(false);
  });
});

for (const make of ENGINES) {
  const engine = make();
  describe.skipIf(!engine.available)(`a first scan reading several rules' records in one pass (${engine.name})`, () => {
    it('writes exactly the violations, snapshots, justifications and figures that rule-by-rule scans do, from one stream', async () => {
      const config = await engine.make(0);
      const ws = await workspaceOn(config, engine.env);
      const streams: string[] = [];
      // Small groups: every rule's violations go to the writer in many groups, interleaved.
      const shared = await runScan(ws, { openSource: tracking(streams, engine.env), asOf: '2025-01-01', writeGroup: 7, batchSize: 50 });
      const apart = await ruleByRule(await engine.make(0), engine.env);

      expect(shared.run.status).toBe('completed');
      expect(figures(shared)).toEqual(apart.figures);
      expect(shared.rules.every((r) => r.violationsNew > 0 && r.violationsOpen === r.violationsNew)).toBe(true);
      expect(state(ws)).toEqual(state(apart.ws));
      // The four rules on `payments` came in one stream of whole records; `named-vendor` read its own.
      expect(streams.filter(isShared)).toHaveLength(1);
      expect(streams.find(isShared)).toMatch(/category/);
      expect(streams).toHaveLength(2);
    });
  });
}

describe('a first-scan read shared by several rules, when it stops (SQLite)', () => {
  const engine = sqliteEngine();

  it('leaves each rule to read on its own after a failure, and counts what the shared read wrote as new once', async () => {
    const config = await engine.make(0);
    const ws = await workspaceOn(config, engine.env);
    const open = stoppingShared(engine.env, () => {
      throw new AppError('SOURCE_ERROR', 'The source went away for a moment.');
    });
    const result = await runScan(ws, { openSource: open, asOf: '2025-01-01', writeGroup: 5, batchSize: 50 });
    const apart = await ruleByRule(await engine.make(0), engine.env);

    expect(result.run.status).toBe('completed');
    // Some violations were committed by the shared read before it stopped; none is counted twice.
    expect(figures(result)).toEqual(apart.figures);
    expect(state(ws)).toEqual(state(apart.ws));
  });

  it('fails only the rule that no longer fits the table, the others read on their own', async () => {
    const config = await engine.make(0);
    const ws = await workspaceOn(config, engine.env);
    await engine.dropColumn(config);
    const streams: string[] = [];
    const result = await runScan(ws, { openSource: tracking(streams, engine.env), asOf: '2025-01-01' });
    expectOnlyCategoryRuleFailed(result, streams);
  });

  it('is cancelled with the scan: the run ends cancelled, and the next scan completes what it began', async () => {
    const config = await engine.make(0);
    const ws = await workspaceOn(config, engine.env);
    const controller = new AbortController();
    const open = stoppingShared(engine.env, () => controller.abort());
    const cancelled = await runScan(ws, { openSource: open, asOf: '2025-01-01', signal: controller.signal, writeGroup: 5, batchSize: 50 });
    expect(cancelled.run.status).toBe('cancelled');
    expect(cancelled.rules.filter((r) => r.id !== 'named-vendor').every((r) => r.status === 'cancelled')).toBe(true);
    // Nothing is left half-written: the next scan finds exactly what a clean scan finds.
    const next = await runScan(ws, { openSource: (c) => openSource(c, engine.env), asOf: '2025-01-01' });
    const apart = await ruleByRule(await engine.make(0), engine.env);
    expect(next.run.status).toBe('completed');
    expect(state(ws)).toEqual(state(apart.ws));
  });
});
