import type { RuleDraftMapping } from '../../../shared/api/rules.js';

/** One further place as the editor holds it: the key as typed; a query or joins from a rule file are kept as they are. */
export interface MappingForm {
  connection: string;
  table: string;
  /** Comma-separated column names; empty means the table's primary key. */
  key: string;
  query?: string;
  join?: RuleDraftMapping['join'];
}

export function emptyMapping(): MappingForm {
  return { connection: '', table: '', key: '' };
}

/** "a, b ,,c" → ["a", "b", "c"]: the comma lists of the rule forms (keys, tags). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function mappingFormFromDraft(mapping: RuleDraftMapping): MappingForm {
  return {
    connection: mapping.connection,
    table: mapping.table ?? '',
    key: (mapping.key ?? []).join(', '),
    ...(mapping.query !== undefined ? { query: mapping.query } : {}),
    ...(mapping.join !== undefined ? { join: mapping.join.map((j) => ({ ...j })) } : {}),
  };
}

/** The place the core checks: blanks left out, so a half-filled row gets the core's own message under it. */
export function mappingToDraft(form: MappingForm): RuleDraftMapping {
  const mapping: RuleDraftMapping = { connection: form.connection.trim() };
  if (form.table.trim() !== '') mapping.table = form.table.trim();
  if (form.query !== undefined && form.query.trim() !== '') mapping.query = form.query;
  const key = splitList(form.key);
  if (key.length > 0) mapping.key = key;
  if (form.join !== undefined && form.join.length > 0) mapping.join = form.join.map((j) => ({ ...j }));
  return mapping;
}

/** Changes one place; another connection has other tables, so its table and key start over. */
export function updateMapping(list: readonly MappingForm[], index: number, patch: Partial<MappingForm>): MappingForm[] {
  return list.map((m, i) => {
    if (i !== index) return m;
    const next = { ...m, ...patch };
    if (patch.connection !== undefined && patch.connection !== m.connection) {
      next.table = patch.table ?? '';
      next.key = patch.key ?? '';
    }
    if (patch.table !== undefined && patch.table !== m.table && patch.key === undefined) next.key = '';
    return next;
  });
}

export function removeMapping(list: readonly MappingForm[], index: number): MappingForm[] {
  return list.filter((_, i) => i !== index);
}

/** `Mapping #1 (north.expenses)`: the name the core's problems use for the same place. */
export function mappingLabel(mapping: MappingForm, index: number): string {
  if (mapping.connection.trim() === '') return `Mapping #${index + 1}`;
  const table = mapping.table.trim() !== '' ? mapping.table.trim() : 'query';
  return `Mapping #${index + 1} (${mapping.connection.trim()}.${table})`;
}
