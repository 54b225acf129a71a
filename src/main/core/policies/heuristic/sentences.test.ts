import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

const texts = (t: string): string[] => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('splits on sentence ends and keeps offsets verbatim', () => {
    const text = 'Expenses over $75 require a receipt.  Alcohol is not reimbursable! Why?';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Expenses over $75 require a receipt.',
      'Alcohol is not reimbursable!',
      'Why?',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not split inside abbreviations, amounts or section numbers', () => {
    expect(texts('Costs, e.g. airfare, need approval. Next one.')).toEqual(['Costs, e.g. airfare, need approval.', 'Next one.']);
    expect(texts('Items of $5,000.00 or more need the CFO. Done.')).toEqual(['Items of $5,000.00 or more need the CFO.', 'Done.']);
    expect(texts('Hotels in U.S. cities are capped. See Sec. 3.2 for contacts. End.')).toEqual([
      'Hotels in U.S. cities are capped.',
      'See Sec. 3.2 for contacts.',
      'End.',
    ]);
    expect(texts('The rate is $0.67 per mile. Ok.')).toEqual(['The rate is $0.67 per mile.', 'Ok.']);
  });

  it('treats a blank line as a boundary and a quoted end as part of the sentence', () => {
    expect(texts('A heading\n\nA "receipt." Then more.')).toEqual(['A heading', 'A "receipt."', 'Then more.']);
  });
});
