import type { Route } from '../../app/router.js';
import { NewRulePage } from './new-rule-page.js';
import { RulePage } from './rule-page.js';
import { RulesList } from './rules-list.js';

/** `#/rules` the list, `#/rules/new` a new rule, `#/rules/ID` one rule. */
export function RulesScreen({ route }: { route: Route }) {
  const [first] = route.path;
  if (first === undefined) return <RulesList route={route} />;
  if (first === 'new') return <NewRulePage />;
  return <RulePage key={first} id={first} />;
}
