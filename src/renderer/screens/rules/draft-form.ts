import type { RuleDraft, RuleDraftField, RuleProblem } from '../../../shared/api/rules.js';
import type { Severity } from '../../../shared/rule.js';
import { mappingFormFromDraft, mappingToDraft, splitList, type MappingForm } from './mapping-form.js';

export { splitList };

/** The editor's state: every field as the text in its input, so typing never loses anything. */
export interface DraftForm {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  connection: string;
  table: string;
  query: string;
  /** Comma-separated column names. */
  key: string;
  joins: Array<{ table: string; on: string; type: 'inner' | 'left' }>;
  when: string;
  /** Which of the two forms the rule is written in. */
  mode: 'require' | 'violation';
  require: string;
  violation: string;
  /** Comma-separated column names. */
  groupBy: string;
  tags: string;
  /** Further places the rule reads (`also_on`), edited under "Also check on"; absent or empty for a rule with one place. */
  mappings?: MappingForm[];
}

export function emptyForm(connection = ''): DraftForm {
  return {
    id: '',
    title: '',
    description: '',
    severity: 'medium',
    connection,
    table: '',
    query: '',
    key: '',
    joins: [],
    when: '',
    mode: 'require',
    require: '',
    violation: '',
    groupBy: '',
    tags: '',
  };
}


export function formFromDraft(draft: RuleDraft): DraftForm {
  return {
    id: draft.id,
    title: draft.title,
    description: draft.description ?? '',
    severity: draft.severity,
    connection: draft.connection,
    table: draft.table ?? '',
    query: draft.query ?? '',
    key: (draft.key ?? []).join(', '),
    joins: (draft.join ?? []).map((j) => ({ ...j })),
    when: draft.when ?? '',
    mode: draft.violation !== undefined && draft.violation.trim() !== '' ? 'violation' : 'require',
    require: draft.require ?? '',
    violation: draft.violation ?? '',
    groupBy: (draft.groupBy ?? []).join(', '),
    tags: (draft.tags ?? []).join(', '),
    ...(draft.mappings !== undefined && draft.mappings.length > 0 ? { mappings: draft.mappings.map(mappingFormFromDraft) } : {}),
  };
}

/** The draft the core checks: blank fields left out, lists split, only the chosen form of the rule. */
export function draftFromForm(form: DraftForm): RuleDraft {
  const draft: RuleDraft = {
    id: form.id.trim(),
    title: form.title,
    severity: form.severity,
    connection: form.connection,
  };
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K] | undefined): void => {
    if (value !== undefined) draft[key] = value;
  };
  set('description', text(form.description));
  set('table', text(form.table)?.trim());
  set('query', text(form.query));
  const key = splitList(form.key);
  if (key.length > 0) draft.key = key;
  if (form.joins.length > 0) draft.join = form.joins.map((j) => ({ table: j.table.trim(), on: j.on, type: j.type }));
  set('when', text(form.when));
  if (form.mode === 'require') set('require', text(form.require));
  else set('violation', text(form.violation));
  const groupBy = splitList(form.groupBy);
  if (groupBy.length > 0) draft.groupBy = groupBy;
  const tags = splitList(form.tags);
  if (tags.length > 0) draft.tags = tags;
  if (form.mappings !== undefined && form.mappings.length > 0) draft.mappings = form.mappings.map(mappingToDraft);
  return draft;
}

/** Where the editor shows problems: under their field, or in one list at the top for the rest. */
export type ProblemSlot = RuleDraftField | 'general';

export function problemsByField(problems: RuleProblem[], shown: ReadonlySet<ProblemSlot>): Map<ProblemSlot, RuleProblem[]> {
  const map = new Map<ProblemSlot, RuleProblem[]>();
  for (const problem of problems) {
    const slot: ProblemSlot = problem.field !== null && shown.has(problem.field) ? problem.field : 'general';
    const list = map.get(slot);
    if (list) list.push(problem);
    else map.set(slot, [problem]);
  }
  return map;
}

/** The fields of the editor that show their own problems; the join fields are added per join. */
export function shownFields(form: DraftForm, isNew: boolean): Set<ProblemSlot> {
  const fields: ProblemSlot[] = ['title', 'description', 'severity', 'connection', 'table', 'query', 'key', 'join', 'when', form.mode, 'groupBy', 'tags'];
  if (isNew) fields.push('id');
  form.joins.forEach((_, i) => fields.push(`join.${i}.on`));
  if (form.mappings !== undefined && form.mappings.length > 0) {
    fields.push('mappings');
    form.mappings.forEach((_, i) => fields.push(`mappings.${i}`));
  }
  return new Set(fields);
}

/** The id a new rule gets from its title, so a user need not invent one. */
export function suggestId(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
