import type { Measure, MeasureKind, MeasureOp } from './clause.js';

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, ninety: 90, hundred: 100,
};
const NUMBER = `(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|${Object.keys(WORD_NUMBERS).join('|')})(?:\\s*\\(\\d+\\))?`;

interface Quantity {
  kind: MeasureKind;
  value: number;
  start: number;
  end: number;
}

const QUANTITY_PATTERNS: Array<{ re: RegExp; kind: (unit: string) => MeasureKind | null; scale: (unit: string) => number }> = [
  { re: new RegExp(`\\$\\s?${NUMBER}`, 'gi'), kind: () => 'money', scale: () => 1 },
  { re: new RegExp(`${NUMBER}\\s?(%|percent\\b)`, 'gi'), kind: () => 'percent', scale: () => 1 },
  {
    re: new RegExp(`\\b${NUMBER}\\s+(?:business\\s+|calendar\\s+|working\\s+)?(days?|weeks?|months?|years?)\\b`, 'gi'),
    kind: (unit) => (unit.startsWith('year') ? 'years' : 'days'),
    // A month is counted as 30 days; whole years of months become years below.
    scale: (unit) => (unit.startsWith('week') ? 7 : unit.startsWith('month') ? 30 : 1),
  },
  { re: new RegExp(`\\b${NUMBER}\\s+(?=[a-z])`, 'gi'), kind: () => 'count', scale: () => 1 },
];

function toNumber(text: string): number {
  const lower = text.toLowerCase();
  return WORD_NUMBERS[lower] ?? Number(lower.replace(/,/g, ''));
}

function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const pattern of QUANTITY_PATTERNS) {
    for (const m of text.matchAll(pattern.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((q) => start < q.end && end > q.start)) continue;
      const unit = (m[2] ?? '').toLowerCase();
      const kind = pattern.kind(unit);
      if (kind === null) continue;
      const n = toNumber(m[1]!);
      if (unit.startsWith('month') && n % 12 === 0) found.push({ kind: 'years', value: n / 12, start, end });
      else found.push({ kind, value: n * pattern.scale(unit), start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// Checked in order against the words right after the quantity, then right before it.
const AFTER: Array<[RegExp, MeasureOp]> = [
  [/^\s*(or|and)\s+(more|greater|higher|above|over|longer)\b/i, '>='],
  [/^\s*(or|and)\s+(less|fewer|lower|below|under)\b/i, '<='],
];
const BEFORE: Array<[RegExp, MeasureOp]> = [
  [/\bat\s+least\s+(every|once\s+every)\s*$/i, '<='],
  [/\b(every|once\s+every)\s*$/i, '<='],
  [/\b(not|never)\s+(to\s+)?(be\s+)?(exceed|more\s+than|greater\s+than|over|above)\s*$/i, '<='],
  [/\b(no|not)\s+(more|greater|higher|longer)\s+than\s*$/i, '<='],
  [/\b(up\s+to|at\s+most|a\s+maximum\s+of|maximum\s+of|limited\s+to|capped\s+at|less\s+than\s+or\s+equal\s+to)\s*$/i, '<='],
  [/\b(within|no\s+later\s+than|not\s+later\s+than)(\s+the\s+first)?\s*$/i, '<='],
  [/\b(at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than)\s*$/i, '>='],
  [/\b(more\s+than|greater\s+than|over|above|exceeding|exceeds?|in\s+excess\s+of|older\s+than|longer\s+than|after)\s*$/i, '>'],
  [/\binactive\s+(for\s+)?(more\s+than\s+)?$/i, '>'],
  [/\b(less\s+than|fewer\s+than|under|below|younger\s+than|shorter\s+than|earlier\s+than)\s*$/i, '<'],
];

/**
 * The quantities of a sentence that carry a comparison ("over $75" → `> 75`), in sentence order.
 * A bare number ("Two employees") is not a measure: without a comparison there is no threshold.
 */
export function extractMeasures(sentence: string): Measure[] {
  const measures: Measure[] = [];
  for (const q of findQuantities(sentence)) {
    const after = sentence.slice(q.end, q.end + 20);
    const afterHit = AFTER.find(([re]) => re.test(after));
    if (afterHit) {
      const m = after.match(afterHit[0])!;
      measures.push({ kind: q.kind, op: afterHit[1], value: q.value, phrase: sentence.slice(q.start, q.end + m[0].length).trim() });
      continue;
    }
    const before = sentence.slice(Math.max(0, q.start - 40), q.start);
    const beforeHit = BEFORE.find(([re]) => re.test(before));
    if (beforeHit) {
      const m = before.match(beforeHit[0])!;
      const phraseStart = q.start - (before.length - m.index!);
      measures.push({ kind: q.kind, op: beforeHit[1], value: q.value, phrase: sentence.slice(phraseStart, q.end).trim() });
    }
  }
  return measures;
}
