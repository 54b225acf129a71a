import { createHash } from 'node:crypto';
import { Document, isScalar, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { Expr } from '../../../shared/rule-ast.js';
import {
  RULE_ORIGINS,
  RULE_STATUSES,
  SEVERITIES,
  type JoinSpec,
  type Rule,
  type RuleStatus,
  type RuleTarget,
} from '../../../shared/rule.js';
import { closestNames } from './check.js';
import { duplicatePlaceProblems } from './mappings.js';
import { parseExpression, tryParseExpression } from './parser.js';
import { printExpression } from './printer.js';

/**
 * The rule file (YAML, or JSON which is YAML too): `rules:` with one entry per rule. Loading
 * reports every problem at once, each naming the rule and the field, so an auditor fixes a file
 * in one pass instead of one error at a time.
 */

const DATA_CHANGING_WORDS = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'DROP',
  'ALTER',
  'CREATE',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'ATTACH',
  'PRAGMA',
  'VACUUM',
  'CALL',
];

/**
 * null when `sql` looks like one read-only SELECT, otherwise why not. Defence in depth only: the
 * sources also run queries read-only. Deliberately blunt (a forbidden word inside a string
 * literal is refused too): parsing SQL dialects' quoting rules here would be easy to get wrong.
 */
export function checkReadOnlyQuery(sql: string): string | null {
  const text = sql.trim();
  if (!/^(SELECT|WITH)\b/i.test(text)) return 'must start with SELECT or WITH (a single read-only query)';
  const body = text.endsWith(';') ? text.slice(0, -1) : text;
  if (body.includes(';')) return 'must be a single statement: remove the ";" inside it (one trailing ";" is allowed)';
  const word = DATA_CHANGING_WORDS.find((w) => new RegExp(`\\b${w}\\b`, 'i').test(body));
  if (word) return `must only read data, but contains the word ${word}; rename or rephrase whatever uses it`;
  return null;
}

export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const nameList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
/** YAML reads `require: TRUE` as a boolean and `when: 1` as a number; both are expression text. */
const exprText = z.union([z.string(), z.boolean(), z.number()]);

const rawJoin = z.strictObject({
  table: z.string().min(1),
  on: exprText,
  type: z.enum(['inner', 'left']).optional(),
});

const rawTarget = z.strictObject({
  connection: z.string().min(1),
  table: z.string().min(1).optional(),
  query: z.string().min(1).optional(),
  key: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  join: z.array(rawJoin).optional(),
  watermark: z.string().min(1).optional(),
});

const rawSource = z.strictObject({
  policy_id: z.string().min(1),
  page: z.number().int().min(1),
  quote: z.string(),
});

const rawRule = z.strictObject({
  id: z.string().optional(),
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(RULE_STATUSES).optional(),
  origin: z.enum(RULE_ORIGINS).optional(),
  version: z.number().int().min(1).optional(),
  confidence: z.number().min(0).max(1).optional(),
  tags: z.array(z.string().min(1)).optional(),
  source: rawSource.optional(),
  target: rawTarget,
  also_on: z.array(rawTarget).optional(),
  when: exprText.optional(),
  require: exprText.optional(),
  violation: exprText.optional(),
  group_by: nameList.optional(),
});
type RawRule = z.infer<typeof rawRule>;
type RawTarget = z.infer<typeof rawTarget>;

const rawFile = z.strictObject({ rules: z.array(z.unknown()) });

/** Keys each object level accepts, to suggest the intended one for a misspelt key. */
function knownKeys(path: PropertyKey[]): string[] {
  const last = path.filter((p) => typeof p === 'string').at(-1);
  if (last === 'target' || (last === 'also_on' && typeof path.at(-1) === 'number')) return Object.keys(rawTarget.shape);
  if (last === 'join') return Object.keys(rawJoin.shape);
  if (last === 'source') return Object.keys(rawSource.shape);
  return Object.keys(rawRule.shape);
}

function pathLabel(path: PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let node = root;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[p];
  }
  return node;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = pathLabel(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(raw, issue.path);
      if (value === undefined) return `${field} is required`;
      if (value === null) return `${field} is empty; give it a value or remove the line`;
      const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping (key: value)' : `a ${issue.expected}`;
      return `${field} must be ${expected}`;
    }
    case 'invalid_union': {
      const value = valueAt(raw, issue.path);
      if (value === null) return `${field} is empty; give it a value or remove the line`;
      if (['key', 'group_by'].includes(String(issue.path.at(-1)))) return `${field} must be a column name or a list of column names`;
      return `${field} must be an expression written as text`;
    }
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => {
          const close = closestNames(key, knownKeys(issue.path));
          const where = field ? `${field}: ` : '';
          return `${where}unknown field "${key}"${close.length > 0 ? `; did you mean "${close[0]}"?` : ''}`;
        })
        .join('; ');
    case 'too_small':
      if (issue.origin === 'string') return `${field} must not be empty`;
      if (issue.origin === 'array') return `${field} must list at least ${String(issue.minimum)}`;
      return `${field} must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${field} must be at most ${String(issue.maximum)}`;
    default:
      return `${field}: ${issue.message}`;
  }
}

function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
}

/** A stable id for a rule written without one: the title's slug and a hash of what the rule checks. */
function generatedId(rule: Omit<Rule, 'id'>): string {
  const definition = JSON.stringify([
    rule.target.connection,
    rule.target.table ?? null,
    rule.target.query ?? null,
    rule.target.key,
    (rule.target.join ?? []).map((j) => [j.table, printExpression(j.on), j.type]),
    rule.groupBy ?? null,
    [rule.when, rule.require, rule.violation].map((e) => (e ? printExpression(e) : null)),
    // Only when present, so the id of a rule without mappings stays what it always was.
    ...(rule.mappings ? [rule.mappings.map((m) => [m.connection, m.table ?? null, m.query ?? null])] : []),
  ]);
  const hash = createHash('sha256').update(definition).digest('hex').slice(0, 8);
  return `${slug(rule.title) || 'rule'}-${hash}`;
}

function names(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

function exprSource(value: string | boolean | number): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** Turns one validated entry into a Rule, collecting problems through `fail`. */
function toRule(raw: RawRule, defaultStatus: RuleStatus, fail: (message: string) => void): Rule | null {
  const before: string[] = [];
  const problem = (message: string) => {
    before.push(message);
    fail(message);
  };
  const parse = (field: string, value: string | boolean | number | undefined): Expr | undefined => {
    if (value === undefined) return undefined;
    const text = exprSource(value);
    if (text.trim() === '') {
      problem(`${field} is empty; write an expression or remove the line`);
      return undefined;
    }
    try {
      return parseExpression(text);
    } catch (error) {
      if (error instanceof AppError && error.code === 'RULE_SYNTAX') {
        problem(`${field}: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  };

  if (raw.id !== undefined && !RULE_ID_PATTERN.test(raw.id)) {
    problem('id must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 100 characters)');
  }
  const checkPlace = (t: RawTarget, field: string): void => {
    if ((t.table === undefined) === (t.query === undefined)) {
      problem(t.table === undefined ? `${field} needs a table (or a read-only query)` : `${field} has both table and query; keep one`);
    }
    if (t.query !== undefined) {
      const why = checkReadOnlyQuery(t.query);
      if (why) problem(`${field}.query ${why}`);
    }
  };
  checkPlace(raw.target, 'target');
  (raw.also_on ?? []).forEach((t, i) => checkPlace(t, `also_on[${i}]`));
  if (raw.require !== undefined && raw.violation !== undefined) {
    problem('has both require and violation; keep require (what must hold) or violation (what is wrong), not both');
  }
  if (raw.require === undefined && raw.violation === undefined) {
    problem('needs require (what must hold) or violation (what marks a record as violating)');
  }

  const toTarget = (t: RawTarget, field: string): RuleTarget => {
    const join: JoinSpec[] = [];
    (t.join ?? []).forEach((j, i) => {
      const on = parse(`${field}.join[${i}].on`, j.on);
      if (on) join.push({ table: j.table, on, type: j.type ?? 'inner' });
    });
    const target: RuleTarget = { connection: t.connection, key: names(t.key) ?? [] };
    if (t.table !== undefined) target.table = t.table;
    if (t.query !== undefined) target.query = t.query;
    if (t.join !== undefined) target.join = join;
    if (t.watermark !== undefined) target.watermark = t.watermark;
    return target;
  };
  const target = toTarget(raw.target, 'target');
  const mappings = raw.also_on?.map((t, i) => toTarget(t, `also_on[${i}]`));
  const when = parse('when', raw.when);
  const require = parse('require', raw.require);
  const violation = parse('violation', raw.violation);
  if (before.length > 0) return null;

  const rule: Omit<Rule, 'id'> = {
    title: raw.title ?? raw.id ?? '',
    severity: raw.severity ?? 'medium',
    target,
    status: raw.status ?? defaultStatus,
    origin: raw.origin ?? 'manual',
    version: raw.version ?? 1,
  };
  if (raw.description !== undefined) rule.description = raw.description;
  if (mappings !== undefined && mappings.length > 0) rule.mappings = mappings;
  if (when) rule.when = when;
  if (require) rule.require = require;
  if (violation) rule.violation = violation;
  const groupBy = names(raw.group_by);
  if (groupBy) rule.groupBy = groupBy;
  if (raw.confidence !== undefined) rule.confidence = raw.confidence;
  if (raw.source) rule.source = { policyId: raw.source.policy_id, page: raw.source.page, quote: raw.source.quote };
  if (raw.tags) rule.tags = raw.tags;

  const id = raw.id ?? generatedId(rule);
  const built: Rule = { id, ...rule, title: rule.title || id };
  const clashes = duplicatePlaceProblems(built);
  clashes.forEach(problem);
  return clashes.length > 0 ? null : built;
}

function yamlProblems(text: string): { value: unknown; problems: string[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      value: undefined,
      problems: doc.errors.map((e) => {
        const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'somewhere';
        const what = e.message.split(' at line ')[0]!.split('\n')[0]!;
        return `YAML syntax error at ${where}: ${what}`;
      }),
    };
  }
  return { value: doc.toJS(), problems: [] };
}

function ruleLabel(index: number, raw: unknown): string {
  const fields = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (typeof fields.id === 'string' && fields.id !== '') return `rules[${index}] (id "${fields.id}")`;
  if (typeof fields.title === 'string' && fields.title !== '') return `rules[${index}] (title "${fields.title}")`;
  return `rules[${index}]`;
}

/** Syntax errors in the expressions of an entry that failed validation, so none waits for a second pass. */
function expressionProblems(entry: Record<string, unknown>): string[] {
  const found: string[] = [];
  const check = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const result = tryParseExpression(value);
    if (!result.ok) found.push(`${field}: ${result.error.message}`);
  };
  for (const field of ['when', 'require', 'violation']) check(field, entry[field]);
  const join = valueAt(entry, ['target', 'join']);
  if (Array.isArray(join)) join.forEach((j, i) => check(`target.join[${i}].on`, valueAt(j, ['on'])));
  const also = entry.also_on;
  if (Array.isArray(also)) {
    also.forEach((t, m) => {
      const joins = valueAt(t, ['join']);
      if (Array.isArray(joins)) joins.forEach((j, i) => check(`also_on[${m}].join[${i}].on`, valueAt(j, ['on'])));
    });
  }
  return found;
}

function invalid(problems: string[]): AppError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AppError('INVALID_INPUT', `The rule file has ${count}:\n${problems.map((p) => `- ${p}`).join('\n')}`, {
    problems,
  });
}

/**
 * Reads a rule file. Throws AppError('INVALID_INPUT') listing every problem, each prefixed with the
 * rule (`rules[2] (id "split")`) and the field. Expressions are parsed, not type-checked: that needs
 * the source's schema (see checkRule).
 */
export function parseRuleFile(text: string, options: { defaultStatus?: RuleStatus } = {}): Rule[] {
  const { value, problems } = yamlProblems(text);
  if (problems.length > 0) throw invalid(problems);
  const file = rawFile.safeParse(value);
  if (!file.success) {
    throw invalid(['the file must be a mapping with a "rules:" list, e.g. rules: [ { id: ..., target: ..., require: ... } ]']);
  }
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  file.data.rules.forEach((entry, index) => {
    const label = ruleLabel(index, entry);
    const parsed = rawRule.safeParse(entry);
    if (!parsed.success) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        problems.push(`${label}: must be a mapping with id, target and require or violation`);
        return;
      }
      // In the order the fields appear in the file, as a reader goes through it.
      const order = Object.keys(entry);
      const position = (issue: z.core.$ZodIssue) => {
        const at = order.indexOf(String(issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : '')));
        return at === -1 ? order.length : at;
      };
      const issues = [...parsed.error.issues].sort((a, b) => position(a) - position(b));
      for (const issue of issues) problems.push(`${label}: ${describeIssue(issue, entry)}`);
      for (const message of expressionProblems(entry as Record<string, unknown>)) problems.push(`${label}: ${message}`);
      return;
    }
    const rule = toRule(parsed.data, options.defaultStatus ?? 'draft', (m) => problems.push(`${label}: ${m}`));
    if (!rule) return;
    const first = seen.get(rule.id);
    if (first !== undefined) {
      problems.push(`${label}: id "${rule.id}" is already used by rules[${first}]; ids must be unique`);
      return;
    }
    seen.set(rule.id, index);
    rules.push(rule);
  });
  if (problems.length > 0) throw invalid(problems);
  return rules;
}

function targetEntry(t: RuleTarget): Record<string, unknown> {
  const target: Record<string, unknown> = { connection: t.connection };
  if (t.table !== undefined) target.table = t.table;
  if (t.query !== undefined) target.query = t.query;
  target.key = t.key;
  if (t.join !== undefined) target.join = t.join.map((j) => ({ table: j.table, on: printExpression(j.on), type: j.type }));
  if (t.watermark !== undefined) target.watermark = t.watermark;
  return target;
}

/** The file form of one rule, fields in a fixed order so exports diff well. */
/** A rule as an entry of a rule file (the form `rules import` reads), before it is written as YAML. */
export function ruleToFileEntry(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = { id: rule.id, title: rule.title };
  if (rule.description !== undefined) out.description = rule.description;
  out.severity = rule.severity;
  out.status = rule.status;
  out.origin = rule.origin;
  out.version = rule.version;
  if (rule.confidence !== undefined) out.confidence = rule.confidence;
  if (rule.tags !== undefined) out.tags = rule.tags;
  if (rule.source !== undefined) {
    out.source = { policy_id: rule.source.policyId, page: rule.source.page, quote: rule.source.quote };
  }
  out.target = targetEntry(rule.target);
  if (rule.mappings !== undefined && rule.mappings.length > 0) out.also_on = rule.mappings.map(targetEntry);
  if (rule.groupBy !== undefined) out.group_by = rule.groupBy;
  if (rule.when !== undefined) out.when = printExpression(rule.when);
  if (rule.require !== undefined) out.require = printExpression(rule.require);
  if (rule.violation !== undefined) out.violation = printExpression(rule.violation);
  return out;
}

/** Writes rules as a rule file (YAML) that parseRuleFile reads back to the same rules. */
export function printRuleFile(rules: Rule[]): string {
  const doc = new Document({ rules: rules.map(ruleToFileEntry) });
  // Short lists of names (key, group_by, tags) read best on one line: key: [id].
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
