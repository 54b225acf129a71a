import type { Rule, RuleTarget } from '../../../shared/rule.js';

/**
 * A rule may check several places (its `target` and its `mappings`, `also_on` in a rule file).
 * Everything downstream of the rule model (checker, compilers, evaluator, scanner) works on one
 * target at a time: it is handed the rule "seen on" one of them, a plain single-target rule.
 */

/** Every place the rule checks: the target first, then its mappings in order. */
export function ruleTargets(rule: Rule): RuleTarget[] {
  return [rule.target, ...(rule.mappings ?? [])];
}

/** The rule as it reads one place: same id, expressions and version, that target, no further mappings. */
export function ruleOnTarget(rule: Rule, target: RuleTarget): Rule {
  const { mappings: _mappings, ...single } = rule;
  return { ...single, target };
}

/** The rule as it reads each of its places, index 0 being its target. */
export function ruleViews(rule: Rule): Rule[] {
  return ruleTargets(rule).map((target) => ruleOnTarget(rule, target));
}

/** The table a violation records for a target: a custom query is recorded as `query`. */
export function targetTable(target: RuleTarget): string {
  return target.table ?? 'query';
}

/** `sales.orders`, `ledger.query`: where a mapping's records live. */
export function targetPlace(target: RuleTarget): string {
  return `${target.connection}.${targetTable(target)}`;
}

/** How problems name a mapping: `target (a.orders)` for index 0, `also_on[1] (b.orders)` for the second extra one. */
export function mappingLabel(index: number, target: RuleTarget): string {
  return `${index === 0 ? 'target' : `also_on[${index - 1}]`} (${targetPlace(target)})`;
}

/**
 * Two mappings reading the same connection and table would file their violations under the same
 * (rule, connection, table, key) identity and resolve each other's: refused, one message each.
 */
export function duplicatePlaceProblems(rule: Rule): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  ruleTargets(rule).forEach((target, index) => {
    const place = `${target.connection}\u0000${targetTable(target)}`.toLowerCase();
    const first = seen.get(place);
    if (first === undefined) {
      seen.set(place, index);
      return;
    }
    const what = target.query !== undefined ? 'a query' : `table "${targetTable(target)}"`;
    problems.push(
      `${mappingLabel(index, target)} reads ${what} of connection "${target.connection}" like ${mappingLabel(first, ruleTargets(rule)[first]!)}; each mapping must read a different connection or table`,
    );
  });
  return problems;
}
