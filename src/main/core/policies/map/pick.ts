import type { ColumnInfo, TableInfo, ValueType } from '../../../../shared/schema.js';
import { COLUMN_ROLES, TABLE_SYNONYMS, singular, type ColumnRole } from './synonyms.js';

export type Pick<T> = { ok: true; value: T } | { ok: false; problem: string };

const tokens = (name: string): string[] => name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(singular);
const bareName = (table: string): string => table.split('.').pop() ?? table;

function groupOf(word: string): number {
  return TABLE_SYNONYMS.findIndex((g) => g.some((s) => s === word || s.split('_').includes(word)));
}

function tableScore(subjectWords: string[], table: string): number {
  const tableWords = tokens(bareName(table));
  const joined = tableWords.join('_');
  const head = subjectWords[subjectWords.length - 1];
  let score = 0;
  for (const word of subjectWords) {
    const weight = word === head ? 2 : 1;
    if (joined === word) score += 10 * weight;
    else if (tableWords.includes(word)) score += 5 * weight;
    else {
      const group = groupOf(word);
      if (group >= 0 && (groupOf(joined) === group || tableWords.some((t) => groupOf(t) === group))) score += 3 * weight;
    }
  }
  return score;
}

/** The table a subject ("expense reports", "user accounts") is about, by name, number and synonyms. */
export function pickTable(subject: string, tables: TableInfo[]): Pick<TableInfo> {
  const words = tokens(subject);
  const names = tables.map((t) => t.name).join(', ');
  if (words.length === 0) return { ok: false, problem: `no subject found in the sentence to match a table (tables: ${names})` };
  const scored = tables.map((t) => ({ t, score: tableScore(words, t.name) })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score);
  if (scored.length === 0) return { ok: false, problem: `no table for '${subject}' (tables: ${names})` };
  const best = scored.filter((s) => s.score === scored[0]!.score);
  if (best.length > 1) return { ok: false, problem: `ambiguous table for '${subject}': ${best.map((s) => s.t.name).join(' or ')}` };
  return { ok: true, value: best[0]!.t };
}

function matchesWord(column: string, word: string): boolean {
  const lower = column.toLowerCase();
  return lower === word || tokens(lower).join('_') === word || tokens(lower).includes(word);
}

/** A column of `table` for a role, by name tiers and allowed types. */
export function pickColumn(table: TableInfo, role: ColumnRole, types: ValueType[], label: string = role): Pick<ColumnInfo> {
  return pickByWords(table, COLUMN_ROLES[role], types, label);
}

export function pickByWords(table: TableInfo, tiers: readonly (readonly string[])[], types: ValueType[], label: string): Pick<ColumnInfo> {
  for (const tier of tiers) {
    const hits = table.columns.filter((c) => types.includes(c.type) && tier.some((w) => matchesWord(c.name, w)));
    if (hits.length === 1) return { ok: true, value: hits[0]! };
    if (hits.length > 1) return { ok: false, problem: `ambiguous: ${hits.map((c) => c.name).join(' or ')} for '${label}' in table ${table.name}` };
  }
  const columns = table.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  return { ok: false, problem: `no column for '${label}' in table ${table.name} (columns: ${columns})` };
}
