/** A sentence of a page, with its offsets so the quote stays verbatim page text. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Abbreviations whose period does not end a sentence (lower-cased, without the final period).
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'sec', 'secs', 'no', 'nos', 'art', 'para', 'p', 'pp', 'fig', 'approx', 'incl',
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'inc', 'ltd', 'co', 'corp', 'dept', 'u.s', 'u.k', 'e.u', 'a.m', 'p.m',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'min', 'max', 'ref', 'cf',
]);

function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1]!)) i--;
  return text.slice(i, dot).toLowerCase();
}

function isBoundary(text: string, i: number): boolean {
  const ch = text[i]!;
  if (ch === '\n' && text[i + 1] === '\n') return true;
  if (ch !== '.' && ch !== '!' && ch !== '?') return false;
  // A decimal point or a dotted number ("$0.67", "3.2") is not an end.
  if (/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) return false;
  let j = i + 1;
  while (j < text.length && /["'”’)\]]/.test(text[j]!)) j++;
  if (j < text.length && !/\s/.test(text[j]!)) return false;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (j >= text.length) return true;
  if (ch === '.') {
    const word = wordBefore(text, i);
    if (ABBREVIATIONS.has(word)) return false;
    // A single initial ("J. Smith") is not an end either.
    if (/^[a-z]$/.test(word) && /[A-Z]/.test(text[i - 1] ?? '')) return false;
    // The next sentence starts with a capital, a digit, a quote or a bracket.
    if (!/[A-Z0-9"'“‘(\[$]/.test(text[j]!)) return false;
  }
  return true;
}

/** Splits page text into sentences, never inside "e.g.", "$5,000.00", "U.S." or "Sec. 3.2". */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) sentences.push({ text: text.slice(s, e), start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    if (!isBoundary(text, i)) continue;
    let end = i + 1;
    while (end < text.length && /["'”’)\]]/.test(text[end]!)) end++;
    push(end);
    start = end;
  }
  push(text.length);
  return sentences;
}
