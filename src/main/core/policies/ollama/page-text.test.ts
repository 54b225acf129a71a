import { describe, expect, it } from 'vitest';
import { chunkText, estimateTokens, normaliseWhitespace, quoteOccursOn } from './page-text.js';

describe('quoteOccursOn', () => {
  const page = 'Expenses over $75 must be supported\nby an itemised   receipt. Mileage may be claimed.';
  it('finds a quote across line breaks and extra spaces', () => {
    expect(quoteOccursOn('Expenses over $75 must be supported by an itemised receipt.', page)).toBe(true);
  });
  it('rejects a paraphrase, a changed number and an empty quote', () => {
    expect(quoteOccursOn('Expenses above $75 need a receipt.', page)).toBe(false);
    expect(quoteOccursOn('Expenses over $50 must be supported', page)).toBe(false);
    expect(quoteOccursOn('  ', page)).toBe(false);
  });
  it('normalises whitespace only, not case', () => {
    expect(normaliseWhitespace(' a\n\tb  c ')).toBe('a b c');
    expect(quoteOccursOn('expenses over $75', page)).toBe(false);
  });
});

describe('chunkText', () => {
  it('keeps a short page whole', () => {
    expect(chunkText('One rule. Two rules.', 100)).toEqual(['One rule. Two rules.']);
  });
  it('cuts after sentences, never longer than the limit, losing no words', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Rule number ${i} must be followed.`);
    const text = sentences.join(' ');
    const chunks = chunkText(text, 120);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(120);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(text);
  });
  it('cuts a text without boundaries at the limit', () => {
    const chunks = chunkText('x'.repeat(250), 100);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
  });
  it('estimates about four characters a token', () => {
    expect(estimateTokens('x'.repeat(400))).toBe(100);
  });
});
