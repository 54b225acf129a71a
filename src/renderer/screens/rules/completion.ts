/**
 * Column completion for rule-language fields: which identifier the caret is in, and which columns
 * of the target (or `table.column` of a joined table) could finish it. Pure, so it is tested
 * without a DOM.
 */

export interface CompletionTable {
  /** The table as the rule names it (`orders`, or a schema-qualified name). */
  name: string;
  columns: Array<{ name: string; type: string }>;
  /** The rule's own table: its columns are offered bare; joined tables' as `table.column`. */
  base: boolean;
}

export interface CompletionToken {
  /** Offset where the identifier being typed starts. */
  start: number;
  /** Offset of the caret (the end of the part typed so far). */
  end: number;
  prefix: string;
}

export interface CompletionItem {
  /** What is written into the field. */
  insert: string;
  /** The column's type, shown beside it. */
  detail: string;
}

const IDENT_CHAR = /[A-Za-z0-9_.]/;
const PLAIN_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words of the language that are never columns: typing one fully offers nothing. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false', 'between', 'like', 'matches', 'date', 'distinct']);

/** True when the caret sits inside a '…' string or a "…" quoted identifier. */
function insideQuotes(text: string, caret: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < caret; i++) {
    const ch = text[i];
    if (quote === null) {
      if (ch === "'" || ch === '"') quote = ch;
    } else if (ch === quote) {
      quote = null;
    }
  }
  return quote !== null;
}

/**
 * The identifier ending at the caret, or null where a column cannot be meant (inside quotes, a
 * number, nothing typed unless `explicit`, as when the user asks with Ctrl+Space).
 */
export function tokenAt(text: string, caret: number, explicit = false): CompletionToken | null {
  if (caret < 0 || caret > text.length) return null;
  if (insideQuotes(text, caret)) return null;
  // An identifier continuing after the caret is being edited in the middle: leave it alone.
  if (caret < text.length && /[A-Za-z0-9_]/.test(text[caret]!)) return null;
  let start = caret;
  while (start > 0 && IDENT_CHAR.test(text[start - 1]!)) start--;
  const prefix = text.slice(start, caret);
  if (prefix === '' && !explicit) return null;
  if (/^[0-9]/.test(prefix)) return null;
  return { start, end: caret, prefix };
}

function quoteIfNeeded(name: string): string {
  return PLAIN_IDENT.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Columns that finish `prefix`, best first (bare base columns, then joined `table.column`), at most `limit`. */
export function completionsFor(prefix: string, tables: CompletionTable[], limit = 12): CompletionItem[] {
  const wanted = prefix.toLowerCase();
  if (KEYWORDS.has(wanted)) return [];
  const dot = wanted.indexOf('.');
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (insert: string, detail: string): void => {
    const lower = insert.toLowerCase();
    // Nothing to complete when the text already is this column.
    if (lower === wanted || seen.has(lower)) return;
    seen.add(lower);
    items.push({ insert, detail });
  };
  const ordered = [...tables].sort((a, b) => Number(b.base) - Number(a.base));
  for (const table of ordered) {
    const tableName = table.name.toLowerCase();
    for (const column of table.columns) {
      const col = column.name.toLowerCase();
      const qualified = `${quoteIfNeeded(table.name)}.${quoteIfNeeded(column.name)}`;
      if (dot >= 0) {
        if (`${tableName}.${col}`.startsWith(wanted)) add(qualified, column.type);
      } else if (table.base) {
        if (col.startsWith(wanted)) add(quoteIfNeeded(column.name), column.type);
      } else if (col.startsWith(wanted) || tableName.startsWith(wanted)) {
        add(qualified, column.type);
      }
    }
  }
  return items.slice(0, limit);
}

/** The field's text with the token replaced by `insert`, and where the caret goes. */
export function applyCompletion(text: string, token: CompletionToken, insert: string): { text: string; caret: number } {
  const next = text.slice(0, token.start) + insert + text.slice(token.end);
  return { text: next, caret: token.start + insert.length };
}

/** The next highlighted index when moving by `delta` through `count` items, wrapping around. */
export function moveActive(active: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  return (((active + delta) % count) + count) % count;
}
