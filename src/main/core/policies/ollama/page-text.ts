/** Collapses runs of whitespace (line breaks included) to one space, as PDF text wraps anywhere. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** True when `quote` occurs in `pageText`, ignoring differences in whitespace only. */
export function quoteOccursOn(quote: string, pageText: string): boolean {
  const q = normaliseWhitespace(quote);
  return q !== '' && normaliseWhitespace(pageText).includes(q);
}

/** Rough token count for sizing prompts: about four characters a token for English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Splits a page into pieces of at most `maxChars`, cutting after a sentence or a line where
 * possible so that a quote is rarely split between two pieces.
 */
export function chunkText(text: string, maxChars: number): string[] {
  if (maxChars < 1) throw new RangeError('maxChars must be positive');
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const minCut = Math.floor(maxChars / 2);
    let cut = -1;
    for (const boundary of [/\n\s*\n/g, /[.;:!?]\s/g, /\n/g, /\s/g]) {
      for (const m of window.matchAll(boundary)) {
        const end = m.index + m[0].length;
        if (end >= minCut) cut = end;
      }
      if (cut > 0) break;
    }
    if (cut <= 0) cut = maxChars;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}
