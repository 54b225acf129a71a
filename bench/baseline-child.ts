/**
 * Runs one baseline in a process of its own: `baseline-child KIND ENGINE SOURCE`, KIND one of
 * `limit`, `compiled` or `naive`. Our scan runs in a fresh process every round (scan-child.ts):
 * so do the baselines, or from the second round on they would run with the benchmark's compiled
 * code warm while ours starts cold. Prints one JSON line.
 */
import { parseRuleFile } from '../src/main/core/rules/rule-file.js';
import { openSource } from '../src/main/core/sources/open-source.js';
import type { ConnectionConfig } from '../src/main/core/sources/connection-config.js';
import { BENCH_RULES_YAML } from './bench-data.js';
import { compiledSelectMs, naiveScan, postgresLimit, postgresPages, sqliteLimit, sqlitePages } from './baselines.js';

const [kind, engine, source] = process.argv.slice(2);
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`Unknown engine "${engine}": sqlite or postgres.`);

async function rulesAndSchema() {
  const config: ConnectionConfig = engine === 'sqlite' ? { engine: 'sqlite', path: source! } : { engine: 'postgres', url: source! };
  const src = await openSource(config);
  try {
    const schema = await src.schema();
    const rules = parseRuleFile(BENCH_RULES_YAML).map((r) => ({ ...r, target: { ...r.target, key: ['id'] } }));
    return { rules, schema };
  } finally {
    await src.close();
  }
}

async function run(): Promise<unknown> {
  switch (kind) {
    case 'limit':
      return engine === 'sqlite' ? sqliteLimit(source!) : postgresLimit(source!);
    case 'compiled': {
      const { rules, schema } = await rulesAndSchema();
      return { compiledSelectMs: await compiledSelectMs(engine as 'sqlite' | 'postgres', source!, rules, schema) };
    }
    case 'naive': {
      const { rules, schema } = await rulesAndSchema();
      const pages = engine === 'sqlite' ? sqlitePages(source!) : await postgresPages(source!);
      try {
        return await naiveScan(pages.fetch, rules, schema, '2025-01-01');
      } finally {
        await pages.close();
      }
    }
    default:
      throw new Error(`Unknown baseline "${kind}": limit, compiled or naive.`);
  }
}

process.stdout.write(`${JSON.stringify(await run())}\n`);
