import type { ColumnInfo, TableInfo } from '../../../shared/schema.js';

/** Tables whose name (or one of whose column names) contains the query, case-insensitively; name matches first. */
export function filterTables(tables: readonly TableInfo[], query: string): TableInfo[] {
  const q = query.trim().toLowerCase();
  const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  if (q === '') return sorted;
  const byName = sorted.filter((t) => t.name.toLowerCase().includes(q));
  const byColumn = sorted.filter((t) => !byName.includes(t) && t.columns.some((c) => c.name.toLowerCase().includes(q)));
  return [...byName, ...byColumn];
}

export interface ColumnRow extends ColumnInfo {
  /** 1-based position in the primary key, or null. */
  keyPosition: number | null;
}

/** A table's columns with their primary-key position, key columns first in key order. */
export function columnRows(table: TableInfo): ColumnRow[] {
  const rows = table.columns.map((c) => {
    const index = table.primaryKey.indexOf(c.name);
    return { ...c, keyPosition: index >= 0 ? index + 1 : null };
  });
  const rank = (r: ColumnRow) => r.keyPosition ?? Number.MAX_SAFE_INTEGER;
  // Stable: non-key columns keep the table's own order.
  return rows.sort((a, b) => rank(a) - rank(b));
}
