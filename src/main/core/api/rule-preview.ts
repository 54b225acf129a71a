import type { RulePreview } from '../../../shared/api/rules.js';
import type { Row } from '../../../shared/schema.js';
import { compileRule } from '../rules/compile/compile-rule.js';
import { mysqlRuleWarnings } from '../rules/compile/mysql-warnings.js';
import { justificationText } from '../rules/justify.js';
import { dialectFor } from '../scan/dialect-for.js';
import { recordLabel } from '../scan/record-key.js';
import type { CompiledQuery } from '../sources/source.js';
import type { ValidDraft } from './draft-check.js';

export const DEFAULT_PREVIEW_LIMIT = 20;

const engineWarnings = (warnings: string[]): { warnings?: string[] } => (warnings.length > 0 ? { warnings } : {});
export const MAX_PREVIEW_LIMIT = 200;

/** How many rows a query returns, counted by the engine (the query is wrapped, its parameters kept). */
function countOf(query: CompiledQuery): CompiledQuery {
  return { sql: `SELECT count(*) AS n FROM (${query.sql}) AS counted`, params: query.params, columns: [{ name: 'n', type: 'number' }] };
}

/**
 * Runs a checked rule read-only against its source: the scanner's count pass (records in scope),
 * a count of the violating records (or groups), and the first `limit` of them with their
 * justification. Nothing is written anywhere.
 */
export async function previewValidRule(valid: ValidDraft, options: { asOf: string; limit: number; signal?: AbortSignal }): Promise<RulePreview> {
  const started = performance.now();
  const { rule, scope, source } = valid;
  const dialect = dialectFor(source.engine);
  const limit = Math.min(MAX_PREVIEW_LIMIT, Math.max(1, Math.floor(options.limit)));
  const full = compileRule(rule, scope, dialect, { asOf: options.asOf });
  const keys = compileRule(rule, scope, dialect, { asOf: options.asOf, keysOnly: true });
  const sampled = compileRule(rule, scope, dialect, { asOf: options.asOf, limit });

  const counts = await source.queryOne(full.count);
  const violating = await source.queryOne(countOf(keys.violations));
  const columns = sampled.violations.columns.map((c) => c.name);
  const keyIndexes = sampled.keyColumns.map((alias) => columns.indexOf(alias));
  const table = rule.target.table ?? 'query';
  const sample: RulePreview['sample'] = [];
  for await (const batch of source.stream(sampled.violations, { batchSize: limit, signal: options.signal })) {
    for (const values of batch) {
      if (sample.length >= limit) break;
      const row: Row = {};
      columns.forEach((name, i) => {
        row[name] = values[i] ?? null;
      });
      const key = keyIndexes.map((i) => values[i] ?? null);
      sample.push({ key, row, justification: justificationText(rule, row, { scope, asOf: options.asOf, recordLabel: recordLabel(table, key) }) });
    }
  }
  return {
    recordsInScope: Number(counts[1] ?? 0),
    violating: Number(violating[0] ?? 0),
    sample,
    columns,
    durationMs: Math.round(performance.now() - started),
    ...engineWarnings(source.engine === 'mysql' ? mysqlRuleWarnings(rule, scope) : []),
  };
}
