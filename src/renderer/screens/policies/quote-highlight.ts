/** Where a quote sits in a page's text, as character offsets into that text. */
export interface QuoteRange {
  start: number;
  end: number;
}

export interface TextSegment {
  text: string;
  mark: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Typographic quotes and dashes that PDF text and a model's copy of it often disagree on. */
function loosen(token: string): string {
  return escapeRegExp(token)
    .replace(/['‘’]/g, "['‘’]")
    .replace(/["“”]/g, '["“”]')
    .replace(/[-‐‑–—]/g, '[-‐‑–—]');
}

/**
 * Finds a quote in a page's text although line breaks, runs of spaces or hyphenated line ends
 * differ between the two: words must follow each other, whatever whitespace is between them.
 * Tries exact case first, then ignoring case; null when the quote is not on the page.
 */
export function findQuote(text: string, quote: string): QuoteRange | null {
  const tokens = quote.split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return null;
  const source = tokens.map(loosen).join('\\s+');
  // A word broken at the end of a line ("with-\nout") is still the quote's word "without".
  const joinedSource = tokens.map((t) => [...t].map((ch) => loosen(ch)).join('(?:-\\s*\\n\\s*)?')).join('\\s+');
  for (const pattern of [source, joinedSource]) {
    for (const flags of ['u', 'iu']) {
      const match = new RegExp(pattern, flags).exec(text);
      if (match) return { start: match.index, end: match.index + match[0].length };
    }
  }
  return null;
}

/** The text cut into plain and marked pieces, for rendering with <mark>. */
export function highlightSegments(text: string, range: QuoteRange | null): TextSegment[] {
  if (!range || range.start >= range.end) return [{ text, mark: false }];
  const pieces: TextSegment[] = [
    { text: text.slice(0, range.start), mark: false },
    { text: text.slice(range.start, range.end), mark: true },
    { text: text.slice(range.end), mark: false },
  ];
  return pieces.filter((p) => p.text !== '');
}
