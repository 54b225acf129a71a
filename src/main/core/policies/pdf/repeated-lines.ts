/**
 * Running headers and footers ("Company Confidential", "Page 3 of 10") are noise for rule finding
 * and would make one quote look like it is on every page. A line is one when the same text (digits
 * aside) sits among the first or last lines of most pages.
 */
import type { TextLine } from './text-layout.js';

/** How many lines at each end of a page count as "near the top/bottom" for identical text... */
const EDGE_LINES = 3;
/** ...and for text that differs only in its digits ("Page 3 of 10"), which must be the outermost line, so
 * a heading like "Section 4" near the top of many pages survives. */
const NUMBERED_EDGE_LINES = 1;
const MIN_PAGES = 3;
const MIN_SHARE = 0.6;

function exactKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Digits replaced so page numbers and dates still match; case and spacing ignored. */
export function lineKey(text: string): string {
  return `#:${exactKey(text.replace(/\d+/g, '#'))}`;
}

function isEdge(index: number, count: number, edge: number): boolean {
  return index < edge || index >= count - edge;
}

/** The keys under which a line may repeat across pages. */
function keysOf(lines: TextLine[], index: number): string[] {
  const keys: string[] = [];
  if (isEdge(index, lines.length, EDGE_LINES)) keys.push(exactKey(lines[index].text));
  if (isEdge(index, lines.length, NUMBERED_EDGE_LINES) && /\d/.test(lines[index].text)) keys.push(lineKey(lines[index].text));
  return keys;
}

export function dropRepeatedLines(pages: TextLine[][]): TextLine[][] {
  if (pages.length < MIN_PAGES) return pages;
  const pagesWithKey = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set(lines.flatMap((_, i) => keysOf(lines, i)));
    for (const key of keys) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const needed = Math.ceil(MIN_SHARE * pages.length);
  const repeated = new Set([...pagesWithKey].filter(([key, count]) => key.length > 0 && count >= needed).map(([key]) => key));
  if (repeated.size === 0) return pages;
  return pages.map((lines) => peel(lines, (i) => keysOf(lines, i).some((key) => repeated.has(key))));
}

/** A running header or footer stands apart from the body by more than this share of the font size. */
const APART = 1.5;

function apart(a: TextLine, b: TextLine): boolean {
  return Math.abs(a.y - b.y) > APART * Math.max(a.size, b.size);
}

/**
 * Running lines are the outermost ones and stand apart from the body: drop repeated lines from the top
 * down and from the bottom up, stopping at the first line that is not repeated, and keep any that
 * sit on the body's line spacing (a boilerplate sentence ending the last paragraph is body text).
 */
function peel(lines: TextLine[], isRepeated: (index: number) => boolean): TextLine[] {
  let top = 0;
  while (top < Math.min(EDGE_LINES, lines.length) && isRepeated(top)) top++;
  while (top > 0 && top < lines.length && !apart(lines[top - 1], lines[top])) top--;
  let bottom = lines.length;
  while (bottom > Math.max(top, lines.length - EDGE_LINES) && isRepeated(bottom - 1)) bottom--;
  while (bottom < lines.length && bottom > top && !apart(lines[bottom - 1], lines[bottom])) bottom++;
  return lines.slice(top, bottom);
}
