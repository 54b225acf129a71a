import type { SourceSchema } from '../../../shared/schema.js';
import type { CompletionTable } from './completion.js';

/** What completion offers: the base table's columns bare, each joined table's qualified. */
export function completionTables(schema: SourceSchema | null, table: string, joins: string[]): CompletionTable[] {
  if (!schema) return [];
  const find = (name: string) => schema.tables.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());
  const result: CompletionTable[] = [];
  const base = find(table);
  if (base) result.push({ name: base.name, base: true, columns: base.columns.map((c) => ({ name: c.name, type: c.type })) });
  for (const name of joins) {
    const joined = find(name);
    if (joined && joined !== base) result.push({ name: joined.name, base: false, columns: joined.columns.map((c) => ({ name: c.name, type: c.type })) });
  }
  return result;
}
