import type { RuleDraft } from '../../../shared/api/rules.js';

export interface DraftLine {
  field: string;
  label: string;
  value: string;
}

const FIELDS: Array<{ field: keyof RuleDraft; label: string }> = [
  { field: 'title', label: 'Title' },
  { field: 'description', label: 'Description' },
  { field: 'severity', label: 'Severity' },
  { field: 'connection', label: 'Connection' },
  { field: 'table', label: 'Table' },
  { field: 'query', label: 'Query' },
  { field: 'key', label: 'Key' },
  { field: 'join', label: 'Joins' },
  { field: 'when', label: 'When' },
  { field: 'require', label: 'Require' },
  { field: 'violation', label: 'Violation' },
  { field: 'groupBy', label: 'Group by' },
  { field: 'tags', label: 'Tags' },
  { field: 'mappings', label: 'Also on' },
];

function show(draft: RuleDraft, field: keyof RuleDraft): string {
  switch (field) {
    case 'key':
    case 'groupBy':
    case 'tags':
      return (draft[field] ?? []).join(', ');
    case 'join':
      return (draft.join ?? []).map((j) => `${j.type} join ${j.table} on ${j.on}`).join('\n');
    case 'mappings':
      return (draft.mappings ?? []).map((m) => `${m.connection}.${m.table ?? 'query'}`).join('\n');
    case 'id':
    case 'title':
    case 'description':
    case 'severity':
    case 'connection':
    case 'table':
    case 'query':
    case 'when':
    case 'require':
    case 'violation':
      return draft[field] ?? '';
    default: {
      const never: never = field;
      throw new Error(`unknown draft field ${String(never)}`);
    }
  }
}

/** A version as readable lines, leaving out fields it does not use. */
export function draftLines(draft: RuleDraft): DraftLine[] {
  return FIELDS.map(({ field, label }) => ({ field, label, value: show(draft, field) })).filter((line) => line.value !== '');
}

export interface DraftChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The fields that differ from `older` to `newer`. */
export function diffDrafts(older: RuleDraft, newer: RuleDraft): DraftChange[] {
  const changes: DraftChange[] = [];
  for (const { field, label } of FIELDS) {
    const before = show(older, field);
    const after = show(newer, field);
    if (before !== after) changes.push({ field, label, before, after });
  }
  return changes;
}
