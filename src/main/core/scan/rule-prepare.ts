import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { Source } from '../sources/source.js';
import { buildScope, type RuleScope } from '../rules/scope.js';
import { checkRule } from '../rules/check.js';
import type { Dialect } from '../rules/compile/dialect.js';
import { dialectFor } from './dialect-for.js';

export interface PreparedRule {
  scope: RuleScope;
  dialect: Dialect;
}

/** Resolves a rule against the live schema and refuses it, naming every problem, when it no longer fits. */
export async function prepareRule(rule: Rule, source: Source, schema: SourceSchema): Promise<PreparedRule> {
  const queryColumns = rule.target.query !== undefined ? await source.describeQuery(rule.target.query) : undefined;
  const scope = buildScope(rule, schema, queryColumns);
  const problems = checkRule(rule, scope);
  if (problems.length > 0) {
    throw new AppError('RULE_INVALID', problems.map((p) => p.message).join(' '), { ruleId: rule.id });
  }
  return { scope, dialect: dialectFor(source.engine) };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The scan was cancelled.');
}
