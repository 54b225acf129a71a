import type { RuleDraft, RuleDraftField, RuleDraftMapping, RuleProblem } from '../../../shared/api/rules.js';
import type { Expr } from '../../../shared/rule-ast.js';
import { SEVERITIES, type JoinSpec, type Rule, type RuleTarget } from '../../../shared/rule.js';
import { tryParseExpression } from '../rules/parser.js';
import { printExpression } from '../rules/printer.js';
import { checkReadOnlyQuery, RULE_ID_PATTERN } from '../rules/rule-file.js';
import { duplicatePlaceProblems } from '../rules/mappings.js';

/** A rule as the editor shows it: expressions printed in the rule language. */
export function draftFromRule(rule: Rule): RuleDraft {
  const draft: RuleDraft = { id: rule.id, title: rule.title, severity: rule.severity, connection: rule.target.connection };
  if (rule.description !== undefined) draft.description = rule.description;
  if (rule.target.table !== undefined) draft.table = rule.target.table;
  if (rule.target.query !== undefined) draft.query = rule.target.query;
  if (rule.target.key.length > 0) draft.key = [...rule.target.key];
  if (rule.target.join !== undefined) {
    draft.join = rule.target.join.map((j) => ({ table: j.table, on: printExpression(j.on), type: j.type }));
  }
  if (rule.when !== undefined) draft.when = printExpression(rule.when);
  if (rule.require !== undefined) draft.require = printExpression(rule.require);
  if (rule.violation !== undefined) draft.violation = printExpression(rule.violation);
  if (rule.groupBy !== undefined) draft.groupBy = [...rule.groupBy];
  if (rule.tags !== undefined) draft.tags = [...rule.tags];
  if (rule.mappings !== undefined && rule.mappings.length > 0) draft.mappings = rule.mappings.map(draftMapping);
  return draft;
}

function draftMapping(target: RuleTarget): RuleDraftMapping {
  const mapping: RuleDraftMapping = { connection: target.connection };
  if (target.table !== undefined) mapping.table = target.table;
  if (target.query !== undefined) mapping.query = target.query;
  if (target.key.length > 0) mapping.key = [...target.key];
  if (target.join !== undefined) mapping.join = target.join.map((j) => ({ table: j.table, on: printExpression(j.on), type: j.type }));
  return mapping;
}

export interface DraftConversion {
  /** Null when a problem prevents building the rule. */
  rule: Rule | null;
  problems: RuleProblem[];
}

// Drafts arrive over a transport: a field may be missing or of the wrong type, never a crash.
function blank(text: unknown): boolean {
  return typeof text !== 'string' || text.trim() === '';
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter((n): n is string => typeof n === 'string').map((n) => n.trim()).filter((n) => n !== '');
}

/**
 * Builds a Rule from what a person typed, collecting every problem with the field it belongs to;
 * a syntax error carries the 1-based column (an offset into the field's text) and the length of
 * the bad token. `base` is the stored rule being edited: its status, origin, provenance and
 * version carry over. Only the shape is checked here; the schema check needs the source.
 */
export function ruleFromDraft(draft: RuleDraft, base?: Rule): DraftConversion {
  if (draft === null || typeof draft !== 'object') {
    return { rule: null, problems: [{ field: null, message: 'No rule was sent; fill in the rule form and try again.' }] };
  }
  const problems: RuleProblem[] = [];
  const problem = (field: RuleDraftField | null, message: string, place?: { column: number; length: number }): void => {
    problems.push({ field, message, ...(place ?? {}) });
  };
  const parse = (field: RuleDraftField, text: string | undefined): Expr | undefined => {
    if (blank(text)) return undefined;
    const result = tryParseExpression(text!);
    if (result.ok) return result.expr;
    problem(field, result.error.message, { column: result.error.position + 1, length: Math.max(1, result.error.length) });
    return undefined;
  };

  const id = typeof draft.id === 'string' ? draft.id.trim() : '';
  if (!RULE_ID_PATTERN.test(id)) {
    problem('id', 'The id must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 100 characters).');
  }
  if (blank(draft.title)) problem('title', 'Give the rule a title that says what it checks.');
  if (!SEVERITIES.includes(draft.severity)) problem('severity', `The severity must be one of ${SEVERITIES.join(', ')}.`);
  if (blank(draft.connection)) problem('connection', 'Choose the connection the rule reads.');

  const hasTable = !blank(draft.table);
  const hasQuery = !blank(draft.query);
  if (hasTable === hasQuery) {
    problem(hasTable ? 'query' : 'table', hasTable ? 'Use either a table or a query, not both; clear one of them.' : 'Choose a table (or write a read-only query).');
  }
  if (hasQuery) {
    const why = checkReadOnlyQuery(draft.query!);
    if (why) problem('query', `The query ${why}.`);
  }

  const join: JoinSpec[] = [];
  (Array.isArray(draft.join) ? draft.join : []).forEach((j, i) => {
    if (blank(j?.table)) {
      problem('join', `Join #${i + 1} needs a table.`);
      return;
    }
    if (blank(j.on)) {
      problem(`join.${i}.on`, `Join #${i + 1} needs a condition, e.g. other.id = ${draft.table ?? 'base'}.other_id.`);
      return;
    }
    const on = parse(`join.${i}.on`, j.on);
    if (on) join.push({ table: j.table.trim(), on, type: j.type === 'left' ? 'left' : 'inner' });
  });

  const when = parse('when', draft.when);
  const requireExpr = parse('require', draft.require);
  const violation = parse('violation', draft.violation);
  if (!blank(draft.require) && !blank(draft.violation)) {
    problem('violation', 'Write either require (what must hold) or violation (what is wrong), not both.');
  } else if (blank(draft.require) && blank(draft.violation)) {
    problem('require', 'Write require (what must hold) or violation (what marks a record as violating).');
  }
  const mappings = (Array.isArray(draft.mappings) ? draft.mappings : []).map((m, i) => mappingFromDraft(m, i, problem));
  if (problems.length > 0) return { rule: null, problems };

  const target: RuleTarget = { connection: draft.connection.trim(), key: names(draft.key) };
  if (hasTable) target.table = draft.table!.trim();
  if (hasQuery) target.query = draft.query!;
  if (join.length > 0) target.join = join;

  const rule: Rule = {
    id,
    title: draft.title.trim(),
    severity: draft.severity,
    target,
    status: base?.status ?? 'draft',
    origin: base?.origin ?? 'manual',
    version: base?.version ?? 1,
  };
  if (!blank(draft.description)) rule.description = draft.description!.trim();
  if (when) rule.when = when;
  if (requireExpr) rule.require = requireExpr;
  if (violation) rule.violation = violation;
  const groupBy = names(draft.groupBy);
  if (groupBy.length > 0) rule.groupBy = groupBy;
  const tags = names(draft.tags);
  if (tags.length > 0) rule.tags = tags;
  if (base?.confidence !== undefined) rule.confidence = base.confidence;
  if (base?.source !== undefined) rule.source = base.source;
  if (mappings.length > 0) rule.mappings = mappings.filter((m): m is RuleTarget => m !== null);
  const clashes = duplicatePlaceProblems(rule);
  if (clashes.length > 0) return { rule: null, problems: clashes.map((message) => ({ field: 'mappings', message: `${message}.` })) };
  return { rule, problems: [] };
}

/** How the editor names a further place: `Mapping #2 (b.expenses)`. */
export function draftMappingLabel(index: number, mapping: { connection?: unknown; table?: unknown } | undefined): string {
  const connection = typeof mapping?.connection === 'string' ? mapping.connection.trim() : '';
  const table = typeof mapping?.table === 'string' && mapping.table.trim() !== '' ? mapping.table.trim() : 'query';
  const place = connection !== '' ? ` (${connection}.${table})` : '';
  return `Mapping #${index + 1}${place}`;
}

function mappingFromDraft(
  m: RuleDraftMapping,
  i: number,
  problem: (field: RuleDraftField | null, message: string) => void,
): RuleTarget | null {
  const field: RuleDraftField = `mappings.${i}`;
  if (m === null || typeof m !== 'object') {
    problem(field, `Mapping #${i + 1} is empty; choose its connection and table, or remove it.`);
    return null;
  }
  const label = draftMappingLabel(i, m);
  const before = { count: 0 };
  const say = (message: string): void => {
    before.count++;
    problem(field, `${label}: ${message}`);
  };
  if (blank(m.connection)) say('choose the connection it reads.');
  const hasTable = !blank(m.table);
  const hasQuery = !blank(m.query);
  if (hasTable === hasQuery) say(hasTable ? 'use either a table or a query, not both; clear one of them.' : 'choose a table (or write a read-only query).');
  if (hasQuery) {
    const why = checkReadOnlyQuery(m.query!);
    if (why) say(`the query ${why}.`);
  }
  const join: JoinSpec[] = [];
  (Array.isArray(m.join) ? m.join : []).forEach((j, k) => {
    if (blank(j?.table) || blank(j?.on)) {
      say(`join #${k + 1} needs a table and a condition.`);
      return;
    }
    const shown = tryParseExpression(j.on);
    if (!shown.ok) {
      say(`join #${k + 1} on: ${shown.error.message}`);
      return;
    }
    join.push({ table: j.table.trim(), on: shown.expr, type: j.type === 'left' ? 'left' : 'inner' });
  });
  if (before.count > 0) return null;
  const target: RuleTarget = { connection: m.connection.trim(), key: names(m.key) };
  if (hasTable) target.table = m.table!.trim();
  if (hasQuery) target.query = m.query!;
  if (join.length > 0) target.join = join;
  return target;
}
