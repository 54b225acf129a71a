import type { RuleDraft, RuleDraftField, RuleProblem } from '../../../shared/api/rules.js';
import { AppError } from '../../../shared/errors.js';
import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { checkRule, closestNames, type RuleField } from '../rules/check.js';
import { withKey } from '../rules/import-rules.js';
import { buildScope, type RuleScope } from '../rules/scope.js';
import type { Source } from '../sources/source.js';
import type { ApiContext } from './api-context.js';
import { ruleFromDraft } from './rule-draft.js';
import { draftMappingProblems } from './draft-mappings-check.js';

/** A draft that passed every check, with its source still open for the caller (who closes it). */
export interface ValidDraft {
  rule: Rule;
  scope: RuleScope;
  source: Source;
}

interface Inspection {
  problems: RuleProblem[];
  valid: ValidDraft | null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checker messages start with `Rule "id": `; in the editor the rule is already on screen. */
function withoutRulePrefix(text: string): string {
  return text.replace(/^Rule "[^"]*": /, '');
}

function draftField(field: RuleField, text: string): RuleDraftField {
  switch (field) {
    case 'when':
    case 'require':
    case 'violation':
      return field;
    case 'target.key':
      return 'key';
    case 'group_by':
      return 'groupBy';
    case 'target.join': {
      const index = /join #(\d+)/.exec(text);
      return index ? `join.${Number(index[1]) - 1}.on` : 'join';
    }
    default: {
      const never: never = field;
      throw new Error(`unhandled rule field ${String(never)}`);
    }
  }
}

function fieldText(draft: RuleDraft, field: RuleDraftField): string | undefined {
  const join = /^join\.(\d+)\.on$/.exec(field);
  if (join) return draft.join?.[Number(join[1])]?.on;
  if (field === 'when' || field === 'require' || field === 'violation') return draft[field];
  return undefined;
}

/** Where the column a message names is written in the field, so the editor can underline it. */
function placeOfColumn(text: string | undefined, problem: string): { column: number; length: number } | undefined {
  const named = /column "([^"]+)"/.exec(problem);
  if (!text || !named) return undefined;
  const escaped = named[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\./g, '\\s*\\.\\s*');
  const found = new RegExp(`(?<![A-Za-z0-9_."])"?${escaped}"?(?![A-Za-z0-9_"])`, 'i').exec(text);
  return found ? { column: found.index + 1, length: found[0].length } : undefined;
}

function tableProblems(draft: RuleDraft, schema: SourceSchema): RuleProblem[] {
  const known = schema.tables.map((t) => t.name);
  const exists = (name: string): boolean => known.some((t) => t.toLowerCase() === name.trim().toLowerCase());
  const missing = (field: RuleDraftField, name: string): RuleProblem => {
    const close = closestNames(name.trim(), known);
    const hint = close.length > 0 ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : `its tables are ${known.slice(0, 12).join(', ') || '(none)'}`;
    return { field, message: `Table "${name.trim()}" does not exist in connection "${draft.connection}"; ${hint}` };
  };
  const problems: RuleProblem[] = [];
  if (typeof draft.table === 'string' && draft.table.trim() !== '' && !exists(draft.table)) problems.push(missing('table', draft.table));
  for (const join of Array.isArray(draft.join) ? draft.join : []) {
    if (typeof join?.table === 'string' && join.table.trim() !== '' && !exists(join.table)) problems.push(missing('join', join.table));
  }
  return problems;
}

async function schemaProblems(draft: RuleDraft, rule: Rule, source: Source, schema: SourceSchema): Promise<{ problems: RuleProblem[]; rule: Rule; scope: RuleScope | null }> {
  let keyed: Rule;
  try {
    keyed = withKey(rule, schema);
  } catch (error) {
    return { problems: [{ field: 'key', message: withoutRulePrefix(message(error)) }], rule, scope: null };
  }
  let scope: RuleScope;
  try {
    const queryColumns = keyed.target.query !== undefined ? await source.describeQuery(keyed.target.query) : undefined;
    scope = buildScope(keyed, schema, queryColumns);
  } catch (error) {
    const field = keyed.target.query !== undefined ? 'query' : 'table';
    return { problems: [{ field, message: withoutRulePrefix(message(error)) }], rule: keyed, scope: null };
  }
  const problems = checkRule(keyed, scope).map((p): RuleProblem => {
    const field = draftField(p.field, p.message);
    const text = withoutRulePrefix(p.message);
    return { field, message: text, ...(placeOfColumn(fieldText(draft, field), text) ?? {}) };
  });
  return { problems, rule: keyed, scope };
}

/** Every check a draft goes through: its shape, its connection, its tables, then types against the live schema. */
async function inspect(ctx: ApiContext, draft: RuleDraft, base: Rule | undefined, keepSource: boolean): Promise<Inspection> {
  const converted = ruleFromDraft(draft, base);
  const problems = [...converted.problems];
  const name = typeof draft?.connection === 'string' ? draft.connection.trim() : '';
  if (name === '') return { problems, valid: null };
  const connection = ctx.ws.connections.get(name);
  if (!connection) {
    const known = ctx.ws.connections.list().map((c) => c.name);
    problems.push({ field: 'connection', message: `There is no connection "${name}"; ${known.length > 0 ? `use one of ${known.join(', ')}` : 'add one on the Connections page first'}.` });
    return { problems, valid: null };
  }
  let source: Source;
  try {
    source = await ctx.openSource(connection.config);
  } catch (error) {
    problems.push({ field: 'connection', message: `Connection "${name}" cannot be opened: ${message(error)}` });
    return { problems, valid: null };
  }
  let handedOver = false;
  try {
    const schema = await source.schema();
    const missingTables = tableProblems(draft, schema);
    problems.push(...missingTables);
    if (converted.rule === null || missingTables.length > 0) return { problems, valid: null };
    const checked = await schemaProblems(draft, converted.rule, source, schema);
    problems.push(...checked.problems);
    const further = await draftMappingProblems(ctx, converted.rule);
    problems.push(...further.problems);
    if (problems.length > 0 || checked.scope === null || !keepSource) return { problems, valid: null };
    handedOver = true;
    const rule: Rule = further.mappings.length > 0 ? { ...checked.rule, mappings: further.mappings } : checked.rule;
    return { problems, valid: { rule, scope: checked.scope, source } };
  } catch (error) {
    problems.push({ field: 'connection', message: `Connection "${name}" could not be read: ${message(error)}` });
    return { problems, valid: null };
  } finally {
    if (!handedOver) await source.close();
  }
}

/** Every problem of a draft; never throws for a bad draft. */
export async function draftProblems(ctx: ApiContext, draft: RuleDraft, base?: Rule): Promise<RuleProblem[]> {
  return (await inspect(ctx, draft, base, false)).problems;
}

export function invalidDraft(problems: RuleProblem[]): AppError {
  const list = problems.map((p) => `- ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n');
  return new AppError('RULE_INVALID', `The rule has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n${list}`, { problems });
}

/**
 * Runs `use` with a valid draft and its open source (closed afterwards); throws RULE_INVALID with
 * `details.problems` (RuleProblem[]) for a bad draft.
 */
export async function withValidDraft<T>(ctx: ApiContext, draft: RuleDraft, base: Rule | undefined, use: (valid: ValidDraft) => Promise<T>): Promise<T> {
  const { problems, valid } = await inspect(ctx, draft, base, true);
  if (valid === null) throw invalidDraft(problems);
  try {
    return await use(valid);
  } finally {
    await valid.source.close();
  }
}
