/**
 * Where a rule can come out differently on MySQL/MariaDB than in the evaluator (the reference),
 * said in words for the rule preview. Everything else the dialect makes identical (see
 * mysql-dialect.ts and docs/rule-language.md, "Known limits").
 */
import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule } from '../../../../shared/rule.js';
import { canonicalDate } from '../temporal.js';
import { exprChildren } from '../expr-children.js';
import { commonType, inferType } from '../infer-type.js';
import type { RuleScope } from '../scope.js';
import { printExpression } from '../printer.js';

const TEXT_AS_DATE =
  'is text read as a date. MySQL/MariaDB accept text the rule language treats as missing (a leading space, 2024-3-9) and ignore a time-zone suffix (Z, +02:00) that the rule language converts to UTC. Declare the column as DATE or DATETIME, or compare text with text.';

/** Operands that are converted to the common type of the group they meet in. */
function meetingGroups(expr: Expr): Expr[][] {
  switch (expr.kind) {
    case 'compare':
      return [[expr.left, expr.right]];
    case 'in':
      return [[expr.operand, ...expr.list]];
    case 'between':
      return [[expr.operand, expr.low, expr.high]];
    case 'call':
      if (expr.fn === 'coalesce') return [expr.args];
      if (expr.fn === 'date' || expr.fn === 'year' || expr.fn === 'month' || expr.fn === 'days_between') return expr.args.map((a) => [a, { kind: 'date', value: '2000-01-01' }]);
      return [];
    default:
      return [];
  }
}

/** A string literal that is a valid date converts the same everywhere. */
function convertsAlike(expr: Expr): boolean {
  return expr.kind === 'string' && canonicalDate(expr.value) !== null;
}

export function mysqlRuleWarnings(rule: Rule, scope: RuleScope): string[] {
  const found = new Set<string>();
  const visit = (expr: Expr | undefined): void => {
    if (expr === undefined) return;
    for (const group of meetingGroups(expr)) {
      const types = group.map((e) => inferType(e, scope));
      const to = commonType(types);
      if (to !== 'date' && to !== 'timestamp') continue;
      group.forEach((operand, i) => {
        if (types[i] === 'text' && !convertsAlike(operand)) found.add(`On MySQL/MariaDB, ${printExpression(operand)} ${TEXT_AS_DATE}`);
      });
    }
    exprChildren(expr).forEach(visit);
  };
  [rule.when, rule.require, rule.violation, ...(rule.target.join ?? []).map((j) => j.on)].forEach(visit);
  return [...found];
}
