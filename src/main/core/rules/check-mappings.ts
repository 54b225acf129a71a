import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import type { Source } from '../sources/source.js';
import { checkRule } from './check.js';
import { withKey } from './import-rules.js';
import { duplicatePlaceProblems, mappingLabel, ruleOnTarget, ruleTargets } from './mappings.js';
import { buildScope } from './scope.js';

export interface SchemaOf {
  source: Source;
  schema: SourceSchema;
}

export interface MappingsCheck {
  /** The rule with every mapping's key filled in (from its table's primary key or the group columns). */
  rule: Rule;
  /** Every problem of every mapping, each naming the rule and, for a rule with mappings, which one. */
  problems: string[];
}

/** Puts the mapping's name after the `Rule "id": ` that checker messages start with. */
export function labelProblem(message: string, label: string): string {
  const prefix = /^Rule "[^"]*": /.exec(message);
  return prefix ? `${prefix[0]}${label}: ${message.slice(prefix[0].length)}` : `${label}: ${message}`;
}

/**
 * Checks the same expressions against each place the rule reads, each against that connection's own
 * schema: a column present in one subsidiary's table and missing in the other's is reported for the
 * mapping that lacks it. `schemaOf` opens (or reuses) a connection; its failure is that mapping's problem.
 */
export async function checkRuleMappings(rule: Rule, schemaOf: (connection: string) => Promise<SchemaOf>): Promise<MappingsCheck> {
  const targets = ruleTargets(rule);
  const labelled = targets.length > 1;
  const problems = duplicatePlaceProblems(rule).map((p) => `Rule "${rule.id}": ${p}.`);
  const keyed = [...targets];
  for (const [index, target] of targets.entries()) {
    const say = (message: string): void => {
      problems.push(labelled ? labelProblem(message, mappingLabel(index, target)) : message);
    };
    try {
      const { source, schema } = await schemaOf(target.connection);
      const view = withKey(ruleOnTarget(rule, target), schema);
      keyed[index] = view.target;
      const queryColumns = view.target.query !== undefined ? await source.describeQuery(view.target.query) : undefined;
      for (const p of checkRule(view, buildScope(view, schema, queryColumns))) say(p.message);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    }
  }
  const [target, ...mappings] = keyed;
  const out: Rule = { ...rule, target: target! };
  if (mappings.length > 0) out.mappings = mappings;
  return { rule: out, problems };
}
