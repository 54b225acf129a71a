import type { RuleProblem } from '../../../shared/api/rules.js';
import type { Rule, RuleTarget } from '../../../shared/rule.js';
import { checkRule } from '../rules/check.js';
import { withKey } from '../rules/import-rules.js';
import { ruleOnTarget } from '../rules/mappings.js';
import { buildScope } from '../rules/scope.js';
import type { ApiContext } from './api-context.js';
import { draftMappingLabel } from './rule-draft.js';

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^Rule "[^"]*": /, '');
}

/**
 * Checks each further place of a draft against its own connection's live schema: the same
 * expressions must fit every place. Problems sit on `mappings.N` and name the place. Returns the
 * places with their keys filled in (the primary key when left out) when all of them fit.
 */
export async function draftMappingProblems(ctx: ApiContext, rule: Rule): Promise<{ problems: RuleProblem[]; mappings: RuleTarget[] }> {
  const problems: RuleProblem[] = [];
  const keyed: RuleTarget[] = [];
  for (const [i, mapping] of (rule.mappings ?? []).entries()) {
    const label = draftMappingLabel(i, mapping);
    const say = (text: string): void => {
      problems.push({ field: `mappings.${i}`, message: `${label}: ${text}` });
    };
    const connection = ctx.ws.connections.get(mapping.connection);
    if (!connection) {
      say(`there is no connection "${mapping.connection}"; add it on the Connections page first.`);
      continue;
    }
    let source;
    try {
      source = await ctx.openSource(connection.config);
    } catch (error) {
      say(`connection "${mapping.connection}" cannot be opened: ${message(error)}`);
      continue;
    }
    try {
      const schema = await source.schema();
      const view = withKey(ruleOnTarget(rule, mapping), schema);
      const queryColumns = view.target.query !== undefined ? await source.describeQuery(view.target.query) : undefined;
      const found = checkRule(view, buildScope(view, schema, queryColumns));
      for (const p of found) say(message(p.message));
      if (found.length === 0) keyed.push(view.target);
    } catch (error) {
      say(message(error));
    } finally {
      await source.close();
    }
  }
  return { problems, mappings: keyed };
}
